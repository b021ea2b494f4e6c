// Real gateways nobody here wrote, run in relaycheck's own tests as relays in front of its reference
// upstream (npm run test:gateways): each pinned, installed on demand from the npm registry into
// `.cache/gateways/`, and started on loopback only (loopback-only.mjs refuses any other host).
import { access } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.ts';
import { ensureNpmPackage } from '../npm/ensure-npm-package.ts';

export interface Gateway {
  name: string;
  version: string;
  /** The script that serves the gateway, inside its install prefix. */
  script: string;
  /** `--relay-cmd` arguments after the script: `{port}` is where it must listen. */
  args: string;
  /** Headers the client sends so the gateway forwards to `upstreamUrl` (it routes per request). */
  clientHeaders(upstreamUrl: string): Record<string, string>;
}

/** Portkey's gateway: the provider and its host are chosen by the client's x-portkey-* headers; loopback hosts are trusted by default. */
export const PORTKEY_GATEWAY: Gateway = {
  name: '@portkey-ai/gateway',
  version: '1.15.2',
  script: 'node_modules/@portkey-ai/gateway/build/start-server.js',
  args: '--port={port} --headless',
  clientHeaders: (upstreamUrl) => ({ 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstreamUrl }),
};

export const GATEWAY_CACHE_DIR = path.join(PACKAGE_ROOT, '.cache', 'gateways');
const LOOPBACK_ONLY = path.join(PACKAGE_ROOT, 'harness', 'gateways', 'loopback-only.mjs');

/** The gateway's serving script, installing it first when the cache lacks it. */
export function ensureGateway(gateway: Gateway, cacheDir = GATEWAY_CACHE_DIR): Promise<string> {
  return ensureNpmPackage({
    spec: `${gateway.name}@${gateway.version}`,
    cacheDir,
    entry: `${gateway.name.replace(/[@/]/g, '_')}-${gateway.version}`,
    find: async (prefix) => {
      const script = path.join(prefix, gateway.script);
      return access(script).then(() => script, () => undefined);
    },
    missing: `${gateway.script} is not in it`,
  });
}

/** The `--relay-cmd` that serves the installed gateway on `{port}`, kept on loopback. */
export function gatewayRelayCommand(gateway: Gateway, script: string): string {
  return `${JSON.stringify(process.execPath)} --import ${JSON.stringify(LOOPBACK_ONLY)} ${JSON.stringify(script)} ${gateway.args}`;
}
