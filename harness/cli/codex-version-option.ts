// `--codex-version X` for run and doctor: the Codex release whose requests are sent and whose
// reading of the answer is modelled (harness/codex/select-profile.ts decides the default).
import type { CodexProfile } from '../codex/codex-profile.ts';
import { SUPPORTED_CODEX_VERSIONS } from '../codex/codex-profile.ts';
import { UnsupportedCodexVersionError, selectCodexProfile } from '../codex/select-profile.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './usage-error.ts';

export const CODEX_VERSION_FLAG = '--codex-version <x.y.z>';
export const CODEX_VERSION_HELP = `the Codex CLI release to model: ${SUPPORTED_CODEX_VERSIONS.join(', ')} (default: the pinned ${SUPPORTED_CODEX_VERSIONS[0]}, or with --codex-config the codex on PATH when it is one of these)`;

/** The notice goes to the command's stderr; the codex on PATH is the one in the command's env. */
export async function chooseCodexProfile(version: string | undefined, fromConfig: boolean, io: Pick<CliIo, 'stderr' | 'env'>): Promise<CodexProfile> {
  try {
    const choice = await selectCodexProfile({ ...(version !== undefined && { version }), fromConfig, env: io.env });
    if (choice.notice) io.stderr.write(`relaycheck: ${choice.notice}\n`);
    return choice.profile;
  } catch (error) {
    if (error instanceof UnsupportedCodexVersionError) throw new UsageError(error.message);
    throw error;
  }
}
