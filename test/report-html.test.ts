import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { http, HttpResponse } from 'msw';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { startRelay } from '../harness/relays/catalogue.ts';
import { serveHandlers } from '../harness/relays/serve-handlers.ts';
import { curlReproducer, shellQuote } from '../harness/report/curl-reproducer.ts';
import { PAGE_CSP } from '../harness/report/html-document.ts';
import { PAGE_CSS } from '../harness/report/html-styles.ts';
import { renderHtml } from '../harness/report/render-html.ts';
import { writeReports } from '../harness/report/write-reports.ts';
import { runConformance } from '../harness/run/runner.ts';
import { ALL_SUITES } from '../suites/index.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { nonEmpty } from './helpers/non-empty.ts';

const KEY = 'sk-html-test-key-7c6b5a4d3e2f1a0b';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.RELAYCHECK_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots stay after the run so a person can look at them. */
const SCREENSHOTS = process.env.RELAYCHECK_SCREENSHOTS ?? path.join(os.tmpdir(), 'relaycheck-screenshots');
// None of these relays stalls: the bounds only guard a hang, far above what a loaded machine adds.
const LIMITS = { deadlineMs: 60_000, idleTimeoutMs: 30_000 };
const run = promisify(execFile);

/** Markup a relay may try to smuggle into the report, each trying to set window.__xss. */
const PAYLOADS = [
  '<script>window.__xss=(window.__xss||0)+1</script>',
  '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  '"><svg onload="window.__xss=1"></svg>',
  "'><iframe srcdoc='<script>parent.__xss=1</script>'></iframe>",
  '</code></pre></details><script>window.__xss=1</script>',
  '<a href="javascript:window.__xss=1">click</a>',
];

