// Preloaded into a real gateway under test (`node --import`): every TCP connection to a host that is
// not loopback is refused before any DNS lookup, and named on stderr. A gateway nobody here wrote
// may reach out on its own (telemetry, a default provider); in relaycheck's tests it never gets out.
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() passes its normalized [options, callback] array; callers may pass (port, host).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (options.path === undefined && options.host !== undefined && !LOOPBACK.has(options.host)) {
    process.stderr.write(`loopback-only: refused ${options.host}:${options.port}\n`);
    process.nextTick(() => this.destroy(new Error(`loopback-only: ${options.host} is not loopback`)));
    return this;
  }
  return connect.apply(this, args);
};
