// The network a corporate user sits behind: proxies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, as curl
// and undici read them) and private CAs. Plain data; http-client.ts turns it into a dispatcher.
import tls from 'node:tls';
import { Agent, type Dispatcher, EnvHttpProxyAgent } from 'undici';

export interface NetworkSettings {
  /** Absent: every request goes straight to the relay. */
  proxy?: { http?: string; https?: string; noProxy?: string };
  /** PEM certificates trusted beside Node's own roots (--ca-file, NODE_EXTRA_CA_CERTS). */
  extraCa?: string[];
}

export interface DispatcherLimits {
  connectTimeoutMs: number;
  maxHeaderBytes: number;
}

/**
 * Through a proxy every request, http:// too, goes through a CONNECT tunnel (undici's default), so
 * the relay key and the request travel inside it to the relay's origin; the proxy sees host:port.
 */
export function createDispatcher(network: NetworkSettings, limits: DispatcherLimits): Dispatcher {
  const trust = network.extraCa?.length ? { ca: [...tls.rootCertificates, ...network.extraCa] } : {};
  const connect = { timeout: limits.connectTimeoutMs, ...trust };
  // Our own deadlines govern; undici's per-phase timers only back them up.
  const common = { maxHeaderSize: limits.maxHeaderBytes, headersTimeout: 0, bodyTimeout: 0 };
  if (!network.proxy) return new Agent({ ...common, connect });
  // Empty strings, never undefined: undici would fall back to this process's environment.
  const { http = '', https = '', noProxy = '' } = network.proxy;
  return new EnvHttpProxyAgent({ ...common, connect, requestTls: connect, proxyTls: { timeout: limits.connectTimeoutMs }, httpProxy: http, httpsProxy: https, noProxy });
}
