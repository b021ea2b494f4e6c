// `npm run fixtures:record`: regenerates fixtures/ from the pinned real Codex CLI (installed on
// demand from the npm registry). `-- --check` records into a temporary folder instead and explains,
// in words, how Codex's requests differ from the committed fixtures (exit 1 on any drift).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureCodex } from '../codex/install-codex.ts';
import { runCodexExec } from '../codex/run-codex-exec.ts';
import { FIXTURES_DIR, parseFixture } from '../fixtures/fixture.ts';
import { startCaptureRelay, type CapturedRequest } from './capture-relay.ts';
import { describeDrift, toFixture } from './fixture-writer.ts';
import { RECORDING_SCENARIOS, type RecordingScenario } from './scenarios.ts';

const KEY = 'sk-test-recording-0000000000';

export async function recordScenario(binary: string, scenario: RecordingScenario, outDir: string): Promise<string[]> {
  const captured: CapturedRequest[] = [];
  const relay = await startCaptureRelay({ onRequest: (r) => captured.push(r), ...(scenario.models ? { models: scenario.models } : {}), ...(scenario.answer ? { answer: scenario.answer } : {}) });
  try {
    const outcome = await runCodexExec({ binary, baseUrl: `${relay.url}/v1`, apiKey: KEY, model: scenario.model, prompt: scenario.prompt, ...(scenario.followUpPrompts ? { followUpPrompts: scenario.followUpPrompts } : {}), timeoutMs: 60_000, ...(scenario.sandbox ? { sandbox: scenario.sandbox } : {}) });
    if (captured.length < scenario.fixtures.length) {
      throw new Error(`scenario "${scenario.name}": Codex sent ${captured.length} request(s), expected ${scenario.fixtures.length} (exit ${outcome.exitCode}: ${outcome.turnFailed ?? outcome.stderrTail.slice(-200)})`);
    }
  } finally {
    await relay.close();
  }
  const recordedAt = new Date().toISOString().slice(0, 10);
  const resumes = (scenario.followUpPrompts ?? []).map((p) => ` && codex exec resume --last "${p}"`).join('');
  const command = `codex exec --json --skip-git-repo-check${resumes ? '' : ' --ephemeral'}${scenario.sandbox ? ` --sandbox ${scenario.sandbox}` : ''} -c model="${scenario.model}" "${scenario.prompt}"${resumes}`;
  const written: string[] = [];
  for (const [i, id] of scenario.fixtures.entries()) {
    const fixture = toFixture(id, captured[i]!, { scenario: scenario.name, command, recordedAt });
    const file = path.join(outDir, `${id}.json`);
    await writeFile(file, `${JSON.stringify(fixture, null, 1)}\n`);
    written.push(file);
  }
  return written;
}

async function main(args: string[]): Promise<number> {
  const check = args.includes('--check');
  const { binary, version } = await ensureCodex();
  const outDir = check ? await mkdtemp(path.join(tmpdir(), 'relaycheck-fixtures-')) : FIXTURES_DIR;
  console.log(`recording with Codex ${version} into ${outDir}`);
  let drift = 0;
  try {
    for (const scenario of RECORDING_SCENARIOS) {
      for (const file of await recordScenario(binary, scenario, outDir)) {
        if (!check) {
          console.log(`  wrote ${path.relative(process.cwd(), file)}`);
          continue;
        }
        const name = path.basename(file);
        const after = parseFixture(await readFile(file, 'utf8'), name);
        let before;
        try {
          before = parseFixture(await readFile(path.join(FIXTURES_DIR, name), 'utf8'), name);
        } catch {
          console.log(`  ${name}: new fixture (not committed yet)`);
          drift++;
          continue;
        }
        const changes = describeDrift(before, after);
        drift += changes.length;
        console.log(changes.length === 0 ? `  ${name}: unchanged` : `  ${name}:\n${changes.map((c) => `    - ${c}`).join('\n')}`);
      }
    }
  } finally {
    if (check) await rm(outDir, { recursive: true, force: true });
  }
  if (check && drift > 0) console.log(`Codex's requests drifted from fixtures/: run npm run fixtures:record and review the diff.`);
  return check && drift > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: Error) => {
      console.error(`fixtures:record: ${error.message}`);
      process.exitCode = 2;
    },
  );
}
