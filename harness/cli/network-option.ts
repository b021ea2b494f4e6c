// `--ca-file` and the proxy variables, read from the command's environment (io.env) into
// NetworkSettings. A proxy that is not a URL or a CA file that holds no certificate is a usage error.
import { readFile } from 'node:fs/promises';
import type { NetworkSettings } from '../http/network-settings.ts';
import { UsageError } from './usage-error.ts';

export const CA_FILE_HELP = 'PEM file of a private CA to trust beside the system roots (NODE_EXTRA_CA_CERTS is read too)';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_CA_FILE_BYTES = 4 * 1024 * 1024;

/** curl's and undici's reading: the lower-case name first. */
const variable = (env: NodeJS.ProcessEnv, name: string) => env[name.toLowerCase()] || env[name] || undefined;

export async function networkSettings(env: NodeJS.ProcessEnv, caFile: string | undefined): Promise<NetworkSettings> {
  const http = proxyUrl(env, 'HTTP_PROXY');
  const https = proxyUrl(env, 'HTTPS_PROXY');
  const noProxy = variable(env, 'NO_PROXY');
  const files = [caFile && { file: caFile, from: '--ca-file' }, env.NODE_EXTRA_CA_CERTS && { file: env.NODE_EXTRA_CA_CERTS, from: 'NODE_EXTRA_CA_CERTS' }].filter((f): f is { file: string; from: string } => Boolean(f));
  const extraCa = (await Promise.all(files.map(({ file, from }) => readCertificates(file, from)))).flat();
  return {
    ...((http || https) && { proxy: { ...(http && { http }), ...(https && { https }), ...(noProxy && { noProxy }) } }),
    ...(extraCa.length > 0 && { extraCa }),
  };
}

function proxyUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = variable(env, name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} is not a URL (expected e.g. http://proxy.example.com:3128)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must be an http:// or https:// proxy, got ${url.protocol}`);
  return value;
}

async function readCertificates(file: string, from: string): Promise<string[]> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.byteLength > MAX_CA_FILE_BYTES) throw new UsageError(`${from} ${file}: over ${MAX_CA_FILE_BYTES} bytes, not a CA file`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${from} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const certificates = text.match(PEM_CERTIFICATE);
  if (!certificates) throw new UsageError(`${from} ${file}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
  return certificates;
}
