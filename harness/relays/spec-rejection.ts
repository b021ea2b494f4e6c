// A request the spec's schema refuses, answered as OpenAI answers it: HTTP 400 with the first
// problem named by its parameter path (`tools[0].name`) in the API's own wording ("Missing required
// parameter: 'tools[0].name'."), so a relay that forwards a malformed request sees the error the
// real upstream would give.
import type { SchemaIssue } from '../checks/schema-validation.ts';
import type { Rejection } from './reply-policy.ts';

/** `/tools/0/name` → `tools[0].name`, as OpenAI writes a parameter path. */
export function parameterPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => (/^\d+$/.test(token) ? `${path}[${token}]` : path ? `${path}.${token}` : token), '');
}

/** The 400 for the first issue, or undefined when there is none. */
export function specRejection(issues: readonly SchemaIssue[]): Rejection | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  const param = parameterPath(issue.pointer);
  switch (issue.keyword) {
    case 'required':
      return reject(`Missing required parameter: '${param}'.`, 'missing_required_parameter', param);
    case 'type':
      return reject(`Invalid type for '${param}': expected ${issue.expected}, but got ${issue.received} instead.`, 'invalid_type', param);
    case 'minItems':
      return reject(`Invalid '${param}': empty array. Expected an array with minimum length 1, but got an empty array instead.`, 'empty_array', param);
    default:
      return reject(`Invalid value for '${param}': ${issue.received}. ${issue.expected === '' ? '' : `Expected ${issue.expected}.`}`.trim(), 'invalid_value', param);
  }
}

function reject(message: string, code: string, param: string): Rejection {
  return { ok: false, status: 400, error: { message, code, param: param || null } };
}
