// `relaycheck run`: one relay, the selected suites, reports on disk, exit code from the Codex verdict.
import { Command } from 'commander';
import { runRepeated, MAX_REPEAT } from '../repeat/run-repeated.ts';
import { repeatLines } from '../repeat/repeat-lines.ts';
import { readReportFile } from '../report/read-report.ts';
import { parseShard, type Shard } from '../fleet/shard.ts';
import { applyBaseline } from './baseline-gate.ts';
import type { RunReport } from '../report/model.ts';
import { Redactor } from '../redact/redact.ts';
import { relayDifferences } from '../report/compare-reports.ts';
import { relayMismatch } from '../report/render-comparison.ts';
import { executeTargetsRun } from './run-targets.ts';
import { DEFAULT_FLEET_OUT } from './merge-command.ts';
import { runSucceeded } from '../run/verdict.ts';
import { ALL_SUITES, OPT_IN_SUITES, selectSuites } from '../../suites/index.ts';
import { filterCases } from './case-filter-option.ts';
import { CA_FILE_HELP, networkSettings } from './network-option.ts';
import type { NetworkSettings } from '../http/network-settings.ts';
import { createConsoleReporter } from '../report/console-reporter.ts';
import { InvalidReportError, renderReports, writeReports } from '../report/write-reports.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { DirectoryError, makeDirectory } from '../fs/make-directory.ts';
import { CODEX_VERSION_FLAG, CODEX_VERSION_HELP, chooseCodexProfile } from './codex-version-option.ts';
import type { CodexProfile } from '../codex/codex-profile.ts';
import { compactionPathFor } from '../codex/compaction-path.ts';
import { requestShapesFor } from '../codex/request-shapes.ts';
import type { ModelCatalogTarget } from '../catalog/run-catalog-case.ts';
import { CATALOG_SUITE_ID } from '../run/suite.ts';
import { runTargetFromConfig, type ConfigRunTarget } from '../codex-config/config-run-target.ts';
import { SEND_CHATGPT_TOKEN_HELP, chatGptTokenExposure, guardChatGptToken } from '../codex-config/chatgpt-token-guard.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { CODEX_DEFAULT_RETRIES, type CodexRetrySettings } from '../retry/codex-retry-rules.ts';
import type { RetryOptions } from '../retry/retry-like-codex.ts';
import { WITH_CODEX_FLAG, WITH_CODEX_HELP, codexForLiveRun, withLiveCodex } from './with-codex.ts';
import { OUTPUT_FORMATS, type OutputFormat, collectHeader, defaultOutDir, parseBaseUrl, parseFormats, parseIntegerOption, parseList, parseModelCatalogUrl } from './option-parsers.ts';

interface RunFlags {
  baseUrl?: string;
  apiKeyEnv?: string;
  apiKey?: string;
  model?: string;
  suite?: string[];
  case?: string[];
  check?: string[];
  header?: Record<string, string>;
  out?: string;
  format: OutputFormat[];
  concurrency: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  /** true: Codex's own config lookup; a string: that config.toml. */
  codexConfig?: string | true;
  provider?: string;
  profile?: string;
  providerName?: string;
  repeat: number;
  baseline?: string;
  targets?: string;
  shard?: Shard;
  relayConcurrency: number;
  sendChatgptToken?: boolean;
  websockets?: boolean;
  failFast: boolean;
  /** false with --no-retries. */
  retries: boolean;
  strict?: boolean;
  codexVersion?: string;
  withCodex?: boolean;
  caFile?: string;
  modelCatalogUrl?: string;
}

