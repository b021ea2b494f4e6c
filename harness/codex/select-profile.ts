// Which Codex release a run models, decided in one place for `run` and `doctor`: the one named with
// --codex-version; else, when the relay comes from the user's Codex config, the `codex` on PATH (the
// release that config is used with) if relaycheck models it; else the pinned release.
import { spawn } from 'node:child_process';
import { type CodexProfile, PINNED_PROFILE, SUPPORTED_CODEX_VERSIONS, codexProfile } from './codex-profile.ts';

export class UnsupportedCodexVersionError extends Error {
  override name = 'UnsupportedCodexVersionError';
}

export interface ProfileChoice {
  profile: CodexProfile;
  /** Said to the user when the choice is not what they might assume (one line). */
  notice?: string;
}

export interface ProfileRequest {
  /** --codex-version, as typed. */
  version?: string;
  /** The relay is taken from a Codex config: model the release installed next to it. */
  fromConfig: boolean;
  /** How to learn the installed release; default asks the `codex` on PATH. */
  installedVersion?: () => Promise<string | undefined>;
  /** The environment whose PATH is searched (main()'s env, not necessarily the process's). */
  env?: NodeJS.ProcessEnv;
}

export async function selectCodexProfile(request: ProfileRequest): Promise<ProfileChoice> {
  if (request.version !== undefined) {
    const profile = codexProfile(request.version);
    if (!profile) throw new UnsupportedCodexVersionError(`--codex-version ${request.version} is not a release relaycheck models (supported: ${SUPPORTED_CODEX_VERSIONS.join(', ')})`);
    return { profile };
  }
  if (!request.fromConfig) return { profile: PINNED_PROFILE };
  const installed = await (request.installedVersion ?? (() => codexVersionOnPath('codex', request.env)))();
  if (installed === undefined) return { profile: PINNED_PROFILE };
  const profile = codexProfile(installed);
  if (profile) return { profile };
  return {
    profile: PINNED_PROFILE,
    notice: `the codex on PATH is ${installed}, a release relaycheck does not model (supported: ${SUPPORTED_CODEX_VERSIONS.join(', ')}); modelling Codex ${PINNED_PROFILE.version} (pick one with --codex-version)`,
  };
}

const VERSION_TIMEOUT_MS = 5_000;
const OUTPUT_LIMIT = 1024;

/** The version `codex --version` prints (`codex-cli 0.171.0`), or undefined when none runs. */
export function codexVersionOnPath(command = 'codex', env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(command, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'], env });
    } catch {
      resolve(undefined);
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < OUTPUT_LIMIT) out += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - out.length);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), VERSION_TIMEOUT_MS);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? /\b(\d+\.\d+\.\d+[^\s]*)/.exec(out)?.[1] : undefined);
    });
  });
}
