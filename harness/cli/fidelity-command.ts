// `relaycheck fidelity`: relaycheck plays the upstream too. It serves its reference upstream on
// loopback, the relay under test forwards to it (started here with --relay-cmd, or already running
// with --base-url), and every recorded Codex request is compared on both sides (harness/fidelity/).
// Exit 0 faithful, 1 not faithful, 2 usage or configuration (port in use, relay never listened).
import { Command } from 'commander';
import { type ReferenceUpstream, startReferenceUpstream } from '../fidelity/reference-upstream.ts';
import { type RelayProcess, startRelayProcess, waitForPort } from '../fidelity/relay-process.ts';
import { runFidelity } from '../fidelity/run-fidelity.ts';
import { fidelityLines } from '../fidelity/fidelity-lines.ts';
import { makeDirectory } from '../fs/make-directory.ts';
import { InvalidReportError, renderReports, writeReports } from '../report/write-reports.ts';
import { Redactor } from '../redact/redact.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { type OutputFormat, collectHeader, defaultOutDir, parseBaseUrl, parseFormats, parseIntegerOption, parseList } from './option-parsers.ts';
import { FIDELITY_CASES, FIDELITY_SIDES, type FidelitySide } from '../fidelity/fidelity-cases.ts';
import { InvalidArgumentError } from 'commander';

interface FidelityFlags {
  baseUrl?: string;
  relayCmd?: string;
  upstreamPort?: number;
  apiKeyEnv?: string;
  model?: string;
  modelMap?: Record<string, string>;
  out?: string;
  format: OutputFormat[];
  timeoutMs: number;
  relayWaitMs: number;
  sides: FidelitySide[];
  header?: Record<string, string>;
}

function parseSides(value: string): FidelitySide[] {
  const sides = parseList(value);
  const unknown = sides.filter((side) => !(FIDELITY_SIDES as readonly string[]).includes(side));
  if (unknown.length > 0 || sides.length === 0) throw new InvalidArgumentError(`unknown side ${unknown.join(', ') || '(none)'} (choose from ${FIDELITY_SIDES.join(', ')})`);
  return [...new Set(sides)] as FidelitySide[];
}

const DEFAULT_FORMATS: OutputFormat[] = ['console', 'json', 'md', 'junit', 'html'];

function collectModelMap(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([^=\s]+)=([^=\s]+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`--model-map takes CLIENT_MODEL=UPSTREAM_MODEL, got "${value}"`);
  return { ...previous, [match[1]!]: match[2]! };
}

export function fidelityCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('fidelity')
      .description("serve a reference upstream, send Codex's requests through the relay, and compare what each side got")
      .option('--base-url <url>', 'the running relay, as Codex would be given it (e.g. http://127.0.0.1:8080/v1)', parseBaseUrl)
      .option('--relay-cmd <command>', "start the relay: {upstream} becomes the upstream's URL, {port} the port it must listen on")
      .option('--upstream-port <n>', 'port of the reference upstream on 127.0.0.1 (with --relay-cmd: a free one by default)', parseIntegerOption('--upstream-port', 0, 65535))
      .option('--api-key-env <name>', "the client's key for the relay (read from this environment variable)")
      .option('--model <slug>', 'model the client asks for (default: the recorded requests\')')
      .option('--model-map <a=b>', 'the relay documents sending model b upstream for a (repeatable)', collectModelMap)
      .option('--out <dir>', 'report folder (default: reports/fidelity/ with --relay-cmd, else reports/fidelity-<host>-<port>/)')
      .option('--format <list>', `outputs among console,json,md,junit,html (default: ${DEFAULT_FORMATS.join(',')})`, parseFormats, DEFAULT_FORMATS)
      .option('--timeout-ms <n>', 'deadline for each case', parseIntegerOption('--timeout-ms', 100, 3_600_000), 30_000)
      // Opt-in: a Codex relay need not serve /chat/completions, so the chat side is asked for.
      .option('--sides <list>', `client APIs to send through the relay, among ${FIDELITY_SIDES.join(',')}`, parseSides, ['responses'])
      .option('--header <header>', "extra request header 'Name: value' the client sends (repeatable; e.g. a gateway's routing headers)", collectHeader)
      .option('--relay-wait-ms <n>', 'how long the relay has to listen on its port', parseIntegerOption('--relay-wait-ms', 100, 600_000), 15_000),
    execute: (flags: FidelityFlags) => executeFidelity(flags, io),
  };
}

