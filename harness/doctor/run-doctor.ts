// The doctor: lint findings first, then a Codex turn against the relay; each failure goes to the
// diagnosers in order (network, redirect, HTML page, model name, endpoint, auth, anything else).
// A diagnosis that finds a fix hands back a corrected target and the turn is tried again, so the
// provider block at the end is one that was seen to work, with the list of what was verified.
import { HttpClient } from '../http/http-client.ts';
import type { NetworkSettings } from '../http/network-settings.ts';
import { Redactor } from '../redact/redact.ts';
import { hasErrors, type Finding } from '../codex-config/finding.ts';
import { describeCredential } from '../codex-config/provider-credential.ts';
import { renderProviderBlock, type RenderedBlock } from '../codex-config/provider-block.ts';
import { DEFAULT_LIMITS, type ExchangeLimits } from '../exchange/exchange.ts';
import type { RunWarning } from '../report/model.ts';
import { type CodexProfile, PINNED_PROFILE } from '../codex/codex-profile.ts';
import type { DoctorSubject } from './doctor-subject.ts';
import { PROBE_CASE_ID, probeTurn, type TurnProbe } from './probe-turn.ts';
import type { Adjustments, Diagnoser, Diagnosis, DoctorContext } from './diagnosis.ts';
import { diagnoseTransport } from './diagnose-transport.ts';
import { diagnoseEndpointPath } from './diagnose-endpoint-path.ts';
import { diagnoseRedirect, followedRedirect } from './diagnose-redirect.ts';
import { diagnoseHtml } from './diagnose-html.ts';
import { diagnoseModel } from './diagnose-model.ts';
import { diagnoseEndpoint } from './diagnose-endpoint.ts';
import { diagnoseAuth } from './diagnose-auth.ts';
import { diagnoseStatus } from './diagnose-status.ts';
import { diagnoseCompaction } from './diagnose-compaction.ts';
import { diagnoseModelCatalog } from './diagnose-model-catalog.ts';
import { diagnoseWebSocket } from './diagnose-websocket.ts';
import { diagnoseShapes } from './diagnose-shapes.ts';
import { requestShapesFor } from '../codex/request-shapes.ts';

export const DOCTOR_REPORT_VERSION = 1;

/**
 * Model names come before endpoints: a relay may answer 404 for an unknown model. A base_url ending
 * in an endpoint path comes right after the network: every other answer there is about the wrong URL.
 */
const DIAGNOSERS: Diagnoser[] = [diagnoseTransport, diagnoseEndpointPath, diagnoseRedirect, diagnoseHtml, diagnoseModel, diagnoseEndpoint, diagnoseAuth, diagnoseStatus];
/** Each fix (/v1, model name, key header, redirect) needs at most one more turn. */
const MAX_TURNS = 5;

/** Where the key sits today, for the export line under the block. */
const KEY_NOW_IN: Record<DoctorSubject['credential']['source'], string> = {
  env_key: '',
  experimental_bearer_token: ' (the value of experimental_bearer_token, which the block no longer needs)',
  'auth.json api key': ' (the OPENAI_API_KEY now in auth.json)',
  'auth.json chatgpt': " (a key the relay issued: your ChatGPT login token is not one)",
  none: '',
};

export interface DoctorReport {
  schemaVersion: typeof DOCTOR_REPORT_VERSION;
  subject: { source: string; profile?: string; provider: string; baseUrl?: string; model?: string; credential: string };
  /** The Codex release the diagnosis models (absent when the config could not be read at all). */
  codex?: { version: string };
  /** Everything checked works with Codex: a verified block and no error finding. */
  ok: boolean;
  findings: Finding[];
  verified: string[];
  block?: RenderedBlock & { envKey?: string; envKeyHint?: string };
  /** Shown first (e.g. the ChatGPT login was sent with --send-chatgpt-token). */
  warnings?: RunWarning[];
}

export interface DoctorOptions {
  limits: Pick<ExchangeLimits, 'deadlineMs' | 'idleTimeoutMs'>;
  /** The Codex release whose turn is sent and whose reading is modelled; default the pinned one. */
  codex?: CodexProfile;
  fixturesDir?: string;
  warnings?: RunWarning[];
  /** Proxies and private CAs between relaycheck and the relay. */
  network?: NetworkSettings;
}

