// `--codex-version X` for run and doctor: the Codex release whose requests are sent and whose
// reading of the answer is modelled (harness/codex/select-profile.ts decides the default).
import type { CodexProfile } from '../codex/codex-profile.ts';
import { SUPPORTED_CODEX_VERSIONS } from '../codex/codex-profile.ts';
import { UnsupportedCodexVersionError, selectCodexProfile } from '../codex/select-profile.ts';
import { UsageError } from './usage-error.ts';

export const CODEX_VERSION_FLAG = '--codex-version <x.y.z>';
export const CODEX_VERSION_HELP = `the Codex CLI release to model: ${SUPPORTED_CODEX_VERSIONS.join(', ')} (default: the pinned ${SUPPORTED_CODEX_VERSIONS[0]}, or with --codex-config the codex on PATH when it is one of these)`;

export async function chooseCodexProfile(version: string | undefined, fromConfig: boolean, say: (line: string) => void = (line) => void process.stderr.write(`relaycheck: ${line}\n`)): Promise<CodexProfile> {
  try {
    const choice = await selectCodexProfile({ ...(version !== undefined && { version }), fromConfig });
    if (choice.notice) say(choice.notice);
    return choice.profile;
  } catch (error) {
    if (error instanceof UnsupportedCodexVersionError) throw new UsageError(error.message);
    throw error;
  }
}
