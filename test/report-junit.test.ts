import xmlbuilder from 'xmlbuilder';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../harness/report/model.ts';
import { renderJunit } from '../harness/report/render-junit.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { nonEmpty } from './helpers/non-empty.ts';

// ---- A strict XML 1.0 well-formedness check (no XML parser is installed; this is all we need) ----

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Decoded character data directly inside the element (text and CDATA). */
  text: string;
}

// Anything outside XML 1.0's Char production, including lone surrogates (the `u` flag matters here).
const ILLEGAL_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y;

function parseXml(xml: string): XmlElement {
  const illegal = ILLEGAL_CHAR.exec(xml);
  if (illegal) throw new Error(`illegal character U+${illegal[0].charCodeAt(0).toString(16)} at ${illegal.index}`);
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${pos}: ${JSON.stringify(xml.slice(pos, pos + 40))}`);
  };
  const skipSpace = () => {
    while (/[ \t\r\n]/.test(xml[pos] ?? '')) pos++;
  };
  const expectText = (s: string) => {
    if (!xml.startsWith(s, pos)) fail(`expected ${s}`);
    pos += s.length;
  };
  const readName = () => {
    NAME.lastIndex = pos;
    const m = NAME.exec(xml) ?? fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const until = (end: string) => {
    const at = xml.indexOf(end, pos);
    if (at < 0) fail(`unterminated, expected ${end}`);
    const body = xml.slice(pos, at);
    pos = at + end.length;
    return body;
  };
  const decode = (s: string) => {
    if (s.includes('<')) fail('raw < in character data');
    return s.replace(/&([^;]*);|&/g, (ref, body: string | undefined) => {
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
      if (body === undefined) return fail('bare &');
      if (named[body]) return named[body];
      const code = /^#x[0-9a-fA-F]+$/.test(body) ? parseInt(body.slice(2), 16) : /^#[0-9]+$/.test(body) ? parseInt(body.slice(1), 10) : fail(`bad reference ${ref}`);
      const ch = String.fromCodePoint(code);
      if (ILLEGAL_CHAR.test(ch)) fail(`reference to an illegal character ${ref}`);
      return ch;
    });
  };
  const misc = () => {
    for (;;) {
      skipSpace();
      if (xml.startsWith('<!--', pos)) {
        pos += 4;
        if (until('-->').includes('--')) fail('-- in comment');
      } else if (xml.startsWith('<?', pos)) {
        pos += 2;
        until('?>');
      } else return;
    }
  };
  const element = (): XmlElement => {
    expectText('<');
    const el: XmlElement = { name: readName(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return el;
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected space between attributes');
      const name = readName();
      skipSpace();
      expectText('=');
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      pos++;
      if (name in el.attrs) fail(`duplicate attribute ${name}`);
      el.attrs[name] = decode(until(quote!));
    }
    for (;;) {
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== el.name) fail(`mismatched end tag for ${el.name}`);
        skipSpace();
        expectText('>');
        return el;
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        pos += 9;
        el.text += until(']]>');
      } else if (xml.startsWith('<!--', pos) || xml.startsWith('<?', pos)) {
        misc();
      } else if (xml[pos] === '<') {
        el.children.push(element());
      } else {
        const end = xml.indexOf('<', pos);
        if (end < 0) fail('unterminated element');
        const raw = xml.slice(pos, end);
        if (raw.includes(']]>')) fail(']]> in character data');
        el.text += decode(raw);
        pos = end;
      }
    }
  };
  if (xml.startsWith('<?xml', pos)) until('?>');
  misc();
  const root = element();
  misc();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

const all = (el: XmlElement, name: string): XmlElement[] => [...(el.name === name ? [el] : []), ...el.children.flatMap((c) => all(c, name))];
const childNamed = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);

// ---- The tests ----

function expectedCounts(report: RunReport, strict = false) {
  const n = (...statuses: string[]) => report.cases.filter((c) => statuses.includes(c.status)).length;
  const codexDepends = (c: RunReport['cases'][number]) => c.checks.some((check) => check.severity === 'required');
  const unsupported = report.cases.filter((c) => c.status === 'unsupported');
  const unsupportedFailures = unsupported.filter(codexDepends).length;
  return {
    tests: report.cases.length,
    failures: n('fail', ...(strict ? ['warn'] : [])) + unsupportedFailures,
    errors: n('error'),
    skipped: n('skip') + unsupported.length - unsupportedFailures,
  };
}

describe('the XML checker itself', () => {
  it.each([
    ['<a>x</b>', 'mismatched'],
    ['<a>]]></a>', ']]>'],
    ['<a>&bogus;</a>', 'bad reference'],
    ['<a>&#1;</a>', 'illegal character'],
    ['<a b="1" b="2"/>', 'duplicate'],
    ['<a>\u0000</a>', 'illegal character'],
    ['<a>\ud800</a>', 'illegal character'],
    ['<a><![CDATA[x]]>y]]></a>', ']]>'],
    ['<a/><b/>', 'after the root'],
  ])('rejects %j', (xml, why) => {
    expect(() => parseXml(xml)).toThrow(why);
  });

  // Why render-junit.ts adds escaped text itself instead of xmlbuilder's CDATA bodies (which
  // junit-report-builder used). If this starts failing, xmlbuilder fixed it.
  it('rejects what xmlbuilder\'s CDATA makes of two "]]>" in a body', () => {
    const xml = xmlbuilder.create('testcase').ele('failure').cdata('x ]]> y ]]> z').end();
    expect(() => parseXml(xml)).toThrow(']]>');
  });

  it('reads CDATA, entities and attributes', () => {
    const root = parseXml('<?xml version="1.0"?><a x="&lt;&#xA;"><![CDATA[<]]>&amp;</a>');
    expect(root).toEqual({ name: 'a', attrs: { x: '<\n' }, children: [], text: '<&' });
  });
});

describe('renderJunit', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('renders %s as well-formed JUnit with the right counts', async (name) => {
    const report = loadReport(name);
    const xml = renderJunit(report);
    const root = parseXml(xml);
    const counts = expectedCounts(report);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: String(counts.tests), failures: String(counts.failures), errors: String(counts.errors), skipped: String(counts.skipped) });
    expect(all(root, 'failure')).toHaveLength(counts.failures);
    expect(all(root, 'error')).toHaveLength(counts.errors);
    expect(all(root, 'skipped')).toHaveLength(counts.skipped);
    expect(all(root, 'testsuite').map((s) => s.attrs.name)).toHaveLength(new Set(report.cases.map((c) => c.suite)).size);
    expect(all(root, 'testcase')).toHaveLength(report.cases.length);
    await expect(xml).toMatchFileSnapshot(`./data/reports/snapshots/${name}.junit.xml`);
  });

  it('names each testcase by case id, one testsuite per suite, times in seconds', () => {
    const root = parseXml(renderJunit(loadReport('mixed-failures-with-error')));
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['turns', 'tools', 'errors']);
    expect(all(suites[1]!, 'testcase').map((t) => [t.attrs.name, t.attrs.classname, t.attrs.time])).toEqual([
      ['tools.function-call', 'relaycheck.tools', '1.911'],
      ['tools.apply-patch', 'relaycheck.tools', '30.001'],
      ['tools.full-tool-list', 'relaycheck.tools', '0.012'],
    ]);
  });

  it('maps fail to a required failure, error to an error typed by transport kind, and lists failures with their evidence', () => {
    const root = parseXml(renderJunit(loadReport('mixed-failures-with-error')));
    const byName = new Map(all(root, 'testcase').map((t) => [t.attrs.name, t]));
    const failure = childNamed(byName.get('tools.function-call')!, 'failure')!;
    expect(failure.attrs).toEqual({ type: 'required', message: 'tools.function-call-arguments: 1 function call(s) with unusable arguments' });
    expect(failure.text).toContain('Requirement: A function call reaches Codex');
    expect(failure.text).toContain('event 7 at /item/arguments: arguments of exec_command is a JSON object: Codex drops the call (expected: string containing JSON; received: {"cmd":["ls","-la"]})');
    expect(failure.text).toContain('[recommended] schema.response-object');
    const error = childNamed(byName.get('tools.apply-patch')!, 'error')!;
    expect(error.attrs).toEqual({ type: 'timeout', message: 'timeout: no response head within 30000 ms' });
    expect(childNamed(byName.get('tools.full-tool-list')!, 'error')!.attrs.type).toBe('reset');
    expect(childNamed(byName.get('turns.plain')!, 'system-out')!.text).toMatch(/^POST https:\/\/relay\.example\.com\/v1\/responses .*\nHTTP 200 OK after 212 ms\n/);
  });

  it('keeps a warn case passing by default, with its deviations in system-out', () => {
    const root = parseXml(renderJunit(loadReport('mixed-failures-with-error')));
    const warn = all(root, 'testcase').find((t) => t.attrs.name === 'turns.after-tool-call')!;
    expect(warn.children.map((c) => c.name)).toEqual(['properties', 'system-out']);
    expect(childNamed(warn, 'system-out')!.text).toMatch(/^WARN: only recommended checks failed[^\n]*\n[\s\S]*\[recommended\] stream\.sequence-numbers/);
  });

  it('fails a warn case with type "recommended" when asked to', () => {
    const report = loadReport('mixed-failures-with-error');
    const root = parseXml(renderJunit(report, { recommended: 'failure' }));
    expect(root.attrs.failures).toBe(String(expectedCounts(report, true).failures));
    const warn = all(root, 'testcase').find((t) => t.attrs.name === 'turns.after-tool-call')!;
    expect(childNamed(warn, 'failure')!.attrs).toEqual({ type: 'recommended', message: 'stream.sequence-numbers: 2 sequence_number problem(s)' });
  });

  it('fails unsupported cases Codex depends on with the endpoint diagnosis (so CI turns red), not as an error', () => {
    const report = loadReport('unsupported-chat-only');
    const root = parseXml(renderJunit(report));
    const failures = all(root, 'failure').filter((f) => f.attrs.type === 'unsupported');
    expect(failures).toHaveLength(report.cases.filter((c) => c.checks.some((k) => k.severity === 'required')).length);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) expect(f.attrs.message).toBe('endpoint unsupported (HTTP 404); chat-completions only: the relay answers /chat/completions but not /responses');
    expect(all(root, 'error')).toHaveLength(0);
  });

  it('stays well-formed and exact for hostile strings: control characters, "]]>", lone surrogates', () => {
    const report = loadReport('hostile-strings');
    const xml = renderJunit(report);
    const root = parseXml(xml);
    const failure = all(root, 'failure')[0]!;
    // Text a relay sent arrives intact (escaped, not dropped): both "]]>" and the visible escapes.
    expect(failure.text).toContain('cdata ]]> twice ]]> split ]]\\u0000>');
    expect(failure.text).toContain('lone-high \\ud800 lone-low \\udc00 low-low a\\udc00\\udc00 high-at-end \\udbff pair-ok \u{1F600}');
    expect(failure.text).toContain('esc\\u001b[31mred\\u001b[0m');
    expect(failure.attrs.message).not.toContain('\n');
    const hostileCase = all(root, 'testcase').find((t) => t.attrs.name?.startsWith('hostile'))!;
    expect(hostileCase.attrs.name).toBe('hostile|`id`]]>\\u0000<x>\\ud800');
    // Bounded despite 4000-character values.
    expect(xml.length).toBeLessThan(60_000);
    // Round-trip through UTF-8 changes nothing: no lone surrogate survived to be replaced.
    expect(Buffer.from(xml, 'utf8').toString('utf8')).toBe(xml);
  });
});