export function runCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('run')
      .option('--base-url <url>', 'the provider base_url, as in Codex config (Codex appends /responses)', parseBaseUrl)
      .option('--api-key-env <name>', 'environment variable holding the relay key (like env_key)')
      .option('--api-key <key>', 'the relay key itself (prefer --api-key-env: command lines end up in shell history)')
      .option('--model <slug>', 'model to request (default: the model each fixture recorded)')
      .option('--suite <ids>', `comma-separated suite ids (default: ${ALL_SUITES.map((s) => s.id).join(',')}; run only when named: ${OPT_IN_SUITES.map((s) => s.id).join(',')})`, parseList)
      .option('--case <ids>', 'run only these cases (comma-separated case ids; the verdict then covers only them)', parseList)
      .option('--check <ids>', 'run only the cases that run one of these checks (relaycheck checks lists them)', parseList)
      .option('--header <header>', "extra request header 'Name: value' (repeatable)", collectHeader)
      .option('--out <dir>', 'report folder (default: reports/<host>/); - with --format json: report.json on stdout')
      .option('--format <list>', `outputs among ${OUTPUT_FORMATS.join(',')} (default: all)`, parseFormats, [...OUTPUT_FORMATS])
      .option('--concurrency <n>', 'cases run at once', parseIntegerOption('--concurrency', 1, 64), 2)
      .option('--timeout-ms <n>', 'deadline for each case', parseIntegerOption('--timeout-ms', 100, 3_600_000), 120_000)
      .option('--idle-timeout-ms <n>', "Codex's stream_idle_timeout_ms: silence after which Codex gives up", parseIntegerOption('--idle-timeout-ms', 100, 3_600_000), 300_000)
      .option('--ca-file <path>', CA_FILE_HELP)
      .option('--no-retries', "judge each case's first answer only, without retrying it the way Codex does")
      .option('--codex-config [path]', 'take the relay from Codex config.toml (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml); flags given explicitly win')
      .option('--provider <name>', 'with --codex-config: use [model_providers.<name>] instead of model_provider')
      .option('--profile <name>', 'with --codex-config: apply [profiles.<name>]')
      .option('--provider-name <name>', 'without --codex-config: the `name` of your Codex provider, which decides how Codex compacts ("OpenAI"/"Azure": remotely); adds the compaction suite, that path required (for "OpenAI" also the shapes suite, its metadata case required)')
      .option('--model-catalog-url <url>', "without --codex-config: your provider's model_catalog_url; adds the catalog suite, its checks required (the key goes with the GET only to the relay's own origin)", parseModelCatalogUrl)
      .option(CODEX_VERSION_FLAG, CODEX_VERSION_HELP)
      .option(WITH_CODEX_FLAG, WITH_CODEX_HELP)
      .option('--send-chatgpt-token', `with --codex-config: ${SEND_CHATGPT_TOKEN_HELP}`)
      .option('--websockets', 'the provider sets supports_websockets = true: add the websocket suite, its checks required (implied by such a --codex-config provider)')
      .option('--no-fail-fast', 'send every case even when the relay never answered the first one')
      .option('--repeat <k>', 'run every case K times and report flaky cases apart from broken ones', parseIntegerOption('--repeat', 1, MAX_REPEAT), 1)
      .option('--baseline <report.json>', 'compare with an earlier report: exit 1 only when a check that passed there fails now')
      .option('--strict', 'with --baseline: exit 2, before any request, when the baseline is of another relay (base URL or model)')
      .option('--targets <relays.toml>', `check many relays from a TOML file: a report folder each plus matrix.{json,md,html} (default --out ${DEFAULT_FLEET_OUT})`)
      .option('--shard <K/N>', 'with --targets: run only slice K of N of the relays (combine with relaycheck merge)', parseShard)
      .option('--relay-concurrency <n>', 'with --targets: relays checked at once', parseIntegerOption('--relay-concurrency', 1, 64), 4),
    execute: (flags: RunFlags, command: Command) => executeRun(flags, command.getOptionValueSource('idleTimeoutMs') !== 'default', io),
  };
}

