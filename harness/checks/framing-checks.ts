// Recommended checks on SSE framing: what a strict SSE client or the spec expects beyond what Codex
// needs (Codex itself copes with event-name mismatches, [DONE] and comments).
import { CheckId } from './ids.ts';
import { type Check, FailureList, excerpt, skipUnlessStreamed } from './check.ts';

export const framing: Check = {
  id: CheckId.framing,
  severity: 'recommended',
  title: 'Every event is framed cleanly',
  requirement: 'Each event is one `data:` line holding one JSON document, ended by a blank line, in valid UTF-8, without stray fields.',
  observe() {
    return {
      end(end) {
        const skip = skipUnlessStreamed(end);
        if (skip) return skip;
        const failures = new FailureList();
        for (const issue of end.framing) failures.add({ message: `${issue.kind}: ${issue.detail}`, eventIndex: issue.eventIndex });
        return failures.outcome(`${end.events} event(s) cleanly framed`, (n) => `${n} framing problem(s)`);
      },
    };
  },
};

export const eventNameMatchesType: Check = {
  id: CheckId.eventNameMatchesType,
  severity: 'recommended',
  title: 'The event: name equals data.type',
  requirement: 'When an event has an `event:` line, its name equals the `type` in its data (Codex reads only the data).',
  observe() {
    const failures = new FailureList();
    return {
      event(event) {
        if (event.event !== undefined && event.type !== undefined && event.event !== event.type) {
          failures.add({ message: 'event name differs from data.type', path: '/type', eventIndex: event.index, expected: excerpt(event.event, 80), actual: excerpt(event.type, 80) });
        }
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome('event names match data.type', (n) => `${n} event(s) named differently from their data.type`);
      },
    };
  },
};

export const eventsParse: Check = {
  id: CheckId.eventsParse,
  severity: 'recommended',
  title: 'Every event is a JSON object with a type',
  requirement: 'Each event\'s data is a JSON object with a string `type`; Codex silently skips anything else (such as `[DONE]`), so nothing should rely on it.',
  observe() {
    const failures = new FailureList();
    return {
      event(event) {
        if (event.type === undefined) {
          failures.add({ message: event.json === undefined ? 'data is not JSON' : 'data has no string type', eventIndex: event.index, expected: 'JSON object with "type"', actual: excerpt(event.data, 120) });
        }
      },
      end(end) {
        return skipUnlessStreamed(end) ?? failures.outcome('all events are typed JSON objects', (n) => `${n} event(s) Codex skips as unreadable`);
      },
    };
  },
};

export const framingChecks: Check[] = [framing, eventNameMatchesType, eventsParse];
