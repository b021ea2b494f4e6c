// The one shape of a simulated relay, whatever catalogue lists it (the Responses relays, the
// websocket relays, the doctor's scenarios), and the one way to serve it on a loopback port. Each
// relay is one object: what it is, the handlers that answer its HTTP requests, and what a run or a
// reader of its stream must know about it (it stalls, it holds the socket open).
import type { RequestHandler } from 'msw';
import type { CatalogueEntry } from './catalogue-entry.ts';
import { MATRIX_IDLE_TIMEOUT_MS } from '../codex/agreement-matrix.ts';
import type { RelayOptions } from './relay-options.ts';
import { type ServeOptions, serveHandlers } from './serve-handlers.ts';
import type { UpgradeHandler } from './websocket-relay.ts';

export interface SimulatedRelayBase extends CatalogueEntry {
  /** The suites a full run of this relay means (a chat relay's: the chat suite); default the Codex suites. */
  suites?: readonly string[];
  handlers(opts?: RelayOptions): RequestHandler[];
  /** Serves WebSocket upgrades of /v1/responses; without it an upgrade gets the handlers' answer to a GET. */
  upgrade?(opts?: RelayOptions): UpgradeHandler;
  /**
   * Built to stall: a run judges it with this idle timeout (the agreement matrix's short one), so
   * each stalled case costs seconds, not the default's minutes.
   */
  idleTimeoutMs?: number;
  /** The stream (or socket) stays open after this many SSE events or WebSocket frames until the client leaves. */
  holdsOpenAfter?: number;
}

/** What a relay built to stall declares: judged with the agreement matrix's short idle timeout, as the matrix does. */
export const STALLS = { idleTimeoutMs: MATRIX_IDLE_TIMEOUT_MS } as const;

export interface RunningRelay {
  name: string;
  /** `http://127.0.0.1:PORT/v1`: what a user puts in Codex's base_url. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `relay` on a loopback port (an ephemeral one unless `port` is given). */
export async function serveRelay(relay: SimulatedRelayBase, opts: RelayOptions & ServeOptions = {}): Promise<RunningRelay> {
  const { host, port, ...relayOptions } = opts;
  const upgrade = relay.upgrade?.(relayOptions);
  const served = await serveHandlers(relay.handlers(relayOptions), { host, port, ...(upgrade && { upgrade }) });
  return { name: relay.name, baseUrl: `${served.url}/v1`, close: served.close };
}
