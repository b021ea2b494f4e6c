// The doctor's compaction step, once a turn works: which way Codex will compact through this
// provider (its `name`, harness/codex/compaction-path.ts), whether the relay serves that way, and the
// fix when it does not. A relay that fails here works for every turn until the context fills, then
// fails the session: the finding is an error.
import { runConformance } from '../run/runner.ts';
import type { ReplayTarget } from '../replay/instantiate-request.ts';
import type { ExchangeLimits } from '../exchange/exchange.ts';
import type { NetworkSettings } from '../http/network-settings.ts';
import type { CodexProfile } from '../codex/codex-profile.ts';
import { type CompactionPath, compactionPathFor } from '../codex/compaction-path.ts';
import { finding, type Finding } from '../codex-config/finding.ts';
import { compactionSuite } from '../../suites/compaction.ts';

export interface CompactionProbeOptions {
  limits: Pick<ExchangeLimits, 'deadlineMs' | 'idleTimeoutMs'>;
  secrets: string[];
  codex?: CodexProfile;
  fixturesDir?: string;
  network?: NetworkSettings;
}

export interface CompactionSubject {
  providerId: string;
  /** The provider's `name` as Codex reads it. */
  name: string;
}

const HOW: Record<CompactionPath, string> = {
  remote: 'remotely: a request ending in {"type":"compaction_trigger"} that must get exactly one compaction item back, which Codex then sends in its next request',
  local: 'locally: a request with no tools and a checkpoint prompt, whose answer becomes the summary the conversation resumes from',
};

export async function diagnoseCompaction(subject: CompactionSubject, target: ReplayTarget, options: CompactionProbeOptions): Promise<{ findings: Finding[]; verified: string[] }> {
  const path = compactionPathFor(subject.name);
  const suite = { ...compactionSuite, cases: compactionSuite.cases.filter((c) => c.requiredOnPath === path) };
  const report = await runConformance({ target, suites: [suite], limits: options.limits, secrets: options.secrets, compactionPath: path, ...(options.codex && { codex: options.codex }), fixturesDir: options.fixturesDir, ...(options.network && { network: options.network }) });
  const because = `the provider is named ${JSON.stringify(subject.name)}`;
  if (report.verdict.codex === 'compatible') return { findings: [], verified: [`Codex compacts ${path === 'remote' ? 'remotely' : 'locally'} here (${because}), and the relay serves it (${suite.cases.map((c) => c.id).join(', ')} passed)`] };
  const evidence = report.verdict.reasons;
  const fix =
    path === 'remote'
      ? `use a relay that supports compaction items, or let Codex compact locally: give the provider another name (name = "${subject.providerId === 'openai' ? 'relay' : subject.providerId}")${subject.providerId === 'openai' ? ' in a [model_providers.relay] table with this base_url, and set model_provider = "relay" (the built-in provider with openai_base_url always compacts remotely)' : ` in [model_providers.${subject.providerId}]`}`
      : 'use a relay that answers a request with no tools (tools: []) with an assistant message';
  const outcome = path === 'remote' ? 'the turn fails with "Error running remote compact task: …" (Codex has no local fallback)' : 'the conversation resumes from an empty or missing summary';
  return {
    findings: [finding(`stream.compaction-${path}`, 'stream', 'error', `Codex compacts ${HOW[path]} (${because}); the relay cannot serve it, so once a conversation fills the context ${outcome}`, evidence, fix)],
    verified: [],
  };
}
