#!/usr/bin/env node
// The package bin: loads the TypeScript CLI through tsx, so `npx relaycheck` works from a clone
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');
