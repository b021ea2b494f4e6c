// `node --import` this file to append the URL of every module the process loads to the file named by
// RELAYCHECK_MODULE_LOG: the package test's evidence of which modules a command line loads.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// Imported again as the loader, in the hooks' own thread, where it must not register itself twice.
if (isMainThread) register(import.meta.url);

export async function load(url, context, nextLoad) {
  appendFileSync(process.env.RELAYCHECK_MODULE_LOG, `${url}\n`);
  return nextLoad(url, context);
}
