// Records one scenario: the real Codex CLI, with a temporary CODEX_HOME, against a capture relay on
// loopback; every request it sends becomes a normalized fixture (or, for a `sameAs` slot, a request
// that must equal a fixture another scenario records).
import type { CodexInstall } from '../codex/install-codex.ts';
import { runCodexExec } from '../codex/run-codex-exec.ts';
import type { Fixture } from '../replay/fixture.ts';
import { startCaptureRelay, type CapturedRequest } from './capture-relay.ts';
import { toFixture } from './fixture-writer.ts';
import type { RecordingScenario } from './scenarios.ts';

const KEY = 'sk-test-recording-0000000000';

export interface ScenarioRecording {
  /** One per fixture id the scenario names, in order. */
  fixtures: Fixture[];
  /** Requests that must equal another scenario's fixture, normalized the same way. */
  repeats: Array<{ sameAs: string; fixture: Fixture }>;
}

export async function recordScenario(codex: CodexInstall, scenario: RecordingScenario, recordedAt = new Date().toISOString().slice(0, 10)): Promise<ScenarioRecording> {
  const { binary } = codex;
  const captured: CapturedRequest[] = [];
  const relay = await startCaptureRelay({ onRequest: (r) => captured.push(r), models: [scenario.model], ...(scenario.answer ? { answer: scenario.answer } : {}), ...(scenario.websocket && { websocket: true }) });
  try {
    const outcome = await runCodexExec({
      binary,
      baseUrl: `${relay.url}/v1`,
      apiKey: KEY,
      model: scenario.model,
      prompt: scenario.prompt,
      timeoutMs: 60_000,
      ...(scenario.followUpPrompts ? { followUpPrompts: scenario.followUpPrompts } : {}),
      ...(scenario.sandbox ? { sandbox: scenario.sandbox } : {}),
      ...(scenario.config ? { config: scenario.config } : {}),
      ...(scenario.provider ? { provider: scenario.provider } : {}),
      ...(scenario.images && { images: scenario.images }),
    });
    if (outcome.exitCode !== 0 || captured.length !== scenario.requests.length) {
      const why = outcome.turnFailed ?? (outcome.timedOut ? 'timed out' : outcome.stderrTail.slice(-300));
      throw new Error(`scenario "${scenario.name}": Codex sent ${captured.length} request(s), expected ${scenario.requests.length} (exit ${outcome.exitCode}: ${why})`);
    }
  } finally {
    await relay.close();
  }
  const provenance = { scenario: scenario.name, command: scenarioCommand(scenario), recordedAt };
  const recording: ScenarioRecording = { fixtures: [], repeats: [] };
  scenario.requests.forEach((slot, i) => {
    if (typeof slot !== 'string' && 'unsaved' in slot) return;
    const id = typeof slot === 'string' ? slot : slot.sameAs;
    const fixture = toFixture(id, captured[i]!, provenance);
    // Provenance comes from the request itself: it must name the binary that was run.
    if (fixture.provenance.codexVersion !== codex.version) {
      throw new Error(`scenario "${scenario.name}": Codex ${codex.version} sent a request naming version ${fixture.provenance.codexVersion} in its user-agent`);
    }
    if (typeof slot === 'string') recording.fixtures.push(fixture);
    else recording.repeats.push({ sameAs: slot.sameAs, fixture });
  });
  return recording;
}

/** How Codex was run, for the fixture's provenance (the driver adds the loopback provider and dirs). */
export function scenarioCommand(scenario: RecordingScenario): string {
  const flags = [
    'codex exec --json --skip-git-repo-check',
    ...(scenario.followUpPrompts?.length ? [] : ['--ephemeral']),
    ...(scenario.sandbox ? [`--sandbox ${scenario.sandbox}`] : []),
    ...(scenario.provider === 'built-in' ? ['-c openai_base_url=<relay>'] : scenario.provider ? [`-c model_providers.relay.name=${JSON.stringify(scenario.provider.name)}`] : []),
    ...(scenario.config ?? []).map((c) => `-c ${c}`),
    `-c model="${scenario.model}"`,
    ...Object.keys(scenario.images ?? {}).map((name) => `-i ${name}`),
    JSON.stringify(scenario.prompt),
  ];
  const resumes = (scenario.followUpPrompts ?? []).map((p) => ` && codex exec resume --last ${JSON.stringify(p)}`);
  return flags.join(' ') + resumes.join('');
}
