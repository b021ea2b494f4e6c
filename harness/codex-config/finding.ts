// A diagnosis as plain data: what is wrong (or worth knowing), the evidence, and the fix. Config lint,
// `relaycheck run --codex-config` and `relaycheck doctor` all speak in findings, so one renderer and
// one JSON shape serve them all. A finding never carries a secret: builders pass text through a Redactor.

/** error: Codex fails (or fails to load the config). warning: works, but risky or ignored. info: context. */
export type FindingSeverity = 'error' | 'warning' | 'info';

export type FindingArea = 'config' | 'auth' | 'endpoint' | 'model' | 'transport' | 'stream';

export interface Finding {
  /** Stable id, e.g. `config.wire-api-chat`: tests and scripts match on it. */
  id: string;
  area: FindingArea;
  severity: FindingSeverity;
  /** One line: what is wrong. */
  title: string;
  /** What was observed: config lines, HTTP statuses, error messages. */
  evidence: string[];
  /** What to change, when there is something to change. */
  fix?: string;
}

export function finding(id: string, area: FindingArea, severity: FindingSeverity, title: string, evidence: string[] = [], fix?: string): Finding {
  return fix === undefined ? { id, area, severity, title, evidence } : { id, area, severity, title, evidence, fix };
}

export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');
