// What a hostile behaviour declares: how to start the misbehaving relay, and how relaycheck must
// classify the one Codex turn it runs against it.
import type { ExchangeLimits } from '../../exchange/exchange.ts';
import type { CaseStatus, TransportErrorKind } from '../../report/model.ts';
import type { RunningRelay } from '../loopback-servers.ts';
import type { CatalogueEntry } from '../catalogue-entry.ts';

export interface HostileExpectation {
  /**
   * error: no usable answer (the transport cause in errorKind); fail: a required check caught what
   * breaks Codex; unsupported: /responses answered 404/405; warn: only a recommended check objects
   * (Codex copes); pass: harmless to Codex, and relaycheck must not claim otherwise.
   */
  status: Extract<CaseStatus, 'error' | 'fail' | 'unsupported' | 'warn' | 'pass'>;
  /** A check id (harness/checks/ids.ts) that must fail. */
  check?: string;
  /** The TransportError kind the case must carry. */
  errorKind?: TransportErrorKind;
  /** Turn requests the relay may see (default 1: no retry); a same-origin 307 loop is followed as Codex follows it. */
  turnRequests?: number;
}

export interface HostileBehaviour extends CatalogueEntry {
  start(): Promise<RunningRelay>;
  expect: HostileExpectation;
  /** Bounds beyond the corpus defaults (HOSTILE_LIMITS), e.g. a longer deadline for big streams. */
  limits?: Partial<ExchangeLimits>;
  /** CPU- or memory-heavy: run alone, with memory measured around it. */
  heavy?: boolean;
}

/** Small bounds so the whole corpus runs in seconds: each stall costs at most an idle or a deadline. */
export const HOSTILE_LIMITS: Partial<ExchangeLimits> = {
  deadlineMs: 2_500,
  idleTimeoutMs: 1_000,
  failedCloseGraceMs: 400,
  afterTerminalGraceMs: 200,
};
