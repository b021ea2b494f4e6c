#!/usr/bin/env node
// The CLI straight from the TypeScript sources through tsx, for tests and development: it never
// runs a stale dist/. The package bin (relaycheck.mjs) runs the compiled JavaScript.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');