async function executeRun(flags: RunFlags, idleTimeoutExplicit: boolean, io: CliIo): Promise<number> {
  if (flags.targets && flags.withCodex) throw new UsageError(`${WITH_CODEX_FLAG} checks one relay: drop --targets`);
  const network = await networkSettings(io.env, flags.caFile);
  if (flags.targets) return runTargets(flags, io, await chooseCodexProfile(flags.codexVersion, false, io), network);
  if (flags.shard) throw new UsageError('--shard needs --targets');
  // A baseline that cannot be read fails before the run, not after minutes of it.
  const baseline = flags.baseline ? await readReportFile(flags.baseline) : undefined;
  // --provider and --profile only mean something for a Codex config, so they imply one.
  const fromConfig = flags.codexConfig || flags.provider || flags.profile ? await readConfigTarget(flags, io) : undefined;
  const baseUrl = flags.baseUrl ?? fromConfig?.target.baseUrl;
  if (!baseUrl) throw new UsageError('--base-url is required (e.g. --base-url http://127.0.0.1:8080/v1), or --codex-config');
  const flagKey = resolveApiKey(flags, io.env);
  const configHeaders = { ...fromConfig?.target.extraHeaders };
  // A key given on the command line replaces the config's credential, and what came with it.
  if (flagKey !== undefined) for (const name of fromConfig?.credentialHeaders ?? []) delete configHeaders[name];
  const target: ReplayTarget = {
    baseUrl,
    apiKey: flagKey ?? fromConfig?.target.apiKey,
    model: flags.model ?? fromConfig?.target.model,
    extraHeaders: { ...configHeaders, ...flags.header },
    queryParams: fromConfig?.target.queryParams,
  };
  if (flags.strict && !baseline) throw new UsageError('--strict needs --baseline');
  if (baseline && flags.strict) refuseOtherRelay(baseline, target);
  // Decided on exactly what would be sent, before any request.
  const codex = await chooseCodexProfile(flags.codexVersion, fromConfig !== undefined, io);
  const warning = fromConfig && guardChatGptToken(chatGptTokenExposure(target, fromConfig.auth, fromConfig.providerId), flags.sendChatgptToken === true);
  // Installed before the run: a platform without a Codex binary fails in a line, not after the cases.
  const codexBinary = flags.withCodex ? await codexForLiveRun(codex.version) : undefined;
  // The WebSocket transport matters, and is checked by default, only where Codex uses it.
  const websockets = flags.websockets === true || fromConfig?.websockets === true;
  if (flags.providerName !== undefined && fromConfig) throw new UsageError('--provider-name is for runs without --codex-config: the config names the provider');
  const compactionPath = fromConfig?.compactionPath ?? (flags.providerName !== undefined ? compactionPathFor(flags.providerName) : undefined);
  // Request shapes the config sends (a provider named "OpenAI" is one): their cases become required.
  const shapes = fromConfig?.shapes ?? (flags.providerName !== undefined ? requestShapesFor({ providerName: flags.providerName }) : []);
  const modelCatalog = modelCatalogOf(flags, fromConfig, baseUrl);
  // Opt-in suites the user's provider needs: its transport, the compaction path it is known to take, the shapes it sends, its model catalog.
  const optedIn = [...(websockets ? ['websocket'] : []), ...(compactionPath !== undefined ? ['compaction'] : []), ...(shapes.length > 0 ? ['shapes'] : []), ...(modelCatalog ? [CATALOG_SUITE_ID] : [])];
  const { suites, filter } = filterCases(selectSuites(flags.suite, optedIn), flags);
  if (!modelCatalog && suites.some((suite) => suite.id === CATALOG_SUITE_ID)) throw new UsageError('the catalog suite needs a model catalog: give --model-catalog-url, or a --codex-config provider with model_catalog_url');
  const fileFormats = fileFormatsOf(flags);
  // `--out -`: report.json is the only thing on stdout, so it can be piped; people's lines go to stderr.
  const toStdout = flags.out === '-';
  if (toStdout && fileFormats.join(',') !== 'json') throw new UsageError('--out - prints report.json on stdout: give --format json (or console,json: console lines then go to stderr)');
  const outDir = fileFormats.length > 0 && !toStdout ? (flags.out ?? defaultOutDir(baseUrl)) : undefined;
  const human = toStdout ? io.stderr : io.stdout;
  // A folder that cannot take the reports fails before the run, not after minutes of it.
  if (outDir !== undefined) await prepareOutDir(outDir);
  const console = flags.format.includes('console');
  // Without the console format the verdict line and where the reports went are still printed.
  const reporter = createConsoleReporter({ stream: human, env: io.env, verdictOnly: !console });
  // Ctrl-C once: stop, write what finished, exit 130. A second Ctrl-C kills as usual.
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  process.once('SIGINT', onInterrupt);
  const idleTimeoutMs = idleTimeoutExplicit ? flags.idleTimeoutMs : (fromConfig?.idleTimeoutMs ?? flags.idleTimeoutMs);
  const retries = retriesOf(flags, fromConfig?.retries);
  let report: RunReport;
  try {
    report = await runRepeated({
      target,
      signal: stop.signal,
      failFast: flags.failFast,
      websockets,
      ...(fromConfig?.builtInProvider && { builtInProvider: true }),
      ...(warning ? { warnings: [warning] } : {}),
      suites,
      ...(filter && { filter }),
      network,
      concurrency: flags.concurrency,
      limits: { deadlineMs: flags.timeoutMs, idleTimeoutMs },
      // With --with-codex the verdict is printed once Codex's turns are in the report.
      listener: codexBinary ? { ...reporter, onRunEnd: undefined } : reporter,
      secrets: fromConfig?.secrets,
      ...retries,
      codex,
      ...(compactionPath && { compactionPath }),
      ...(shapes.length > 0 && { shapes }),
      ...(modelCatalog && { modelCatalog }),
    }, flags.repeat);
    if (codexBinary !== undefined && !report.interrupted) {
      const providerName = fromConfig?.providerName ?? flags.providerName;
      report = await withLiveCodex(report, {
        binary: codexBinary,
        version: codex.version,
        target,
        settings: {
          ...(providerName !== undefined && { providerName }),
          // Codex sends the key with its catalog GET: only where the run sends it too.
          ...(modelCatalog?.sendKey && { modelCatalogUrl: modelCatalog.url }),
          ...(fromConfig?.serviceTier !== undefined && { serviceTier: fromConfig.serviceTier }),
          ...(websockets && { websockets: true }),
          ...(fromConfig?.builtInProvider && { builtInProvider: true }),
        },
        timeoutMs: flags.timeoutMs,
        idleTimeoutMs,
        ...(retries.retries && { retries: retries.retries.settings }),
        secrets: fromConfig?.secrets ?? [],
        signal: stop.signal,
        reporter,
      });
    }
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  if (codexBinary !== undefined) reporter.onRunEnd(report);
  if (console) for (const line of repeatLines(report)) human.write(`${line}\n`);
  if (toStdout) io.stdout.write((await renderReports(report, { formats: ['json'] }))[0]!.text);
  if (outDir !== undefined) {
    try {
      const { files } = await writeReports(report, { outDir, formats: fileFormats, html: { apiKeyEnv: flags.apiKeyEnv } });
      reporter.onReportsWritten(files);
    } catch (error) {
      // An invalid report is relaycheck's own bug (exit 3); anything else is the folder (exit 2).
      if (error instanceof InvalidReportError) throw error;
      throw reportFolderError(outDir, error as Error);
    }
  }
  if (report.interrupted || stop.signal.aborted) return EXIT.interrupted;
  // The real Codex contradicts the verdict: relaycheck's own bug, as an invalid report is.
  if (report.liveCodex && !report.liveCodex.agrees) return EXIT.internal;
  // With a baseline the gate is "nothing got worse", not "everything works".
  if (baseline) return applyBaseline(baseline, flags.baseline!, report, outDir, human);
  return runSucceeded(report.verdict, report.summary) ? EXIT.compatible : EXIT.notCompatible;
}

/**
 * The catalog the user's Codex reads, and whether its GET carries the key. Codex sends the provider's
 * key to model_catalog_url wherever it points: a config that sets it is the user's choice, so the key
 * goes; a URL typed for a plain run gets the key only on the relay's own origin.
 */
function modelCatalogOf(flags: RunFlags, fromConfig: ConfigRunTarget | undefined, baseUrl: string): ModelCatalogTarget | undefined {
  if (flags.modelCatalogUrl !== undefined && fromConfig) throw new UsageError('--model-catalog-url is for runs without --codex-config: the config sets model_catalog_url');
  if (fromConfig?.modelCatalogUrl) return { url: fromConfig.modelCatalogUrl, sendKey: true };
  if (flags.modelCatalogUrl === undefined) return undefined;
  return { url: flags.modelCatalogUrl, sendKey: new URL(flags.modelCatalogUrl).origin === new URL(baseUrl).origin };
}

async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await makeDirectory(outDir);
  } catch (error) {
    if (error instanceof DirectoryError) throw reportFolderError(outDir, error);
    throw error;
  }
}