async function executeFidelity(flags: FidelityFlags, io: CliIo): Promise<number> {
  if (!flags.baseUrl && !flags.relayCmd) throw new UsageError('give --base-url (a running relay) or --relay-cmd (a command that starts one)');
  if (flags.baseUrl && flags.relayCmd) throw new UsageError('--relay-cmd serves the relay at http://127.0.0.1:{port}/v1: drop --base-url');
  if (!flags.relayCmd && flags.upstreamPort === undefined) throw new UsageError('--base-url needs --upstream-port: the port the relay forwards to');
  if (flags.relayCmd && !flags.relayCmd.includes('{port}')) throw new UsageError('--relay-cmd must contain {port}, where the relay is told to listen');
  const apiKey = flags.apiKeyEnv ? io.env[flags.apiKeyEnv] : undefined;
  if (flags.apiKeyEnv && !apiKey) throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
  if (flags.format.includes('badge')) throw new UsageError('fidelity writes console, json, md, junit and html, not badge');
  const fileFormats = flags.format.filter((f) => f !== 'console' && f !== 'badge') as Exclude<OutputFormat, 'console' | 'badge'>[];
  const redactor = new Redactor([apiKey]);
  // `--out -`: report.json alone on stdout, for pipes; the lines for people go to stderr.
  const toStdout = flags.out === '-';
  if (toStdout && fileFormats.join(',') !== 'json') throw new UsageError('--out - prints report.json on stdout: give --format json (or console,json: console lines then go to stderr)');
  const human = toStdout ? io.stderr : io.stdout;

  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  let upstream: ReferenceUpstream | undefined;
  let relay: RelayProcess | undefined;
  try {
    upstream = await startUpstream(flags);
    let baseUrl = flags.baseUrl!;
    if (flags.relayCmd) {
      relay = await startRelayProcess(flags.relayCmd, upstream.url, { waitMs: flags.relayWaitMs, signal: stop.signal }).catch(asUsageError);
      baseUrl = `http://127.0.0.1:${relay.port}/v1`;
    } else {
      const url = new URL(baseUrl);
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      await waitForPort(url.hostname.replace(/^\[|\]$/g, ''), port, { waitMs: flags.relayWaitMs, signal: stop.signal }).catch(asUsageError);
    }
    // A relay started here gets a new port each run: its reports go to one folder all the same.
    const outDir = fileFormats.length > 0 && !toStdout ? (flags.out ?? (flags.relayCmd ? 'reports/fidelity' : defaultOutDir(baseUrl).replace(/^reports\//, 'reports/fidelity-'))) : undefined;
    if (outDir) await makeDirectory(outDir).catch((error: Error) => asUsageError(new Error(`cannot write reports to ${outDir}: ${error.message}`)));
    const cases = FIDELITY_CASES.filter((c) => flags.sides.includes(c.side));
    const report = await runFidelity({ baseUrl, upstream, apiKey, model: flags.model, modelMap: flags.modelMap, timeoutMs: flags.timeoutMs, signal: stop.signal, cases, headers: flags.header });
    if (flags.format.includes('console')) for (const line of fidelityLines(report)) human.write(`${redactor.text(line)}\n`);
    if (toStdout) io.stdout.write((await renderReports(report, { formats: ['json'] }))[0]!.text);
    if (outDir) {
      try {
        const { files } = await writeReports(report, { outDir, formats: fileFormats, junit: { recommended: 'failure' }, html: { apiKeyEnv: flags.apiKeyEnv } });
        human.write(`reports: ${files.join(', ')}\n`);
      } catch (error) {
        if (error instanceof InvalidReportError) throw error;
        throw new UsageError(`cannot write reports to ${outDir}: ${(error as Error).message}`);
      }
    }
    if (report.interrupted) return EXIT.interrupted;
    return report.fidelity!.verdict === 'faithful' ? EXIT.compatible : EXIT.notCompatible;
  } finally {
    process.off('SIGINT', onInterrupt);
    await relay?.stop();
    await upstream?.close();
  }
}

async function startUpstream(flags: FidelityFlags): Promise<ReferenceUpstream> {
  const port = flags.upstreamPort ?? 0;
  try {
    return await startReferenceUpstream({ port, extraModels: [...(flags.model ? [flags.model] : []), ...Object.values(flags.modelMap ?? {})] });
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new UsageError(`--upstream-port ${port}: cannot listen on 127.0.0.1:${port}${inUse ? ' (port in use)' : `: ${(error as Error).message}`}`);
  }
}

/** The relay could not be started or reached, or the folder made: the user's to fix (exit 2). */
function asUsageError(error: unknown): never {
  throw new UsageError(error instanceof Error ? error.message : String(error));
}
