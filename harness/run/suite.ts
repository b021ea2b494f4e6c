// What a suite declares: cases that send a request (a Codex fixture, or another agent's chat
// request) and the checks each must pass.
import type { ChatRequestKind } from '../chat/agent-requests.ts';
import type { ExpectedReply } from '../checks/check.ts';
import type { CompactionPath } from '../codex/compaction-path.ts';
import type { RequestShape } from '../codex/request-shapes.ts';
import type { CheckIdValue } from '../checks/ids.ts';

interface CaseSpecBase {
  /** Stable id: baselines and JUnit names use it. Never renumber. */
  id: string;
  title: string;
  /** The sentence the relay is held to, printed when the case fails. */
  requirement: string;
  expectedReply: ExpectedReply;
  /** Check ids, from harness/checks/ids.ts: a typo does not compile. */
  checks: CheckIdValue[];
  /** A core case decides whether Codex can hold a conversation at all through the relay. */
  core?: boolean;
  /** Overrides the model for this case (e.g. an unknown model), whatever the user chose. */
  model?: string;
  /** Replaces the request body with this text (a malformed request). */
  rawBody?: string;
}

/** A case that replays one of Codex's recorded requests to {base_url}/responses. */
export interface FixtureCaseSpec extends CaseSpecBase {
  /** Fixture id (file name in fixtures/ without .json). */
  fixture: string;
  chatRequest?: never;
  /**
   * Fixture of the request before this one in Codex's turn. It is sent first, and the reasoning (and compaction) items
   * the relay streams back replace the recorded ones in this case's request, as Codex sends them.
   */
  carriesReasoningFrom?: string;
  /** Sent over Codex's WebSocket transport (the fixture is a frame), see harness/websocket/run-websocket-case.ts. */
  websocket?: WebSocketCaseSpec;
  /** The case's checks are required when the run knows Codex compacts this way (the user's
   * provider), recommended otherwise: a compaction path the user's Codex never takes breaks nothing. */
  requiredOnPath?: CompactionPath;
  /** The case's checks are required when the run knows the user's config sends this shape, recommended otherwise. */
  requiredForShape?: RequestShape;
  modelCatalog?: never;
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
  /** Codex sends this frame in every turn (the prewarm, the turn chained to it): a silent answer
   * through the built-in provider hangs every turn, so the case is core then. */
  everyTurn?: boolean;
}

/** A case that sends an agent's Chat Completions request to {base_url}/chat/completions. */
export interface ChatCaseSpec extends CaseSpecBase {
  chatRequest: ChatRequestKind;
  fixture?: never;
  websocket?: never;
  requiredOnPath?: never;
  requiredForShape?: never;
  carriesReasoningFrom?: never;
  modelCatalog?: never;
}

/** A case that GETs the provider's model_catalog_url as Codex does (harness/catalog/run-catalog-case.ts). */
export interface CatalogCaseSpec extends CaseSpecBase {
  modelCatalog: true;
  fixture?: never;
  chatRequest?: never;
  websocket?: never;
  requiredOnPath?: never;
  requiredForShape?: never;
  carriesReasoningFrom?: never;
}

export type CaseSpec = FixtureCaseSpec | ChatCaseSpec | CatalogCaseSpec;

export interface Suite<Spec extends CaseSpec = CaseSpec> {
  id: string;
  title: string;
  cases: Spec[];
}

/** The suite of other agents' Chat Completions requests: its cases never decide the Codex verdict. */
export const CHAT_SUITE_ID = 'chat';
export const WEBSOCKET_SUITE_ID = 'websocket';
export const CATALOG_SUITE_ID = 'catalog';
export const SHAPES_SUITE_ID = 'shapes';

/** Whether a case's outcome can decide the Codex verdict: every suite's but the chat suite's. */
export const isCodexSuite = (suiteId: string): boolean => suiteId !== CHAT_SUITE_ID;
