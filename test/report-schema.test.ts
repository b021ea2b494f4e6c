import { describe, expect, it } from 'vitest';
import reportSchema from '../harness/schemas/report.schema.json' with { type: 'json' };
import type { CaseResult, CheckResult, DiagnosisProbe, Failure, FidelityFinding, FidelityReport, HeaderObservation, LiveCodex, LiveCodexTurn, RetriedAnswer, RunDiagnosis, RunReport, RunSummary, Transcript, TranscriptEvent, TransportError } from '../harness/report/model.ts';
import { validateReport } from '../harness/report/validate-report.ts';
import { runConformance } from '../harness/run/runner.ts';
import { ALL_SUITES } from '../suites/index.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { CODEX_VERSION } from '../harness/codex/codex-version.ts';
import { startHttpRelay } from '../harness/relays/loopback-servers.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const mutated = (edit: (r: RunReport) => void): RunReport => {
  const report = loadReport('mixed-failures-with-error');
  edit(report);
  return report;
};

describe('report.schema.json', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('accepts the canned %s report', (name) => {
    expect(validateReport(loadReport(name))).toEqual({ valid: true, errors: [] });
  });

  it('rejects a case status outside the enum, naming where', () => {
    const result = validateReport(mutated((r) => ((r.cases[0] as { status: string }).status = 'passed')));
    expect(result.valid).toBe(false);
    expect(result.errors).toContainEqual(expect.stringMatching(/^\/cases\/0\/status: .*"pass", "fail", "warn", "skip", "unsupported", "error"/));
  });

  it('rejects a missing required field', () => {
    const result = validateReport(mutated((r) => delete (r.cases[1] as Partial<CaseResult>).requirement));
    expect(result.valid).toBe(false);
    expect(result.errors).toContain("/cases/1: must have required property 'requirement'");
  });

  it('rejects a field the model does not have (drift)', () => {
    const result = validateReport(mutated((r) => Object.assign(r.cases[0]!.checks[0]!, { severity: 'required', weight: 3 })));
    expect(result.errors).toContain('/cases/0/checks/0: must NOT have additional properties: "weight"');
  });

  it('rejects another schemaVersion, bad verdicts, bad severities and transport kinds', () => {
    const result = validateReport(
      mutated((r) => {
        (r as { schemaVersion: number }).schemaVersion = 2;
        (r.verdict as { codex: string }).codex = 'ok';
        (r.cases[0]!.checks[0] as { severity: string }).severity = 'optional';
        (r.cases[3]!.error as { kind: string }).kind = 'ECONNREFUSED';
      }),
    );
    expect(result.errors.map((e) => e.split(':')[0])).toEqual(
      expect.arrayContaining(['/schemaVersion', '/verdict/codex', '/cases/0/checks/0/severity', '/cases/3/error/kind']),
    );
  });

  it('requires the transport error on an error case and the HTTP status on an unsupported one', () => {
    const noError = validateReport(mutated((r) => delete r.cases.find((c) => c.status === 'error')!.error));
    expect(noError.errors).toContainEqual(expect.stringContaining("must have required property 'error'"));
    const chatOnly = loadReport('unsupported-chat-only');
    delete chatOnly.cases[0]!.http;
    expect(validateReport(chatOnly).errors).toContainEqual(expect.stringContaining("/cases/0: must have required property 'http'"));
  });

  it('rejects non-finite numbers and timestamps that are not date-times', () => {
    expect(validateReport(mutated((r) => (r.cases[0]!.durationMs = Number.NaN))).valid).toBe(false);
    expect(validateReport(mutated((r) => (r.startedAt = 'yesterday'))).errors).toContainEqual(expect.stringMatching(/^\/startedAt: must match format "date-time"/));
  });

  it('rejects a summary that does not count the cases, and duplicate case ids', () => {
    expect(validateReport(mutated((r) => r.summary.passed++)).errors).toEqual(['/summary/passed: is 3 but the cases count 2']);
    expect(validateReport(mutated((r) => (r.cases[1]!.id = r.cases[0]!.id))).errors).toContainEqual(expect.stringContaining('duplicate case id "turns.plain"'));
  });

  it('bounds the error list for a value that is nothing like a report', () => {
    const result = validateReport({ cases: Array.from({ length: 50 }, () => ({})) });
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeLessThanOrEqual(21);
    expect(result.errors.at(-1)).toMatch(/^… \d+ more problems$/);
    expect(validateReport(null).valid).toBe(false);
  });

  // Full objects of every model type: adding a field to model.ts breaks this file's typecheck until
  // it is added here, and then this test until it is in the schema.
  it('names exactly the fields model.ts declares', () => {
    const failure: Required<Failure> = { message: '', path: '', expected: 1, actual: 2, eventIndex: 0 };
    const check: Required<CheckResult> = { id: 'x', severity: 'required', status: 'fail', message: '', failures: [failure] };
    const event: Required<TranscriptEvent> = { atMs: 0, event: '', type: '', data: '' };
    const transcript: Required<Transcript> = {
      request: { method: 'POST', url: '', headers: {}, bodyBytes: 0, fixture: 'plain-turn-gpt-5.5', model: 'm', body: '{}' },
      response: { status: 200, statusText: '', headers: {}, headersMs: 0, url: '' },
      events: [event],
      eventsTotal: 1,
      bytesReceived: 0,
      bodyPreview: '',
      arrivals: { every: 1, atMs: [0], lastMs: 0, endMs: 1, idleTimeoutMs: 300_000, idleEnded: true },
    };
    const error: Required<TransportError> = { kind: 'tls', message: '', plainHttp: true };
    const retried: Required<RetriedAnswer> = { layer: 'request', status: 500, cause: 'HTTP 500', delayMs: 200, delaySource: 'backoff' };
    const c: Required<CaseResult> = { id: 'a', suite: 's', title: '', requirement: '', status: 'error', core: true, silentSocket: 'hangs', durationMs: 0, http: { status: 200 }, error, labels: [], checks: [check], transcript, runs: { statuses: ['error', 'pass'], flaky: true }, retries: { count: 1, delayMs: 200, answers: [retried], cutShort: true }, tokens: { input: 10, cached: 4, output: 2 } };
    const summary: Required<RunSummary> = { total: 1, passed: 0, failed: 0, warned: 0, skipped: 0, unsupported: 0, errored: 1 };
    const probe: Required<DiagnosisProbe> = { purpose: 'models', method: 'GET', url: 'http://x/models', status: 200, error: '', message: '', answer: 'other', models: { count: 1, names: ['openai/m'] } };
    const diagnosis: Required<RunDiagnosis> = { kind: 'model-not-served', labels: ['model-not-served'], refusal: { url: 'http://x/responses', status: 404, message: '' }, model: { requested: 'm', closest: ['openai/m'] }, probes: [probe] };
    const liveTurn: Required<LiveCodexTurn> = { turn: 'function_call', succeeded: false, exitCode: 1, error: 'stream disconnected', fallback: 'Falling back from WebSockets to HTTPS transport.', relaycheck: 'succeeds', durationMs: 1200 };
    const liveCodex: Required<LiveCodex> = { version: '0.171.0', agrees: false, turns: [liveTurn] };
    const finding: Required<FidelityFinding> = { id: 'fidelity.tools-preserved', severity: 'required', caseId: 'a', message: 'm', expected: 1, received: 2 };
    const header: Required<HeaderObservation> = { name: 'openai-model', value: 'gpt-4o-mini', effect: 'warns-model-rerouted', answers: 2, cases: ['a'] };
    const fidelity: Required<FidelityReport> = { upstreamUrl: 'http://127.0.0.1:1/v1', sides: ['responses', 'chat'], verdict: 'not-faithful', requiredFindings: 1, unansweredCases: 0, findings: [finding] };
    const report: Required<RunReport> = {
      schemaVersion: 1,
      tool: { name: 'relaycheck', version: '0' },
      codex: { version: '0.171.0' },
      target: { baseUrl: 'http://x', model: 'm' },
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:01Z',
      summary,
      verdict: { codex: 'incompatible', spec: 'not-evaluated', reasons: [] },
      warnings: [{ id: 'credentials.chatgpt-token-sent', message: 'sent' }],
      interrupted: { planned: 2 },
      cases: [c],
      repeat: { runs: 2 },
      diagnosis,
      suites: [{ id: 's', title: 'S' }],
      codexRetries: { requestMaxRetries: 4, streamMaxRetries: 5 },
      liveCodex,
      filter: { cases: ['a'], checks: ['http.status-ok'], selected: 1, of: 2 },
      tokens: { input: 10, cached: 4, output: 2, cases: 1 },
      headers: [header],
      fidelity,
    };
    expect(validateReport(report)).toEqual({ valid: true, errors: [] });

    const defs = reportSchema.$defs;
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(reportSchema.properties)).toEqual(keys(report));
    expect(keys(defs.CaseResult.properties)).toEqual(keys(c));
    expect(keys(defs.CheckResult.properties)).toEqual(keys(check));
    expect(keys(defs.Failure.properties)).toEqual(keys(failure));
    expect(keys(defs.Transcript.properties)).toEqual(keys(transcript));
    expect(keys(defs.Transcript.properties.request.properties)).toEqual(keys(transcript.request));
    expect(keys(reportSchema.properties.suites.items.properties)).toEqual(keys(report.suites[0]!));
    expect(keys(defs.TranscriptEvent.properties)).toEqual(keys(event));
    expect(keys(defs.TransportError.properties)).toEqual(keys(error));
    expect(keys(defs.RunSummary.properties)).toEqual(keys(summary));
    expect(keys(defs.RunDiagnosis.properties)).toEqual(keys(diagnosis));
    expect(keys(defs.DiagnosisProbe.properties)).toEqual(keys(probe));
    expect(keys(defs.RetriedAnswer.properties)).toEqual(keys(retried));
    expect(keys(defs.LiveCodex.properties)).toEqual(keys(liveCodex));
    expect(keys(defs.LiveCodexTurn.properties)).toEqual(keys(liveTurn));
    expect(keys(reportSchema.properties.headers.items.properties)).toEqual(keys(header));
    expect(keys(reportSchema.properties.fidelity.properties)).toEqual(keys(fidelity));
    expect(keys(reportSchema.properties.fidelity.properties.findings.items.properties)).toEqual(keys(finding));
  });

  it('accepts what the runner really produces (a Chat Completions-only relay)', async () => {
    const server = await startHttpRelay((req, res) => {
      const chat = req.url?.endsWith('/chat/completions');
      res.writeHead(chat ? 200 : 404, { 'content-type': 'application/json' });
      res.end(chat ? '{"id":"c","choices":[]}' : '{"error":{"message":"Not Found"}}');
    });
    try {
      const { baseUrl } = server;
      const report = await runConformance({ target: { baseUrl, apiKey: 'sk-schema-test-0123456789' }, suites: ALL_SUITES, limits: { deadlineMs: 30_000, idleTimeoutMs: 15_000 } });
      expect(report.summary.unsupported).toBeGreaterThan(0);
      expect(report.diagnosis).toMatchObject({ kind: 'endpoint-unsupported', labels: ['chat-completions-only'], probes: [{ purpose: 'chat-completions', method: 'POST', status: 200, answer: 'other' }] });
      expect(report.codex).toEqual({ version: CODEX_VERSION });
      expect(validateReport(JSON.parse(JSON.stringify(report)))).toEqual({ valid: true, errors: [] });
    } finally {
      await server.close();
    }
  });
});
