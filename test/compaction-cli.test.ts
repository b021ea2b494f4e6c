// `relaycheck run` picks the compaction path from the user's provider: --provider-name for a plain
// run, the provider's name under --codex-config (the built-in one aimed at a relay with
// openai_base_url is "OpenAI"), and makes that path's checks required.
import { describe, expect, it } from 'vitest';
import { startedRelays } from './helpers/started-relays.ts';
import type { RunReport } from '../harness/report/model.ts';
import { CheckId } from '../harness/checks/ids.ts';
import { runMain } from './helpers/run-main.ts';
import { apiKeyAuth, makeCodexHome, relayConfig, type TempCodexHome } from './helpers/codex-home.ts';

const KEY = 'sk-test-compaction-cli-0123456789';
const { cleanup, relay } = startedRelays();

async function home(config: string): Promise<TempCodexHome> {
  const made = await makeCodexHome({ config, auth: apiKeyAuth(KEY) });
  cleanup.push(made.remove);
  return made;
}

/** main() in this process with exactly this environment (a Codex home, no real ~/.codex). */
const runIn = (args: string[], env: NodeJS.ProcessEnv) => runMain(args, { env: env as Record<string, string>, inheritEnv: false });
const JSON_OUT = ['--format', 'json', '--out', '-', '--no-retries'];
const parse = (stdout: string) => JSON.parse(stdout) as RunReport;
const severityOf = (report: RunReport, caseId: string) => report.cases.find((c) => c.id === caseId)!.checks[0]!.severity;

describe('run: the compaction path from the user provider', () => {
  it('--provider-name OpenAI: remote compaction is required, and a relay that answers it with text fails the run', async () => {
    const { baseUrl } = await relay('compaction-answered-with-text');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'compaction', '--provider-name', 'OpenAI', ...JSON_OUT]);
    expect(result.code).toBe(1);
    const report = parse(result.stdout);
    expect(report.codex?.compactionPath).toBe('remote');
    expect(severityOf(report, 'compaction.remote')).toBe('required');
    expect(severityOf(report, 'compaction.local')).toBe('recommended');
    expect(report.verdict.reasons.join('\n')).toMatch(new RegExp(`compaction.remote: ${CheckId.compactionRemoteItem}`));
  });

  it('--provider-name for any other name: the same relay breaks nothing that Codex does', async () => {
    const { baseUrl } = await relay('compaction-answered-with-text');
    const result = await runMain(['run', '--base-url', baseUrl, '--api-key', KEY, '--suite', 'compaction', '--provider-name', 'My Relay', ...JSON_OUT]);
    expect(result.code).toBe(0);
    const report = parse(result.stdout);
    expect(report.codex?.compactionPath).toBe('local');
    expect(report.verdict.codex).toBe('compatible');
    expect(report.verdict.spec).toBe('deviations');
  });

  it('--codex-config with the built-in provider and openai_base_url: remote, as Codex does', async () => {
    const { baseUrl } = await relay('compaction-trigger-404');
    const codexHome = await home(`model = "gpt-5.5"\nopenai_base_url = "${baseUrl}"\n`);
    const result = await runIn(['run', '--codex-config', '--suite', 'compaction', ...JSON_OUT], codexHome.env());
    expect(result.code, result.stderr).toBe(1);
    const report = parse(result.stdout);
    expect(report.codex?.compactionPath).toBe('remote');
    expect(report.cases.find((c) => c.id === 'compaction.remote')!.checks[0]).toMatchObject({ id: CheckId.compactionRemoteItem, severity: 'required', status: 'fail' });
  });

  it('--codex-config with a provider of another name: local, and the whole default run adds the compaction suite', async () => {
    const { baseUrl } = await relay('reference');
    const codexHome = await home(relayConfig({ baseUrl, envKey: 'RELAY_KEY', model: 'gpt-5.5' }));
    const result = await runIn(['run', '--codex-config', ...JSON_OUT], codexHome.env({ RELAY_KEY: KEY }));
    expect(result.code, result.stderr).toBe(0);
    const report = parse(result.stdout);
    expect(report.codex?.compactionPath).toBe('local');
    expect(report.cases.filter((c) => c.suite === 'compaction').map((c) => c.id)).toEqual(['compaction.remote', 'compaction.after-remote', 'compaction.local']);
    expect(severityOf(report, 'compaction.local')).toBe('required');
  });

  it('--provider-name next to --codex-config is a usage error', async () => {
    const codexHome = await home(relayConfig({ baseUrl: 'http://127.0.0.1:9/v1', envKey: 'RELAY_KEY' }));
    const result = await runIn(['run', '--codex-config', '--provider-name', 'OpenAI'], codexHome.env({ RELAY_KEY: KEY }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--provider-name is for runs without --codex-config/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
