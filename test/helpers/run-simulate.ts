// Starts `relaycheck simulate <relay>` as a child process and waits for the base_url it announces;
// stop() interrupts it as a user's Ctrl-C would.
import { spawn } from 'node:child_process';

const START_TIMEOUT_MS = 20_000;
const MAX_CAPTURE = 64 * 1024;

export interface SimulatedRelayProcess {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `command` is the relaycheck executable and its leading arguments, e.g. [node, 'bin/relaycheck-dev.mjs']. */
export async function startSimulateProcess(command: [string, ...string[]], relay: string, options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<SimulatedRelayProcess> {
  const [file, ...leading] = command;
  const child = spawn(file, [...leading, 'simulate', relay], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await exited;
  };
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`simulate did not start: ${said}`)), START_TIMEOUT_MS);
      const listen = (chunk: Buffer) => {
        if (said.length < MAX_CAPTURE) said += chunk.toString('utf8');
        const url = /serving base_url (\S+)/.exec(said)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      child.stdout.on('data', listen);
      child.stderr.on('data', listen);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`simulate exited ${code} before serving: ${said}`));
      });
    });
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
