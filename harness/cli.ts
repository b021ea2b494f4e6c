// Entry point of the relaycheck command (see cli/main.ts for the commands and exit codes).
import { main } from './cli/main.ts';

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