const isPng = async (file: string) => (await readFile(file)).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe('renderHtml', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('renders %s as one self-contained page under a strict CSP', (name) => {
    const html = renderHtml(loadReport(name));
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`);
    expect(PAGE_CSP).toContain("script-src 'none'");
    expect(PAGE_CSP).toContain("default-src 'none'");
    // Nothing to fetch: no scripts, stylesheets, images, frames or remote URLs in attributes.
    // Every attribute value is double-quoted with its quotes escaped: blank the values, keep the names.
    const tags = (html.match(/<[a-z][^>]*>/gi) ?? []).map((tag) => tag.replace(/="[^"]*"/g, '=""'));
    expect(tags.filter((tag) => /^<(script|link|img|iframe|object|embed|base|form)\b/i.test(tag))).toEqual([]);
    expect(tags.filter((tag) => /\s(src|srcset|action|formaction)=/i.test(tag))).toEqual([]);
    for (const href of html.match(/\shref="[^"]*"/g) ?? []) expect(href).toMatch(/^ href="#case-\d+(-ev-\d+)?"$/);
    // No inline event handler and no inline style: the CSP would block them, the page needs none.
    expect(tags.filter((tag) => /\s(on[a-z]+|style)=/i.test(tag))).toEqual([]);
  });

  it('allows exactly its own stylesheet, by hash', () => {
    const hash = createHash('sha256').update(PAGE_CSS).digest('base64');
    expect(PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(renderHtml(loadReport('all-pass'))).toContain(`<style>${PAGE_CSS}</style>`);
  });

  it('puts the verdict and summary on top, then capabilities, then the cases that did not pass first', () => {
    const html = renderHtml(loadReport('mixed-failures-with-error'));
    const at = (text: string) => html.indexOf(text);
    expect(at('<h1>Codex: <span class="word">partial</span></h1>')).toBeGreaterThan(0);
    expect(at('<h1>')).toBeLessThan(at('<h2>Why</h2>'));
    expect(at('<h2>Why</h2>')).toBeLessThan(at('<h2 id="capabilities">'));
    expect(at('<h2 id="capabilities">')).toBeLessThan(at('<h3>Did not pass (5)</h3>'));
    expect(at('<h3>Did not pass (5)</h3>')).toBeLessThan(at('<h3>Passed (2)</h3>'));
    // Each capability shows its worst case.
    expect(html).toMatch(/<strong>Tool calls<\/strong>.*?<td><span class="chip s-fail"[^>]*>fail<\/span><br><span class="muted">tools\.function-call: /s);
    expect(html).toMatch(/<strong>Conversation turns<\/strong>.*?<td><span class="chip s-warn"/s);
  });

  it('shows each failure with its pointer, expected and received values, linked to its event', () => {
    const html = renderHtml(loadReport('mixed-failures-with-error'));
    // Event 7 is past the 3 events the transcript kept: named, not linked.
    expect(html).toContain('<td class="num" data-label="Event">#7</td>');
    expect(html).toContain('<td data-label="Pointer"><code>/item/arguments</code></td><td data-label="Expected"><code>string containing JSON</code></td><td data-label="Received"><code>{&quot;cmd&quot;:[&quot;ls&quot;,&quot;-la&quot;]}</code></td>');
    expect(html).toContain('<a href="#case-1-ev-0">#0</a>');
    expect(html).toContain('<tr id="case-1-ev-0" class="ev-row ev-lifecycle">');
  });

  it('escapes every hostile string and keeps the page bounded', () => {
    const html = renderHtml(loadReport('hostile-strings'));
    expect(html).not.toMatch(/<(script|img|svg onload|iframe)[\s>]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Bidi overrides, zero-width and control characters are shown as escapes, not obeyed.
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('\\u202eevil');
    expect(html.length).toBeLessThan(250_000);
  });
});

describe('curl reproducer', () => {
  const report = loadReport('mixed-failures-with-error');
  const functionCall = report.cases.find((c) => c.id === 'tools.function-call')!;

  it('reads the key from $RELAY_API_KEY, or the variable the user named, never writing it', () => {
    const lines = curlReproducer(report, functionCall)!;
    expect(lines).toContain('    -H "Authorization: Bearer $RELAY_API_KEY" \\');
    expect(lines.join('\n')).not.toMatch(/Bearer \[REDACTED\]|sk-/);
    expect(curlReproducer(report, functionCall, 'ACME_KEY')!.join('\n')).toContain('$ACME_KEY');
    // Only a plain variable name may be expanded by the shell.
    expect(curlReproducer(report, functionCall, '$(rm -rf ~)')!.join('\n')).toContain('$RELAY_API_KEY');
  });

  it('quotes every other argument so the shell expands nothing', () => {
    expect(shellQuote("it's $(id) `id`")).toBe("'it'\\''s $(id) `id`'");
    expect(shellQuote('line\nbreak')).toBe("'line\\nbreak'");
  });

  it.skipIf(!existsSync('/usr/bin/curl') || !existsSync('/usr/bin/jq'))('sends the same request again from a shell', async () => {
    const relay = await startRelay('object-arguments', { apiKey: KEY });
    try {
      const live = await runConformance({ target: { baseUrl: relay.baseUrl, apiKey: KEY }, suites: ALL_SUITES, limits: LIMITS });
      for (const id of ['tools.function-call', 'errors.malformed-request']) {
        const c = live.cases.find((x) => x.id === id)!;
        const command = curlReproducer(live, c)!.join('\n');
        expect(command).not.toContain(KEY);
        const { stdout } = await run('bash', ['-c', command], { cwd: REPO, env: { PATH: process.env.PATH, RELAY_API_KEY: KEY }, timeout: 20_000 });
        if (id === 'tools.function-call') {
          // The relay answers the replayed request as it answered relaycheck: with the bad arguments.
          expect(stdout).toContain('event: response.completed');
          expect(stdout).toMatch(/"arguments":\{"cmd":/);
        } else {
          expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'invalid_json' } });
        }
      }
    } finally {
      await relay.close();
    }
  });
});

/** A relay whose every answer carries markup: in SSE event names and data, headers, status text and an HTML error page. */
function scriptInjectingHandlers() {
  let count = 0;
  const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    http.post('*/v1/responses', () => {
      count++;
      if (count % 2 === 0) {
        const page = `<!doctype html><html><body>${PAYLOADS.join('\n')}</body></html>`;
        return new HttpResponse(page, { status: 502, statusText: PAYLOADS[1], headers: { 'content-type': 'text/html', 'x-relay-note': PAYLOADS[0]! } });
      }
      const frames = [
        sse('response.created', { type: 'response.created', sequence_number: 0, response: { id: PAYLOADS[0], object: 'response', status: 'in_progress', output: [] } }),
        sse(PAYLOADS[2]!, { type: 'response.output_text.delta', sequence_number: 1, item_id: PAYLOADS[3], output_index: 0, content_index: 0, delta: PAYLOADS[4] }),
        sse('response.failed', { type: 'response.failed', sequence_number: 2, response: { id: PAYLOADS[5], status: 'failed', error: { code: PAYLOADS[1], message: PAYLOADS.join(' ') } } }),
      ];
      return new HttpResponse(frames.join(''), { status: 200, headers: { 'content-type': 'text/event-stream', 'x-relay-note': PAYLOADS[1]!, [`x-${'a'.repeat(5)}`]: PAYLOADS[2]! } });
    }),
  ];
}

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('report.html in headless Chromium', () => {
  let context: BrowserContext;
  let profile: string;
  let dir: string;

  beforeAll(async () => {
    profile = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-chromium-profile-'));
    dir = await mkdtemp(path.join(os.tmpdir(), 'relaycheck-html-'));
    await mkdir(SCREENSHOTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
    });
  });
  afterAll(async () => {
    await context?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  /** Opens a page that records dialogs and every request it makes. */
  async function open(viewport = { width: 1280, height: 800 }): Promise<{ page: Page; dialogs: string[]; requests: string[] }> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    return { page, dialogs, requests };
  }

  async function reportFrom(handlersOrRelay: { baseUrl: string }, out: string): Promise<{ report: RunReport; file: string }> {
    const report = await runConformance({ target: { baseUrl: handlersOrRelay.baseUrl, apiKey: KEY }, suites: ALL_SUITES, concurrency: 2, limits: LIMITS });
    const outDir = path.join(dir, out);
    await writeReports(report, { outDir });
    return { report, file: path.join(outDir, 'report.html') };
  }

  it('renders a simulated relay’s report on a laptop and a phone, and the failed case expands', async () => {
    const relay = await startRelay('object-arguments', { apiKey: KEY });
    let report: RunReport;
    let file: string;
    try {
      ({ report, file } = await reportFrom(relay, 'object-arguments'));
    } finally {
      await relay.close();
    }
    expect(report.verdict.codex).toBe('partial');
    const html = await readFile(file, 'utf8');
    expect(html).not.toContain(KEY);

    const { page, dialogs, requests } = await open();
    await page.goto(pathToFileURL(file).href);
    await expect(page.locator('h1').textContent()).resolves.toBe('Codex: partial');
    expect(await page.locator('#capabilities + p + .scroll tbody tr').count()).toBe(ALL_SUITES.length);
    expect(await page.locator('details.case').count()).toBe(report.cases.length);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'report-laptop.png'), fullPage: true });

    const index = report.cases.findIndex((c) => c.status === 'fail');
    const failed = report.cases[index]!;
    const details = page.locator(`#case-${index}`);
    const firstFailure = failed.checks.find((c) => c.status === 'fail' && c.severity === 'required')!.failures![0]!;
    expect(await details.getAttribute('open')).toBeNull();
    await expect(details.locator('table.failures').first().isVisible()).resolves.toBe(false);
    await details.locator('> summary').click();
    expect(await details.getAttribute('open')).toBe('');
    const failures = details.locator('table.failures').first();
    await expect(failures.isVisible()).resolves.toBe(true);
    const row = await failures.locator('tbody tr').first().innerText();
    expect(row).toContain(firstFailure.path!);
    expect(row).toContain(String(firstFailure.expected));
    expect(row).toContain(String(firstFailure.actual));
    // The failure's event link jumps to that event in the timeline.
    await failures.locator(`a[href="#case-${index}-ev-${firstFailure.eventIndex}"]`).click();
    expect(await page.evaluate(() => location.hash)).toBe(`#case-${index}-ev-${firstFailure.eventIndex}`);
    await expect(details.locator(`#case-${index}-ev-${firstFailure.eventIndex}`).isVisible()).resolves.toBe(true);
    const curl = await details.locator('pre.curl').innerText();
    expect(curl).toContain('Authorization: Bearer $RELAY_API_KEY');
    expect(curl).toContain(`fixtures/${failed.transcript!.request.fixture}.json`);
    await details.screenshot({ path: path.join(SCREENSHOTS, 'report-failed-case.png') });

    const phone = await open({ width: 390, height: 844 });
    await phone.page.goto(pathToFileURL(file).href);
    await phone.page.locator(`#case-${index} > summary`).click();
    // Wide tables scroll in their own box: the page itself never scrolls sideways on a phone.
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.page.screenshot({ path: path.join(SCREENSHOTS, 'report-phone.png'), fullPage: true });

    for (const shot of ['report-laptop.png', 'report-failed-case.png', 'report-phone.png']) {
      const png = path.join(SCREENSHOTS, shot);
      expect(await isPng(png)).toBe(true);
      expect((await stat(png)).size).toBeGreaterThan(10_000);
    }
    // Offline: the page fetched nothing but itself.
    expect([...requests, ...phone.requests].every((url) => url === pathToFileURL(file).href || url.startsWith(`${pathToFileURL(file).href}#`))).toBe(true);
    expect(dialogs).toEqual([]);
    await page.close();
    await phone.page.close();
  });

  it('runs no script a relay streams, with the CSP and even without it', async () => {
    const served = await serveHandlers(scriptInjectingHandlers());
    let file: string;
    let report: RunReport;
    try {
      ({ file, report } = await reportFrom({ baseUrl: `${served.url}/v1` }, 'script-injecting'));
    } finally {
      await served.close();
    }
    // The payloads did reach the report, in transcripts, headers, body previews and check messages.
    const json = JSON.stringify(report);
    for (const payload of PAYLOADS) expect(json).toContain(JSON.stringify(payload).slice(1, -1));
    const html = await readFile(file, 'utf8');
    expect(html).not.toMatch(/<(script|img|iframe)[\s>]|<svg onload|<a href="javascript/i);

    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '');
    expect(withoutCsp).not.toContain('Content-Security-Policy');
    for (const variant of ['with CSP', 'without CSP']) {
      const { page, dialogs, requests } = await open();
      if (variant === 'with CSP') await page.goto(pathToFileURL(file).href);
      else await page.setContent(withoutCsp, { waitUntil: 'load' });
      // Open every case and every folded block, so all relay text is in the rendered tree.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      await page.waitForTimeout(200);
      const dom = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        active: document.querySelectorAll('script, img, iframe, object, embed, frame, base, form, input, a[href^="javascript"]').length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
        text: document.body.innerText,
      }));
      expect(dom.xss, variant).toBeUndefined();
      expect(dom.active, variant).toBe(0);
      expect(dom.handlers, variant).toEqual([]);
      expect(dialogs, variant).toEqual([]);
      // The payloads are shown as text the reader can see.
      expect(dom.text).toContain('<script>window.__xss=(window.__xss||0)+1</script>');
      expect(dom.text).toContain('<img src=x onerror="window.__xss=(window.__xss||0)+1">');
      if (variant === 'with CSP') expect(requests.every((url) => url.startsWith(pathToFileURL(file).href))).toBe(true);
      else expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOTS, `report-xss-${variant.replace(' ', '-').toLowerCase()}.png`), fullPage: false });
      await page.close();
    }
  });

  it('is readable on a 390 px phone: the capability table fits without sideways scroll, every case chip shows', async () => {
    const relay = await startRelay('missing-call-id', { apiKey: KEY });
    let file: string;
    try {
      ({ file } = await reportFrom(relay, 'phone-390'));
    } finally {
      await relay.close();
    }
    const { page } = await open({ width: 390, height: 844 });
    await page.goto(pathToFileURL(file).href);
    const layout = await page.evaluate(() => {
      const box = document.querySelector('#capabilities + p + .scroll')!;
      const inView = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= window.innerWidth;
      };
      const chips = [...box.querySelectorAll('a.chip')];
      const summaryChips = [...document.querySelectorAll('details.case > summary .chip')];
      return {
        tableOverflow: box.scrollWidth - box.clientWidth,
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
        chips: chips.length,
        chipsOut: chips.filter((el) => !inView(el)).map((el) => el.textContent),
        summaryChips: summaryChips.length,
        summaryChipsOut: summaryChips.filter((el) => !inView(el)).map((el) => el.textContent),
      };
    });
    expect(layout.chips).toBe(ALL_SUITES.flatMap((s) => s.cases).length);
    expect(layout.summaryChips).toBeGreaterThan(0);
    expect(layout).toMatchObject({ tableOverflow: 0, pageOverflow: 0, chipsOut: [], summaryChipsOut: [] });
    const shot = path.join(SCREENSHOTS, 'report-phone-capabilities.png');
    await page.locator('#capabilities + p + .scroll').screenshot({ path: shot });
    expect(await isPng(shot)).toBe(true);
    await page.close();
  });

  it('draws each streamed case’s event arrivals: spread ticks, a buffered late burst, the silence at the idle timeout', async () => {
    const plain = [{ ...ALL_SUITES[0]!, cases: ALL_SUITES[0]!.cases.filter((c) => c.id === 'turns.plain') }];
    const streams = [
      { name: 'paced', relay: 'reference', options: { latency: { betweenEventsMs: 30 } }, idleTimeoutMs: LIMITS.idleTimeoutMs },
      { name: 'buffered', relay: 'buffered-compression', options: {}, idleTimeoutMs: LIMITS.idleTimeoutMs },
      { name: 'stalled', relay: 'idle-stall', options: {}, idleTimeoutMs: 600 },
    ];
    const drawn: Record<string, { ticks: number[]; expected: number; width: number; left: number; idle: number; label: string; idleLabel: string }> = {};
    for (const stream of streams) {
      const relay = await startRelay(stream.relay, stream.options);
      let report: RunReport;
      try {
        report = await runConformance({ target: { baseUrl: relay.baseUrl }, suites: plain, limits: { ...LIMITS, idleTimeoutMs: stream.idleTimeoutMs } });
      } finally {
        await relay.close();
      }
      const outDir = path.join(dir, `arrivals-${stream.name}`);
      await writeReports(report, { outDir, formats: ['html'] });
      const html = await readFile(path.join(outDir, 'report.html'), 'utf8');
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`);
      const arrivals = report.cases[0]!.transcript!.arrivals!;
      const { page } = await open({ width: 1280, height: 800 });
      await page.goto(pathToFileURL(path.join(outDir, 'report.html')).href);
      await page.locator('#case-0 > summary').click();
      const svg = page.locator('#case-0 svg.arrivals');
      await expect(svg.isVisible()).resolves.toBe(true);
      drawn[stream.name] = await svg.evaluate((el) => {
        const track = el.querySelector('rect.track')!.getBoundingClientRect();
        const idle = el.querySelector('rect.idle-gap')?.getBoundingClientRect();
        return {
          ticks: [...el.querySelectorAll('rect.tick')].map((t) => (t.getBoundingClientRect().left - track.left) / track.width),
          expected: 0,
          width: track.width,
          left: track.left,
          idle: idle ? idle.width / track.width : 0,
          label: el.querySelector('text.first-label')?.textContent ?? '',
          idleLabel: el.querySelector('text.idle-label')?.textContent ?? '',
        };
      });
      drawn[stream.name]!.expected = arrivals.atMs.length + (arrivals.atMs.length === report.cases[0]!.transcript!.eventsTotal ? 0 : 1);
      expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
      await svg.screenshot({ path: path.join(SCREENSHOTS, `report-arrivals-${stream.name}.png`) });
      await page.close();
    }
    for (const [name, d] of Object.entries(drawn)) {
      expect(d.ticks.length, name).toBe(d.expected);
      expect(d.label, name).toMatch(/^first event \+\d/);
    }
    const spread = (ticks: number[]) => Math.max(...ticks) - Math.min(...ticks);
    // Paced events fill the axis; buffered ones arrive together, late; the stall ends in the marked silence.
    expect(spread(drawn.paced!.ticks)).toBeGreaterThan(0.5);
    expect(spread(drawn.buffered!.ticks)).toBeLessThan(0.1);
    expect(Math.min(...drawn.buffered!.ticks)).toBeGreaterThan(0.5);
    expect(drawn.paced!.idle).toBe(0);
    expect(drawn.stalled!.idle).toBeGreaterThan(0.5);
    expect(drawn.stalled!.idleLabel).toContain("Codex's idle timeout (600 ms) ends the turn here");
    for (const name of Object.keys(drawn)) expect(await isPng(path.join(SCREENSHOTS, `report-arrivals-${name}.png`))).toBe(true);
  });

  it('keeps the canned hostile report inert too', async () => {
    const { page, dialogs } = await open();
    await page.setContent(renderHtml(loadReport('hostile-strings')), { waitUntil: 'load' });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
    const active = await page.evaluate(() => document.querySelectorAll('script, img, iframe, a[href^="javascript"]').length);
    expect(active).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
