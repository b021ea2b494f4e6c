// What a suite declares: cases that replay a fixture and the checks each must pass.
import type { ExpectedReply } from './checks/check.ts';

export interface CaseSpec {
  /** Stable id: baselines and JUnit names use it. Never renumber. */
  id: string;
  title: string;
  /** The sentence the relay is held to, printed when the case fails. */
  requirement: string;
  /** Fixture id (file name in fixtures/ without .json). */
  fixture: string;
  expectedReply: ExpectedReply;
  /** Check ids, from harness/checks/ids.ts. */
  checks: string[];
  /** A core case decides whether Codex can hold a conversation at all through the relay. */
  core?: boolean;
  /** Overrides the model for this case (e.g. an unknown model), whatever the user chose. */
  model?: string;
  /** Replaces the request body with this text (a malformed request). */
  rawBody?: string;
  /**
   * Fixture of the request before this one in Codex's turn. It is sent first, and the reasoning items
   * the relay streams back replace the recorded ones in this case's request, as Codex sends them.
   */
  carriesReasoningFrom?: string;
  /** Sent over Codex's WebSocket transport (the fixture is a frame), see harness/websocket/run-websocket-case.ts. */
  websocket?: WebSocketCaseSpec;
}

export interface WebSocketCaseSpec {
  /** Only the upgrade is judged; no frame is sent. */
  upgradeOnly?: boolean;
  /** Fixtures of the frames sent first on the same socket, each chained to the response before it. */
  before?: string[];
  /** The case's frame names a previous_response_id the socket never answered. */
  unknownPrevious?: boolean;
  /** The case's frame is padded (a developer message in front) to about this many bytes. */
  padToBytes?: number;
}

export interface Suite {
  id: string;
  title: string;
  cases: CaseSpec[];
}
