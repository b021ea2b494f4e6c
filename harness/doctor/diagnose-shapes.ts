// The doctor's request-shapes step, once a turn works: the shapes the user's config makes Codex send
// (harness/codex/request-shapes.ts), each replayed by the shapes suite's own case against the relay,
// with what happens when the relay refuses it and the fix. A refused shape fails every turn that
// carries it (measured on 0.169.0 and 0.171.0: docs/codex-ground-truth.md, "Request shapes").
import { runConformance } from '../run/runner.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { RequestShape } from '../codex/request-shapes.ts';
import { finding, type Finding } from '../codex-config/finding.ts';
import { shapesSuite } from '../../suites/shapes.ts';
import type { CompactionProbeOptions } from './diagnose-compaction.ts';

/** Why the config sends it, what Codex does when the relay refuses or loses it, and the fix. */
const SHAPE_WORDS: Record<Exclude<RequestShape, 'image-input'>, { why: string; outcome: string; fix: string }> = {
  'responses-lite': {
    why: 'the model is served the Responses Lite way: its tools travel in an additional_tools input item, not `tools`',
    outcome: 'the model never sees the tools, so Codex runs no command and exits 0 having done nothing',
    fix: 'use a relay that passes additional_tools input items through, or another model',
  },
  'service-tier': {
    why: 'service_tier is set, so every request carries service_tier ("fast" sends "priority")',
    outcome: "every turn fails with the relay's error",
    fix: 'remove service_tier from the config, or use a relay that accepts (or strips) service_tier',
  },
  'openai-metadata': {
    why: 'the provider is named "OpenAI", so every input item carries internal_chat_message_metadata_passthrough',
    outcome: "every turn fails with the relay's error",
    fix: 'give the provider another name (this also moves Codex to local compaction), or use a relay that accepts (or strips) the field',
  },
};

export async function diagnoseShapes(shapes: readonly RequestShape[], target: ReplayTarget, options: CompactionProbeOptions): Promise<{ findings: Finding[]; verified: string[] }> {
  const sent = shapes.filter((s): s is keyof typeof SHAPE_WORDS => s in SHAPE_WORDS);
  if (sent.length === 0) return { findings: [], verified: [] };
  const suite = { ...shapesSuite, cases: shapesSuite.cases.filter((c) => c.requiredForShape !== undefined && (sent as string[]).includes(c.requiredForShape)) };
  const report = await runConformance({ target, suites: [suite], shapes: sent, limits: options.limits, secrets: options.secrets, ...(options.codex && { codex: options.codex }), fixturesDir: options.fixturesDir, ...(options.network && { network: options.network }) });
  const findings: Finding[] = [];
  const verified: string[] = [];
  for (const shape of sent) {
    const result = report.cases.find((c) => c.id === suite.cases.find((s) => s.requiredForShape === shape)?.id);
    const failed = result?.checks.filter((k) => k.status === 'fail' && k.severity === 'required') ?? [];
    const words = SHAPE_WORDS[shape];
    if (result && failed.length === 0 && (result.status === 'pass' || result.status === 'warn')) {
      verified.push(`the relay serves the request shape the config sends: ${words.why} (${result.id} passed)`);
      continue;
    }
    const evidence = failed.length > 0 ? failed.map((k) => `${k.id}: ${k.message}`) : [`${result?.id ?? shape}: ${result?.status ?? 'not run'}`];
    findings.push(finding(`endpoint.shape-${shape}`, 'endpoint', 'error', `${words.why}; the relay refuses or loses it, so ${words.outcome}`, evidence, words.fix));
  }
  return { findings, verified };
}
