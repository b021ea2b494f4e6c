// The doctor's WebSocket step, when the provider sets supports_websockets = true: what Codex does at
// every session start against this relay (measured on 0.169.0 and 0.171.0, docs/codex-ground-truth.md
// "WebSocket transport"), found by the websocket suite's own upgrade and prewarm cases, and the fix.
import { runConformance } from '../run/runner.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import { finding, type Finding } from '../codex-config/finding.ts';
import { CheckId } from '../checks/ids.ts';
import { fallbackSentence } from '../checks/websocket-checks.ts';
import { CODEX_DEFAULT_RETRIES } from '../retry/codex-retry-rules.ts';
import { websocketSuite } from '../../suites/websocket.ts';
import type { CompactionProbeOptions } from './diagnose-compaction.ts';

/** The cases Codex's session start goes through: the upgrade, then the prewarm frame. */
const SESSION_START = ['websocket.handshake', 'websocket.prewarm-frame'];

export interface WebSocketSubject {
  providerId: string;
  /** The built-in provider aimed at a relay (openai_base_url): no key of it turns WebSockets off. */
  builtIn?: boolean;
  /** The table the doctor's suggested block writes, where supports_websockets = false goes. */
  blockProviderId: string;
  /** The provider's stream_max_retries, which sets how long a refused upgrade costs. */
  streamMaxRetries?: number;
}

export async function diagnoseWebSocket(subject: WebSocketSubject, target: ReplayTarget, options: CompactionProbeOptions): Promise<{ findings: Finding[]; verified: string[] }> {
  const streamMaxRetries = subject.streamMaxRetries ?? CODEX_DEFAULT_RETRIES.streamMaxRetries;
  const suite = { ...websocketSuite, cases: websocketSuite.cases.filter((c) => SESSION_START.includes(c.id)) };
  const report = await runConformance({
    target,
    suites: [suite],
    websockets: true,
    limits: options.limits,
    secrets: options.secrets,
    retries: { settings: { ...CODEX_DEFAULT_RETRIES, streamMaxRetries } },
    ...(options.codex && { codex: options.codex }),
    fixturesDir: options.fixturesDir,
    ...(options.network && { network: options.network }),
  });
  const checks = report.cases.flatMap((c) => c.checks);
  const upgrade = checks.find((k) => k.id === CheckId.websocketUpgrade);
  const prewarm = checks.find((k) => k.id === CheckId.websocketPrewarm);
  const status = report.cases.find((c) => c.id === 'websocket.handshake')?.http?.status;
  const url = `GET ${target.baseUrl}/responses (WebSocket upgrade)`;
  const evidence = [`${url} → ${status === undefined ? 'no answer' : `HTTP ${status}`}`, ...[upgrade, prewarm].filter((k) => k?.status === 'fail').map((k) => `${k!.id}: ${k!.message}`)];
  // Measured on 0.169.0 and 0.171.0: a top-level supports_websockets ("is ignored"), features.responses_websockets(_v2) = false
  // and -c model_providers.openai.supports_websockets=false all leave the built-in provider's upgrade in place.
  const off = subject.builtIn
    ? `no setting turns WebSockets off for the built-in provider; use the suggested [model_providers.${subject.blockProviderId}] block below (its supports_websockets = false makes Codex use HTTPS from the start)`
    : `set supports_websockets = false in [model_providers.${subject.providerId}] (Codex then uses HTTPS from the start)`;
  const start = `${subject.builtIn ? 'the built-in provider with openai_base_url speaks WebSocket' : 'supports_websockets = true'}: at every session start Codex opens a WebSocket to the relay first`;
  if (status === 426) return { findings: [finding('transport.websocket-426', 'transport', 'info', `${start}; the relay answers 426, so Codex uses HTTPS at once and silently`, evidence, `${off}, which saves the attempt`)], verified: [] };
  if (upgrade?.status === 'fail') {
    return { findings: [finding('transport.websocket-fallback', 'transport', 'warning', `${start}; the relay refuses the upgrade (${status === undefined ? 'no answer' : `HTTP ${status}`}), so ${fallbackSentence(streamMaxRetries)} ("Falling back from WebSockets to HTTPS transport")`, evidence, `${off}, or use a relay that serves the WebSocket transport`)], verified: [] };
  }
  if (prewarm?.status === 'fail') {
    return {
      findings: [finding('transport.websocket-stall', 'transport', 'error', `${start}; the socket opens but the first frame gets no answer, so every session start stalls for two of Codex's idle timeouts before it falls back to HTTPS`, evidence, `${off}, or use a relay whose WebSocket answers response.create frames`)],
      verified: [],
    };
  }
  return { findings: [], verified: [`Codex speaks WebSocket to this relay (${subject.builtIn ? 'the built-in provider with openai_base_url' : 'supports_websockets = true'}): the upgrade is answered 101 and the prewarm frame completes`] };
}
