// The doctor's vocabulary: each diagnoser looks at a failed probe and either says "not mine" or
// returns findings, the facts it established, and possibly a corrected target for the next probe.
import type { Finding } from '../codex-config/finding.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { DoctorSubject } from './doctor-subject.ts';
import type { TurnProbe } from './probe-turn.ts';

/** How the working setup differs from the user's, once a probe confirmed it. */
export interface Adjustments {
  baseUrl?: string;
  model?: string;
  /** The header the relay wants the key in, when not `Authorization: Bearer`. */
  keyHeader?: string;
}

export interface Diagnosis {
  findings: Finding[];
  /** Facts established on the way, for the "verified" list. */
  verified: string[];
  /** A corrected target the next probe should confirm. */
  next?: { target: ReplayTarget; adjust: Adjustments };
}

export interface DoctorContext {
  subject: DoctorSubject;
  client: HttpClient;
  probe(target: ReplayTarget): Promise<TurnProbe>;
}

export type Diagnoser = (probe: TurnProbe, context: DoctorContext) => Diagnosis | undefined | Promise<Diagnosis | undefined>;

/** `POST https://host/v1/responses`: the URL Codex calls, for evidence lines. */
export function responsesUrl(probe: TurnProbe): string {
  return probe.result.transcript?.request.url ?? `${probe.target.baseUrl}/responses`;
}
