// No HTTP answer at all: name the network failure (TLS, refused, DNS, timeout, not HTTP) and say
// what to change. Codex fails the same way, after retrying.
import { finding } from '../codex-config/finding.ts';
import { responsesUrl, type Diagnoser } from './diagnosis.ts';

export const diagnoseTransport: Diagnoser = (probe) => {
  const error = probe.result.error;
  if (!error || probe.status !== undefined) return undefined;
  const url = new URL(probe.target.baseUrl);
  const where = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
  const evidence = [`POST ${responsesUrl(probe)}: ${error.message}`];
  const report = (id: string, title: string, fix: string) => ({ findings: [finding(`transport.${id}`, 'transport', 'error', title, evidence, fix)], verified: [] });

  switch (error.kind) {
    case 'tls':
      if (error.plainHttp) {
        return report('tls', `TLS error: ${where} does not speak TLS (base_url says https://, the port answers plain HTTP)`, `use http:// for this port, or the relay's TLS port`);
      }
      return report('tls', `TLS error: the certificate of ${url.hostname} is not trusted`, 'Codex checks certificates the same way: give the relay a certificate from a public CA (self-signed and private-CA certificates are refused)');
    case 'refused':
      return report('refused', `nothing is listening at ${where} (connection refused)`, 'start the relay, or fix the host and port in base_url');
    case 'dns':
      return report('dns', `the host name ${url.hostname} does not resolve`, 'fix the host name in base_url');
    case 'timeout':
      return report('timeout', `${where} did not answer in time`, 'check that the relay is reachable from this machine (firewall, proxy, VPN); Codex would wait and retry too');
    case 'not-http':
      return report('not-http', `${where} answered with bytes that are not HTTP`, url.protocol === 'http:' ? 'if this port serves TLS, use https:// in base_url' : 'check the port in base_url');
    default:
      return report(error.kind, `the request to ${where} failed: ${error.kind}`, 'check the relay and the network between you');
  }
};
