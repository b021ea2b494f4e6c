// Real reverse proxies nobody here wrote (Debian's nginx and Caddy), run in relaycheck's own tests
// in front of its reference upstream (npm run test:gateways), each in the configurations people put
// in front of a relay. What relaycheck says about each is measured in test/gateways.test.ts and
// recorded in docs/fidelity.md. The config is generated per start (serve-reverse-proxy.ts), so the
// proxy listens on 127.0.0.1 only and forwards to the loopback upstream only.
import path from 'node:path';
import { PACKAGE_ROOT } from '../package/package-root.ts';
import type { DebianPackage } from '../debian/ensure-debian-package.ts';

export const NGINX: DebianPackage = { name: 'nginx', version: '1.22.1', binary: 'usr/sbin/nginx' };
export const CADDY: DebianPackage = { name: 'caddy', version: '2.6.2', binary: 'usr/bin/caddy' };

/** Where the proxy runs: its temp folder, its port, and the upstream's `host:port`. */
export interface ProxySite {
  dir: string;
  port: number;
  upstreamHost: string;
}

export interface ReverseProxy {
  id: string;
  /** What the configuration is, for test names and docs. */
  title: string;
  package: DebianPackage;
  configFile: string;
  config(site: ProxySite): string;
  /** The binary's arguments to serve `configFile` in the foreground. */
  args(site: ProxySite): string[];
  /** Environment beside the inherited one (a home for the proxy's state inside its temp folder). */
  env(site: ProxySite): Record<string, string>;
}

/** nginx quotes: a double-quoted string, backslash and quote escaped. */
const q = (text: string) => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

function nginxConfig(directives: string[]) {
  return (site: ProxySite) => {
    const tmp = (name: string) => q(path.join(site.dir, name));
    return [
      '# relaycheck: nginx as a reverse proxy in front of its reference upstream, loopback only',
      'daemon off;',
      'worker_processes 1;',
      `pid ${tmp('nginx.pid')};`,
      'error_log stderr warn;',
      'events { worker_connections 256; }',
      'http {',
      '  access_log off;',
      // nginx's compiled-in temp paths are under /var/lib/nginx; a request body larger than the
      // client body buffer (Codex's are) goes through client_body_temp_path.
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${tmp(name)};`),
      '  server {',
      `    listen 127.0.0.1:${site.port};`,
      '    location / {',
      `      proxy_pass http://${site.upstreamHost};`,
      ...directives.map((directive) => `      ${directive}`),
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
  };
}

function caddyConfig(directives: string[]) {
  return (site: ProxySite) =>
    [
      '# relaycheck: Caddy as a reverse proxy in front of its reference upstream, loopback only',
      '{',
      '\tadmin off',
      '\tauto_https off',
      `\tstorage file_system ${q(path.join(site.dir, 'data'))}`,
      '}',
      `http://127.0.0.1:${site.port} {`,
      '\tbind 127.0.0.1',
      ...directives.map((directive) => `\t${directive}`),
      `\treverse_proxy ${site.upstreamHost}`,
      '}',
      '',
    ].join('\n');
}

const nginxProxy = (id: string, title: string, directives: string[]): ReverseProxy => ({
  id,
  title,
  package: NGINX,
  configFile: 'nginx.conf',
  config: nginxConfig(directives),
  args: (site) => ['-p', site.dir, '-c', path.join(site.dir, 'nginx.conf'), '-e', 'stderr'],
  env: () => ({}),
});

const caddyProxy = (id: string, title: string, directives: string[]): ReverseProxy => ({
  id,
  title,
  package: CADDY,
  configFile: 'Caddyfile',
  config: caddyConfig(directives),
  args: (site) => ['run', '--config', path.join(site.dir, 'Caddyfile'), '--adapter', 'caddyfile'],
  env: (site) => ({ HOME: site.dir, XDG_DATA_HOME: path.join(site.dir, 'data'), XDG_CONFIG_HOME: path.join(site.dir, 'config') }),
});

export const REVERSE_PROXIES: readonly ReverseProxy[] = [
  nginxProxy('nginx', 'nginx, proxy_pass with its defaults (proxy_buffering on)', []),
  nginxProxy('nginx-unbuffered', 'nginx, proxy_pass with proxy_buffering off', ['proxy_buffering off;']),
  caddyProxy('caddy', 'Caddy, a plain reverse_proxy', []),
  caddyProxy('caddy-encode', 'Caddy, reverse_proxy behind encode zstd gzip', ['encode zstd gzip']),
];

export function reverseProxy(id: string): ReverseProxy | undefined {
  return REVERSE_PROXIES.find((proxy) => proxy.id === id);
}

const SERVE = path.join(PACKAGE_ROOT, 'harness', 'gateways', 'serve-reverse-proxy.ts');

/** The `--relay-cmd` that serves `proxy` (its binary installed at `binary`) on `{port}` in front of `{upstream}`. */
export function reverseProxyRelayCommand(proxy: ReverseProxy, binary: string): string {
  return [process.execPath, '--import', 'tsx', SERVE, '--proxy', proxy.id, '--binary', binary, '--upstream', '{upstream}', '--port', '{port}'].map((word) => (word.startsWith('{') || word.startsWith('--') ? word : JSON.stringify(word))).join(' ');
}

export const DEBIAN_CACHE_DIR = path.join(PACKAGE_ROOT, '.cache', 'debian');
