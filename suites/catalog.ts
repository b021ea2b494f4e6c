// The provider's model catalog (model_catalog_url), which Codex reads before the first turn for the
// model's metadata, its tools among them. Opt-in: it runs only when the run knows a catalog is
// configured (--codex-config with model_catalog_url, or --model-catalog-url); without one Codex uses
// its bundled metadata and there is nothing to check.
import { CheckId } from '../harness/checks/ids.ts';
import { CATALOG_SUITE_ID, type Suite } from '../harness/run/suite.ts';

export const catalogSuite: Suite = {
  id: CATALOG_SUITE_ID,
  title: 'Model catalog',
  cases: [
    {
      id: 'catalog.fetch',
      title: "The model catalog, fetched as Codex fetches it (GET model_catalog_url?client_version=…)",
      requirement: "model_catalog_url serves Codex's {\"models\":[…]} shape with an entry for the model that sets apply_patch_tool_type.",
      modelCatalog: true,
      expectedReply: 'message',
      checks: [CheckId.catalogShape, CheckId.catalogModelEntry, CheckId.catalogApplyPatch],
    },
  ],
};
