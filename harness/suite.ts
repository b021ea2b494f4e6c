// What a suite declares: cases that replay a fixture and the checks each must pass.
import type { ExpectedReply } from './checks/check.ts';
import type { CheckIdValue } from './checks/ids.ts';

export interface CaseSpec {
  /** Stable id: baselines and JUnit names use it. Never renumber. */
  id: string;
  title: string;
  /** The sentence the relay is held to, printed when the case fails. */
  requirement: string;
  /** Fixture id (file name in fixtures/ without .json). */
  fixture: string;
  expectedReply: ExpectedReply;
  /** Check ids, from harness/checks/ids.ts: a typo does not compile. */
  checks: CheckIdValue[];
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
}

export interface Suite {
  id: string;
  title: string;
  cases: CaseSpec[];
}
