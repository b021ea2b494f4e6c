// Recommended checks: every event and Response object against our JSON Schemas of the OpenAI spec.
import { validateResponseObject, validateStreamEvent, type SchemaIssue } from './schema-validation.ts';
import { CheckId } from './ids.ts';
import { type Check, FailureList, isRecord, skipUnlessStreamed } from './check.ts';
import type { Failure } from '../report/model.ts';

const RESPONSE_LIFECYCLE = new Set(['response.created', 'response.in_progress', 'response.completed', 'response.failed', 'response.incomplete', 'response.queued']);

function toFailure(issue: SchemaIssue, eventIndex: number, prefix = ''): Failure {
  return { message: issue.message, path: `${prefix}${issue.pointer}`, expected: issue.expected, actual: issue.received, eventIndex };
}

export const eventSchema: Check = {
  id: CheckId.eventSchema,
  severity: 'recommended',
  title: 'Every event matches its OpenAI schema',
  requirement: 'Each stream event has the fields and types the OpenAI spec gives its type, and its type is one the spec defines.',
  observe() {
    const failures = new FailureList();
    return {
      event(event) {
        if (event.type === undefined) return;
        const { known, issues } = validateStreamEvent(event.json);
        if (!known) {
          failures.add({ message: `event type ${event.type} is not in the OpenAI spec`, path: '/type', eventIndex: event.index, expected: 'a spec event type', actual: event.type });
          return;
        }
        for (const issue of issues) failures.add(toFailure(issue, event.index));
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome('all events match their schemas', (n) => `${n} schema problem(s) in events`);
      },
    };
  },
};

export const responseSchema: Check = {
  id: CheckId.responseSchema,
  severity: 'recommended',
  title: 'The Response object matches the OpenAI schema',
  requirement: 'The `response` in created / in_progress / completed / failed / incomplete events is a complete Response object.',
  observes: [...RESPONSE_LIFECYCLE],
  observe() {
    const failures = new FailureList();
    let seen = 0;
    return {
      event(event) {
        if (event.type === undefined || !RESPONSE_LIFECYCLE.has(event.type) || !isRecord(event.json)) return;
        seen++;
        for (const issue of validateResponseObject(event.json.response)) failures.add(toFailure(issue, event.index, '/response'));
      },
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        if (seen === 0) return { status: 'skip', message: 'no response lifecycle event' };
        return failures.outcome(`${seen} Response object(s) match the schema`, (n) => `${n} schema problem(s) in Response objects`);
      },
    };
  },
};

export const schemaChecks: Check[] = [eventSchema, responseSchema];
