// Every check, by id. Suites name checks by id; duplicate ids are a programming error caught at load.
import type { Check } from './check.ts';
import { catalogChecks } from './catalog-checks.ts';
import { chatChecks } from './chat-checks.ts';
import type { CheckIdValue } from './ids.ts';
import { codexAcceptanceChecks } from './codex-acceptance-checks.ts';
import { compactionChecks } from './compaction-checks.ts';
import { errorChecks } from './error-checks.ts';
import { framingChecks } from './framing-checks.ts';
import { headerChecks } from './header-checks.ts';
import { httpChecks } from './http-checks.ts';
import { retryChecks } from './retry-checks.ts';
import { schemaChecks } from './schema-checks.ts';
import { shapeChecks } from './shape-checks.ts';
import { streamSemanticsChecks } from './stream-semantics-checks.ts';
import { timingChecks } from './timing-checks.ts';
import { toolCallChecks } from './tool-call-checks.ts';
import { websocketChecks } from './websocket-checks.ts';

function register(groups: Check[][]): ReadonlyMap<CheckIdValue, Check> {
  const byId = new Map<CheckIdValue, Check>();
  for (const check of groups.flat()) {
    if (byId.has(check.id)) throw new Error(`duplicate check id ${check.id}`);
    byId.set(check.id, check);
  }
  return byId;
}

export const checksById = register([httpChecks, retryChecks, codexAcceptanceChecks, toolCallChecks, framingChecks, streamSemanticsChecks, timingChecks, schemaChecks, errorChecks, chatChecks, websocketChecks, compactionChecks, shapeChecks, headerChecks, catalogChecks]);

export function getCheck(id: CheckIdValue): Check {
  const check = checksById.get(id);
  if (!check) throw new Error(`unknown check id ${id}`);
  return check;
}

/** The checks every streamed Codex turn runs: HTTP, retries, Codex acceptance, framing, semantics, timing, schemas, headers. */
export const STREAM_CHECK_IDS: CheckIdValue[] = [httpChecks, retryChecks, codexAcceptanceChecks, toolCallChecks, framingChecks, streamSemanticsChecks, timingChecks, schemaChecks, headerChecks]
  .flat()
  .map((check) => check.id);