export async function runDoctor(subject: DoctorSubject, options: DoctorOptions): Promise<DoctorReport> {
  const findings = [...subject.findings];
  const verified: string[] = [];
  let block: DoctorReport['block'];
  if (subject.target) {
    const network = options.network ?? {};
    const client = new HttpClient({ network });
    const context: DoctorContext = { subject, client, probe: (target) => probeTurn(target, { limits: options.limits, secrets: subject.secrets, ...(options.codex && { codex: options.codex }), fixturesDir: options.fixturesDir, network }) };
    try {
      let target = subject.target;
      const adjust: Adjustments = {};
      for (let turn = 0; turn < MAX_TURNS; turn++) {
        const probe = await context.probe(target);
        if (probe.passed) {
          const redirect = followedRedirect(probe);
          if (redirect) {
            findings.push(redirect.finding);
            adjust.baseUrl = redirect.baseUrl;
          }
          verified.push(...successFacts(probe, subject, adjust, options));
          // The steps after a working turn probe the target that worked, as the turn was probed.
          const working = { ...probe.target, ...(adjust.baseUrl && { baseUrl: adjust.baseUrl }) };
          const stepOptions = { limits: options.limits, secrets: subject.secrets, ...(options.codex && { codex: options.codex }), fixturesDir: options.fixturesDir, network };
          const compaction = await diagnoseCompaction({ providerId: subject.providerId, name: subject.blockBase.name ?? subject.providerId }, working, stepOptions);
          findings.push(...compaction.findings);
          verified.push(...compaction.verified);
          // The shapes follow the model that worked, as Codex sends them for the block's model.
          const shapes = await diagnoseShapes(requestShapesFor({ providerName: subject.blockBase.name, model: probe.model, serviceTier: subject.serviceTier }), working, stepOptions);
          findings.push(...shapes.findings);
          verified.push(...shapes.verified);
          let websocketsOff = false;
          if (subject.websockets) {
            const websocket = await diagnoseWebSocket({ providerId: subject.providerId, blockProviderId: subject.blockBase.providerId, ...(subject.builtIn && { builtIn: true }), ...(subject.blockBase.streamMaxRetries !== undefined && { streamMaxRetries: subject.blockBase.streamMaxRetries }) }, working, stepOptions);
            findings.push(...websocket.findings);
            verified.push(...websocket.verified);
            // The suggested block carries the WebSocket fix: a relay that does not serve the socket gets HTTPS from the start.
            websocketsOff = websocket.findings.length > 0;
          }
          block = workingBlock(probe, subject, adjust, websocketsOff);
          if (subject.modelCatalogUrl) {
            const catalog = await diagnoseModelCatalog(client, { url: subject.modelCatalogUrl, model: probe.model, codexVersion: (options.codex ?? PINNED_PROFILE).version, ...(probe.target.apiKey && { apiKey: probe.target.apiKey }) });
            findings.push(...catalog.findings);
            verified.push(...catalog.verified);
          }
          break;
        }
        const diagnosis = await diagnose(probe, context);
        findings.push(...diagnosis.findings);
        verified.push(...diagnosis.verified);
        if (!diagnosis.next) break;
        target = diagnosis.next.target;
        Object.assign(adjust, diagnosis.next.adjust);
      }
    } finally {
      await client.close();
    }
  }
  const report: DoctorReport = {
    schemaVersion: DOCTOR_REPORT_VERSION,
    subject: describeSubject(subject),
    codex: { version: (options.codex ?? PINNED_PROFILE).version },
    ok: block !== undefined && !hasErrors(findings),
    findings,
    verified,
    ...(block ? { block } : {}),
    ...(options.warnings?.length ? { warnings: options.warnings } : {}),
  };
  return new Redactor(subject.secrets).deep(report);
}

async function diagnose(probe: TurnProbe, context: DoctorContext): Promise<Diagnosis> {
  for (const diagnoser of DIAGNOSERS) {
    const diagnosis = await diagnoser(probe, context);
    if (diagnosis) return diagnosis;
  }
  return { findings: [], verified: [] };
}

function successFacts(probe: TurnProbe, subject: DoctorSubject, adjust: Adjustments, options: DoctorOptions): string[] {
  const url = probe.result.transcript?.request.url ?? `${probe.target.baseUrl}/responses`;
  const keyFact = !probe.target.apiKey
    ? 'the relay answers without a key'
    : adjust.keyHeader
      ? `the key from ${describeCredential(subject.credential)} is accepted in the ${adjust.keyHeader} header`
      : `the key from ${describeCredential(subject.credential)} is accepted as Authorization: Bearer`;
  return [
    `POST ${url} accepts Codex's recorded request and streams an answer Codex shows (every required check of ${PROBE_CASE_ID} passed)`,
    'wire_api = "responses": the relay serves the Responses API',
    `model "${probe.model}" is served`,
    keyFact,
    idleFact(subject, options.limits.idleTimeoutMs),
  ];
}

/** What the probe showed about silence, with Codex's idle timeout and the doctor's own limit told apart. */
function idleFact(subject: DoctorSubject, probeIdleMs: number): string {
  const codexIdleMs = subject.idleTimeoutMs ?? DEFAULT_LIMITS.idleTimeoutMs;
  const codexSource = subject.idleTimeoutMs !== undefined ? 'stream_idle_timeout_ms in the config' : "Codex's default stream_idle_timeout_ms";
  if (probeIdleMs >= codexIdleMs) return `the stream never fell silent for Codex's idle timeout of ${codexIdleMs} ms (${codexSource})`;
  return `the stream never fell silent for ${probeIdleMs} ms, the doctor's own probe limit (--timeout-ms); Codex's idle timeout is ${codexIdleMs} ms (${codexSource})`;
}

function workingBlock(probe: TurnProbe, subject: DoctorSubject, adjust: Adjustments, websocketsOff: boolean): NonNullable<DoctorReport['block']> {
  // A configured env_key stays even when its variable was unset and the relay needed no key.
  const envKey = probe.target.apiKey || subject.credential.source === 'env_key' ? subject.envKey : undefined;
  const envHttpHeaders = { ...subject.blockBase.envHttpHeaders, ...(adjust.keyHeader && envKey ? { [adjust.keyHeader]: envKey } : {}) };
  const rendered = renderProviderBlock({ ...subject.blockBase, baseUrl: adjust.baseUrl ?? probe.target.baseUrl, model: probe.model, envKey, envHttpHeaders, ...(websocketsOff && { supportsWebsockets: false }) });
  if (!envKey) return rendered;
  return { ...rendered, envKey, envKeyHint: `export ${envKey}=<your relay key>${KEY_NOW_IN[subject.credential.source]}` };
}

function describeSubject(subject: DoctorSubject): DoctorReport['subject'] {
  return {
    source: subject.origin.kind === 'config' ? subject.origin.configPath : 'command-line flags',
    ...(subject.origin.kind === 'config' && subject.origin.profile ? { profile: subject.origin.profile } : {}),
    provider: subject.providerId,
    ...(subject.target ? { baseUrl: subject.target.baseUrl } : {}),
    ...(subject.target?.model ? { model: subject.target.model } : {}),
    credential: describeCredential(subject.credential),
  };
}