const reportFolderError = (outDir: string, error: Error) => new UsageError(`cannot write reports to ${outDir}: ${error.message}`);

const fileFormatsOf = (flags: RunFlags) => flags.format.filter((f): f is Exclude<OutputFormat, 'console'> => f !== 'console');

/** --strict: a baseline of another relay would compare two relays, not two runs of one. */
function refuseOtherRelay(baseline: RunReport, target: ReplayTarget): void {
  // Without --model each case sends its fixture's model, as the baseline's run did: only the URL is known yet.
  const planned = { baseUrl: new Redactor().text(target.baseUrl), model: target.model ?? baseline.target.model };
  const mismatch = relayMismatch(relayDifferences(baseline.target, planned));
  if (mismatch !== undefined) throw new UsageError(`--strict: ${mismatch}`);
}

async function runTargets(flags: RunFlags, io: CliIo, codex: CodexProfile, network: NetworkSettings): Promise<number> {
  const single = { '--base-url': flags.baseUrl, '--api-key': flags.apiKey, '--api-key-env': flags.apiKeyEnv, '--codex-config': flags.codexConfig, '--provider': flags.provider, '--profile': flags.profile, '--baseline': flags.baseline, '--model-catalog-url': flags.modelCatalogUrl };
  const { suites, filter } = filterCases(selectSuites(flags.suite), flags);
  const clashing = Object.entries(single).filter(([, value]) => value !== undefined).map(([name]) => name);
  if (clashing.length > 0) throw new UsageError(`--targets takes each relay from the file: drop ${clashing.join(', ')} (keys go in api_key_env)`);
  // One stdout cannot hold a report per relay and the matrix.
  if (flags.out === '-') throw new UsageError('--out - prints one report.json on stdout; --targets writes a report folder per relay: give --out DIR');
  return executeTargetsRun(io, {
    targetsFile: flags.targets!,
    shard: flags.shard,
    outDir: flags.out ?? DEFAULT_FLEET_OUT,
    suites,
    ...(filter && { filter }),
    network,
    formats: fileFormatsOf(flags),
    console: flags.format.includes('console'),
    relayConcurrency: flags.relayConcurrency,
    caseConcurrency: flags.concurrency,
    limits: { deadlineMs: flags.timeoutMs, idleTimeoutMs: flags.idleTimeoutMs },
    codex,
    repeat: flags.repeat,
    model: flags.model,
    headers: flags.header,
    ...retriesOf(flags),
  });
}

/** Codex's retries, from the user's config under --codex-config, else Codex's defaults; none with --no-retries. */
function retriesOf(flags: RunFlags, fromConfig?: CodexRetrySettings): { retries?: RetryOptions } {
  return flags.retries ? { retries: { settings: { ...(fromConfig ?? CODEX_DEFAULT_RETRIES) } } } : {};
}

async function readConfigTarget(flags: RunFlags, io: CliIo): Promise<ConfigRunTarget> {
  const fromConfig = await runTargetFromConfig({
    configPath: typeof flags.codexConfig === 'string' ? flags.codexConfig : undefined,
    provider: flags.provider,
    profile: flags.profile,
    env: io.env,
  });
  for (const notice of fromConfig.notices) io.stderr.write(`relaycheck: ${notice}\n`);
  return fromConfig;
}

function resolveApiKey(flags: RunFlags, env: NodeJS.ProcessEnv): string | undefined {
  if (flags.apiKey && flags.apiKeyEnv) throw new UsageError('give either --api-key or --api-key-env, not both');
  if (flags.apiKeyEnv) {
    const value = env[flags.apiKeyEnv];
    if (!value) throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
    return value;
  }
  return flags.apiKey;
}
