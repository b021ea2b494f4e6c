// Where Codex keeps config.toml and auth.json. Codex uses $CODEX_HOME, else `.codex` in the user's
// home folder (codex-rs/utils/home-dir: find_codex_home); auth.json lives in that folder unless
// $CODEX_AUTH_HOME points elsewhere (codex-rs/login/src/auth/storage.rs: effective_auth_home).
// OPENAI_CODEX_PATH is honoured too: Codex itself does not read it, but wrappers around Codex
// use it to point at the folder holding auth.json.
import os from 'node:os';
import path from 'node:path';

export interface CodexFiles {
  configPath: string;
  /** The folder Codex would treat as CODEX_HOME for this config. */
  codexHome: string;
  authPath: string;
}

/** `explicitConfig`: the path the user gave (`--codex-config PATH`); else Codex's own lookup. */
export function locateCodexFiles(explicitConfig: string | undefined, env: NodeJS.ProcessEnv = process.env): CodexFiles {
  const codexHome = explicitConfig ? path.dirname(path.resolve(explicitConfig)) : defaultCodexHome(env);
  const configPath = explicitConfig ? path.resolve(explicitConfig) : path.join(codexHome, 'config.toml');
  const authHome = nonEmpty(env.CODEX_AUTH_HOME) ?? nonEmpty(env.OPENAI_CODEX_PATH) ?? codexHome;
  return { configPath, codexHome, authPath: path.join(path.resolve(authHome), 'auth.json') };
}

function defaultCodexHome(env: NodeJS.ProcessEnv): string {
  const fromEnv = nonEmpty(env.CODEX_HOME);
  if (fromEnv) return path.resolve(fromEnv);
  // On Windows the home folder is %USERPROFILE%; elsewhere $HOME. os.homedir() is the fallback.
  const home = (process.platform === 'win32' ? nonEmpty(env.USERPROFILE) : nonEmpty(env.HOME)) ?? os.homedir();
  return path.join(home, '.codex');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value : undefined;
}
