// Real gateways nobody here wrote, run in relaycheck's own tests as relays in front of its reference
// upstream (npm run test:gateways): each pinned, installed on demand from the npm registry into
// `.cache/gateways/`, and started on loopback only (loopback-only.mjs refuses any other host).
import { access } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package/package-root.ts';
import { ensureNpmPackage } from '../npm/ensure-npm-package.ts';

export interface Gateway {
  name: string;
  version: string;
  /** Installed beside it (a server for a gateway that is only a library). */
  companions?: string[];
  /** The script that serves the gateway: inside its install prefix, or relaycheck's own (`harness/…`), given the prefix. */
  script: string;
  /** `--relay-cmd` arguments after the script: `{port}` is where it must listen, `{prefix}` the install prefix. */
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

/** The Portkey fork: a library (a Hono app), served here with @hono/node-server; routed by x-llmops-* headers. */
export const LLMOPS_GATEWAY: Gateway = {
  name: '@llmops/gateway',
  version: '0.6.10',
  companions: ['@hono/node-server@2.1.9'],
  script: 'harness/gateways/serve-hono-app.mjs',
  args: '--prefix {prefix} --package @llmops/gateway --port {port}',
  clientHeaders: (upstreamUrl) => ({ 'x-llmops-provider': 'openai', 'x-llmops-custom-host': upstreamUrl }),
};

export const GATEWAY_CACHE_DIR = path.join(PACKAGE_ROOT, '.cache', 'gateways');
const LOOPBACK_ONLY = path.join(PACKAGE_ROOT, 'harness', 'gateways', 'loopback-only.mjs');

/** The gateway's install prefix, installing it first when the cache lacks it. */
export function ensureGateway(gateway: Gateway, cacheDir = GATEWAY_CACHE_DIR): Promise<string> {
  const own = gateway.script.startsWith('harness/');
  return ensureNpmPackage({
    packages: [`${gateway.name}@${gateway.version}`, ...(gateway.companions ?? [])],
    cacheDir,
    entry: `${gateway.name.replace(/[@/]/g, '_')}-${gateway.version}`,
    find: async (prefix) => {
      const marker = own ? path.join(prefix, 'node_modules', gateway.name, 'package.json') : path.join(prefix, gateway.script);
      return access(marker).then(() => prefix, () => undefined);
    },
    missing: `${own ? gateway.name : gateway.script} is not in it`,
  });
}

/** The `--relay-cmd` that serves the installed gateway on `{port}`, kept on loopback. */
export function gatewayRelayCommand(gateway: Gateway, prefix: string): string {
  const script = gateway.script.startsWith('harness/') ? path.join(PACKAGE_ROOT, gateway.script) : path.join(prefix, gateway.script);
  const args = gateway.args.replaceAll('{prefix}', JSON.stringify(prefix));
  return `${JSON.stringify(process.execPath)} --import ${JSON.stringify(LOOPBACK_ONLY)} ${JSON.stringify(script)} ${args}`;
}
