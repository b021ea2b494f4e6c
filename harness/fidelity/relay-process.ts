// `--relay-cmd`: relaycheck starts the relay under test itself, with the upstream's URL and a free
// port filled into the command, waits (with a bound) until the port takes connections, and stops it
// at the end. The relay runs in its own process group, so the shell and whatever it started go
// together: nothing the command spawned outlives the run.
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freeLoopbackPort } from '../relays/loopback-servers.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RelayProcess {
  port: number;
  /** Stops the whole process group: SIGTERM, then SIGKILL after a grace. */
  stop(): Promise<void>;
}

/** Why the relay could not be started or reached: the command reports it in one line (exit 2). */
export class RelayStartError extends Error {
  override name = 'RelayStartError';
}

const POLL_MS = 50;
const GONE_POLL_MS = 20;
const STOP_GRACE_MS = 2_000;
/** The end of the relay's own output kept for the one-line reason when it exits early. */
const OUTPUT_TAIL_CHARS = 300;

/** Runs `template` with `{upstream}` and `{port}` filled in (the caller checked it names `{port}`). */
export async function startRelayProcess(template: string, upstream: string, options: { waitMs: number; signal?: AbortSignal }): Promise<RelayProcess> {
  const port = await freeLoopbackPort();
  const command = template.replaceAll('{upstream}', upstream).replaceAll('{port}', String(port));
  const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => (tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.once('error', () => undefined);
  const relay: RelayProcess = { port, stop: () => stopGroup(child, exited, port) };
  try {
    await waitForPort('127.0.0.1', port, { ...options, exited, lastWords: () => tail.trim().split('\n').at(-1) ?? '' });
  } catch (error) {
    await relay.stop();
    throw error;
  }
  return relay;
}

/** Resolves once host:port accepts a TCP connection; throws a RelayStartError at the bound or if the relay exits. */
export async function waitForPort(host: string, port: number, options: { waitMs: number; signal?: AbortSignal; exited?: Promise<number | null>; lastWords?: () => string }): Promise<void> {
  const until = performance.now() + options.waitMs;
  let exitCode: number | null | undefined;
  void options.exited?.then((code) => (exitCode = code));
  for (;;) {
    if (await accepts(host, port)) return;
    if (exitCode !== undefined) {
      const words = options.lastWords?.();
      throw new RelayStartError(`the relay command exited (code ${exitCode}) before listening on port ${port}${words ? `: ${words}` : ''}`);
    }
    if (options.signal?.aborted) throw new RelayStartError('interrupted while waiting for the relay to listen');
    if (performance.now() > until) throw new RelayStartError(`nothing listened on ${host}:${port} within ${options.waitMs} ms`);
    await sleep(POLL_MS);
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function stopGroup(child: ChildProcess, exited: Promise<number | null>, port: number): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is gone already.
    }
  };
  if (child.pid === undefined) return;
  signalGroup('SIGTERM');
  const grace = new AbortController();
  await Promise.race([exited, sleep(STOP_GRACE_MS, undefined, { signal: grace.signal }).catch(() => undefined)]);
  grace.abort();
  // The shell may be gone while what it started is not: whatever is left of the group is killed,
  // and its port waited for (bounded), so a relay that is stopped no longer listens.
  signalGroup('SIGKILL');
  for (let waited = 0; waited < STOP_GRACE_MS && (await accepts('127.0.0.1', port)); waited += GONE_POLL_MS) await sleep(GONE_POLL_MS);
}
