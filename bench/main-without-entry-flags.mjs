// The compiled command without its entry point (dist/harness/cli.js), so without the V8 flag that
// entry sets: single-run.ts runs it beside the bin to measure what the flag buys.
const { main } = await import('../dist/harness/cli/main.js');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
