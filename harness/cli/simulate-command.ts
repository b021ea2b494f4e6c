// `relaycheck simulate <relay>`: serves one built-in simulated relay on loopback until interrupted, so
// the CLI (or a CI job, or Codex itself) can be pointed at a known-good or known-broken relay: the
// catalogue's relays, the websocket suite's (the reference relay with one WebSocket fault), and the
// doctor's scenarios (docs/vetting-a-relay.md).
import { Command } from 'commander';
import { RELAYS, UnknownRelayError, startRelay } from '../relays/catalogue.ts';
import { WEBSOCKET_RELAYS, getWebSocketRelay, startWebSocketRelay } from '../relays/websocket-relays.ts';
import { DOCTOR_SCENARIOS, isDoctorScenario, startDoctorRelay } from '../relays/doctor-scenarios.ts';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT, UsageError } from './usage-error.ts';
import { parseIntegerOption } from './option-parsers.ts';

/** Every name simulate serves: the catalogue's, the websocket relays, then the doctor's scenarios that are not in the catalogue. */
const SIMULATED_NAMES = [...RELAYS.map((r) => r.name), ...WEBSOCKET_RELAYS.map((r) => r.name), ...DOCTOR_SCENARIOS.filter((name) => !RELAYS.some((r) => r.name === name))];

export function simulateCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('simulate')
      .argument('<relay>', `relay name: ${SIMULATED_NAMES.join(', ')}`)
      .option('--port <n>', 'port to listen on (default: a free one)', parseIntegerOption('--port', 0, 65535), 0)
      .option('--api-key-env <name>', 'require this bearer key (read from the environment variable)'),
    async execute(name: string, flags: { port: number; apiKeyEnv?: string }) {
      const apiKey = flags.apiKeyEnv ? io.env[flags.apiKeyEnv] : undefined;
      if (flags.apiKeyEnv && !apiKey) throw new UsageError(`--api-key-env ${flags.apiKeyEnv}: that environment variable is not set`);
      let relay;
      const websocket = getWebSocketRelay(name);
      try {
        relay = websocket ? await startWebSocketRelay(websocket, { port: flags.port, apiKey }) : isDoctorScenario(name) && !RELAYS.some((r) => r.name === name) ? await startDoctorRelay(name, { port: flags.port, apiKey }) : await startRelay(name, { port: flags.port, apiKey });
      } catch (error) {
        if (error instanceof UnknownRelayError) throw new UsageError(`unknown simulated relay "${name}" (known: ${SIMULATED_NAMES.join(', ')})`);
        throw new UsageError(`cannot listen on 127.0.0.1:${flags.port}: ${(error as Error).message}`);
      }
      io.stdout.write(`relay "${name}" serving base_url ${relay.baseUrl} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await relay.close();
      return EXIT.compatible;
    },
  };
}
