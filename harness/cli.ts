// Entry point of the relaycheck command (see cli/main.ts for the commands and exit codes).
import { setFlagsFromString } from 'node:v8';
import { main } from './cli/main.ts';

// undici parses HTTP with llhttp compiled to WebAssembly at its first connection, and V8 then tiers
// llhttp's one huge state-machine function up with TurboFan: a passing ~35 MiB of compiler memory, a
// quarter of a run's peak RSS (measured on Node 20.20: one request 97 → 62 MiB; a whole run 129–132
// → 110–112 MiB). Liftoff's baseline code parses as fast here (256 MiB chunked over loopback: the
// same wall and CPU time). V8 reads the flag when it compiles, so it still applies once started.
setFlagsFromString('--liftoff-only');

// A reader that stops early (`relaycheck checks | head`) closes the pipe: what is left to print has
// nowhere to go, so it is dropped, and the command still finishes (its reports, its exit code)
// instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
