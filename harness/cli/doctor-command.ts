// `relaycheck doctor`: examine the relay in the Codex config (or given by flags), explain what is
// wrong with evidence and a fix, and print the provider block that was seen to work.
// Exit 0: works with Codex; 1: a problem was found; 2: usage error.
import { Command } from 'commander';
import type { CliCommand, CliIo } from './cli-io.ts';
import { EXIT } from './usage-error.ts';
import { parseBaseUrl, parseIntegerOption } from './option-parsers.ts';
import { buildSubject, type SubjectFlags } from '../doctor/doctor-subject.ts';
import { runDoctor, DOCTOR_REPORT_VERSION, type DoctorReport } from '../doctor/run-doctor.ts';
import { renderDoctor } from '../doctor/render-doctor.ts';
import { CodexConfigError } from '../codex-config/read-config.ts';
import { finding } from '../codex-config/finding.ts';
import { SEND_CHATGPT_TOKEN_HELP, chatGptTokenExposure, guardChatGptToken } from '../codex-config/chatgpt-token-guard.ts';
import { CA_FILE_HELP, networkSettings } from './network-option.ts';
import { CODEX_VERSION_FLAG, CODEX_VERSION_HELP, chooseCodexProfile } from './codex-version-option.ts';

interface DoctorFlags extends SubjectFlags {
  json?: boolean;
  codexVersion?: string;
  timeoutMs: number;
  sendChatgptToken?: boolean;
  caFile?: string;
}

export function doctorCommand(io: CliIo): CliCommand {
  return {
    definition: new Command('doctor')
      .option('--codex-config [path]', 'Codex config.toml (default: $CODEX_HOME/config.toml, else ~/.codex/config.toml)')
      .option('--provider <name>', 'use [model_providers.<name>] instead of model_provider (with flags: the id for the suggested block)')
      .option('--profile <name>', 'apply [profiles.<name>]')
      .option('--base-url <url>', 'examine this base_url instead of a config', parseBaseUrl)
      .option('--api-key-env <name>', 'environment variable holding the relay key')
      .option('--model <slug>', 'model to request')
      .option(CODEX_VERSION_FLAG, CODEX_VERSION_HELP)
      .option('--ca-file <path>', CA_FILE_HELP)
      .option('--json', 'print the diagnosis as JSON')
      .option('--send-chatgpt-token', SEND_CHATGPT_TOKEN_HELP)
      .option('--timeout-ms <n>', 'deadline for each probe', parseIntegerOption('--timeout-ms', 100, 600_000), 60_000),
    execute: (flags: DoctorFlags) => executeDoctor(flags, io),
  };
}

async function executeDoctor(flags: DoctorFlags, io: CliIo): Promise<number> {
  let report: DoctorReport;
  const network = await networkSettings(io.env, flags.caFile);
  try {
    const subject = await buildSubject(flags, io.env);
    // Decided on exactly what the probes would send, before any of them.
    const exposure = subject.target && chatGptTokenExposure(subject.target, subject.auth, subject.providerId);
    const warning = guardChatGptToken(exposure, flags.sendChatgptToken === true);
    const codex = await chooseCodexProfile(flags.codexVersion, subject.origin.kind === 'config', io);
    const idleTimeoutMs = Math.min(subject.idleTimeoutMs ?? flags.timeoutMs, flags.timeoutMs);
    report = await runDoctor(subject, { limits: { deadlineMs: flags.timeoutMs, idleTimeoutMs }, codex, network, ...(warning ? { warnings: [warning] } : {}) });
  } catch (error) {
    // A config that does not parse is a diagnosis, not a usage error: Codex would not start either.
    if (!(error instanceof CodexConfigError) || error.kind !== 'syntax') throw error;
    report = syntaxReport(error);
  }
  io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report));
  return report.ok ? EXIT.compatible : EXIT.notCompatible;
}

function syntaxReport(error: CodexConfigError): DoctorReport {
  return {
    schemaVersion: DOCTOR_REPORT_VERSION,
    subject: { source: 'config.toml', provider: '(unknown)', credential: 'not read' },
    ok: false,
    findings: [finding('config.syntax', 'config', 'error', error.message, [], 'fix the TOML syntax; Codex refuses to start with this file')],
    verified: [],
  };
}
