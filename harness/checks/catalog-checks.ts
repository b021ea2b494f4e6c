// The provider's model catalog (model_catalog_url), as Codex reads it before the first turn (measured
// on 0.169.0 and 0.171.0, docs/codex-ground-truth.md "Model catalog"). The case that runs them
// (suites/catalog.ts) is run only when a catalog is configured, so they are required: each failure
// means Codex has no apply_patch tool and patch turns finish without writing. The exchange is the
// catalog GET (harness/catalog/run-catalog-case.ts); the judgement is harness/catalog/model-catalog.ts.
import { CheckId } from './ids.ts';
import type { Check, CaseContext, Outcome } from './check.ts';
import type { ExchangeEnd } from '../exchange/exchange-end.ts';
import { type CatalogJudgement, CATALOG_FALLBACK, CATALOG_NO_APPLY_PATCH, judgeModelCatalog } from '../catalog/model-catalog.ts';

function judged(end: ExchangeEnd, context: CaseContext): CatalogJudgement {
  return judgeModelCatalog({ ...(end.head && { status: end.head.status }), ...(end.error && { error: end.error.message }), text: end.bodyText ?? '', truncated: end.ending === 'byte-limit' }, context.catalogModel ?? '');
}

/** A check on one step of the judgement: it fails on its own kind, skips when an earlier step failed, passes after. */
function catalogCheck(spec: Pick<Check, 'id' | 'title' | 'requirement'>, fails: CatalogJudgement['kind'], outcome: (judgement: CatalogJudgement, model: string) => Outcome): Check {
  const order: CatalogJudgement['kind'][] = ['unreadable', 'no-entry', 'no-apply-patch', 'usable'];
  return {
    ...spec,
    severity: 'required',
    observe(context) {
      return {
        end(end) {
          const judgement = judged(end, context);
          const model = context.catalogModel ?? '';
          if (order.indexOf(judgement.kind) < order.indexOf(fails)) return { status: 'skip', message: `the catalog is not usable for "${model}" before this step` };
          return outcome(judgement, model);
        },
      };
    },
  };
}

const fail = (message: string, expected: string, actual: string): Outcome => ({ status: 'fail', message, failures: [{ message, expected, actual }] });

export const catalogShape = catalogCheck(
  {
    id: CheckId.catalogShape,
    title: "The model catalog answers 200 with Codex's {\"models\":[…]} shape",
    requirement: `GET model_catalog_url?client_version=X.Y.Z answers 200 within 5 s and 1 MiB, without a redirect, with Codex's own {"models":[…]} shape (not the OpenAI {"object":"list"} one); otherwise ${CATALOG_FALLBACK}.`,
  },
  'unreadable',
  (judgement) => (judgement.kind === 'unreadable' ? fail(`Codex cannot read the catalog: ${judgement.why}. ${CATALOG_FALLBACK}`, `HTTP 200, {"models":[…]} in Codex's shape`, judgement.why) : { status: 'pass', message: "the catalog is in Codex's shape" }),
);

export const catalogModelEntry = catalogCheck(
  {
    id: CheckId.catalogModelEntry,
    title: 'The model catalog has an entry for the configured model',
    requirement: `The catalog lists an entry whose slug is the model Codex is configured with; otherwise ${CATALOG_FALLBACK}.`,
  },
  'no-entry',
  (judgement, model) => (judgement.kind === 'no-entry' ? fail(`${judgement.why}. ${CATALOG_FALLBACK}`, `an entry with slug "${model}"`, judgement.why) : { status: 'pass', message: `the catalog lists "${model}"` }),
);

export const catalogApplyPatch = catalogCheck(
  {
    id: CheckId.catalogApplyPatch,
    title: "The model's catalog entry gives Codex an apply_patch tool",
    requirement: `The model's entry sets apply_patch_tool_type (e.g. "freeform"); without it ${CATALOG_NO_APPLY_PATCH}.`,
  },
  'no-apply-patch',
  (judgement, model) =>
    judgement.kind === 'usable'
      ? { status: 'pass', message: `apply_patch: ${judgement.applyPatch}` }
      : fail(`the entry for "${model}" sets no apply_patch_tool_type: ${CATALOG_NO_APPLY_PATCH}`, 'apply_patch_tool_type set', 'absent'),
);

export const catalogChecks: Check[] = [catalogShape, catalogModelEntry, catalogApplyPatch];
