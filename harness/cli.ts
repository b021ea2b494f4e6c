// Entry point of the relaycheck command (see cli/main.ts for the commands and exit codes).
import { main } from './cli/main.ts';

// A reader that stops early (`relaycheck checks | head`) closes the pipe: what is left to print has
// nowhere to go, so it is dropped, and the command still finishes (its reports, its exit code)
// instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
