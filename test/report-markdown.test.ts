import { describe, expect, it } from 'vitest';
import { mdCode, mdFence, mdText } from '../harness/report/markdown-escape.ts';
import { renderMarkdown } from '../harness/report/render-markdown.ts';
import { SCENARIOS, loadReport } from './data/reports/canned.ts';
import { nonEmpty } from './helpers/non-empty.ts';

/** Cells of a GFM table row as cmark-gfm splits them: a backslash pairs with the next punctuation. */
function gfmCells(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const body = row.trim().replace(/^\|/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '\\' && /[!-/:-@[-`{-~]/.test(body[i + 1] ?? '')) {
      cell += ch + body[++i];
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  if (cell.trim() !== '') cells.push(cell.trim());
  return cells;
}

/** The Markdown with fenced blocks and code spans removed: what is left is parsed as Markdown. */
function outsideCode(md: string): string {
  const kept: string[] = [];
  let fence: string | undefined;
  for (const line of md.split('\n')) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker.length >= fence.length && line.trim() === marker) fence = undefined;
    } else if (marker) fence = marker;
    else kept.push(line);
  }
  if (fence) throw new Error('unclosed fence');
  return kept
    .join('\n')
    .replace(/(?<![`\\])(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, ' CODE ')
    .replace(/\*\(empty\)\*/g, ' CODE ');
}

/** Characters in `text` from `set` that are not backslash-escaped. */
function unescaped(text: string, set: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (set.includes(text[i]!)) found.push(`${text[i]} at ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`);
  }
  return found;
}

const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('markdown escaping', () => {
  it('escapes inline syntax in prose and keeps it on one line', () => {
    expect(mdText('a|b *c* _d_ <b>&amp; [x](y) `z` ~s~ $m$')).toBe('a\\|b \\*c\\* \\_d\\_ \\<b\\>\\&amp; \\[x\\](y) \\`z\\` \\~s\\~ \\$m\\$');
    expect(mdText('back\\slash before pipe \\|')).toBe('back\\\\slash before pipe \\\\\\|');
    expect(mdText('line\nbreak\r\nand\ttab\u0000')).toBe('line\\\\nbreak\\\\r\\\\nand\\\\ttab\\\\u0000');
    expect(mdText('see https://evil.test and www.evil.test')).toBe('see https\\://evil.test and www\\.evil.test');
  });

  it('keeps prose from opening a block where it starts a line', () => {
    expect(mdText('# not a heading')).toBe('\\# not a heading');
    expect(mdText('> not a quote')).toBe('\\> not a quote');
    expect(mdText('- not an item')).toBe('\\- not an item');
    expect(mdText('12. not a list')).toBe('12\\. not a list');
    expect(mdText('0.1.0')).toBe('0.1.0');
  });

  it('fences code spans longer than any backtick run inside, padding edge backticks', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a`b')).toBe('``a`b``');
    expect(mdCode('``x``')).toBe('``` ``x`` ```');
    expect(mdCode(' both ')).toBe('`  both  `');
    expect(mdCode('')).toBe('*(empty)*');
    expect(mdCode('<b>|x</b>\n')).toBe('`<b>|x</b>\\n`');
  });

  it('fences blocks longer than any backtick run inside', () => {
    expect(mdFence(['a', '```', 'b'])).toBe('````text\na\n```\nb\n````');
    expect(mdFence(['a'])).toBe('```text\na\n```');
  });

  it('keeps e-mail addresses and @mentions from linking or notifying anyone', () => {
    const md = mdText('write to admin@relay.example or ping @octocat and @org/team');
    expect(md).not.toMatch(/@[A-Za-z0-9]/);
    expect(md.replace(/\u200b/g, '')).toBe('write to admin@relay.example or ping @octocat and @org/team');
  });

  it('bounds long values', () => {
    expect(mdText('x'.repeat(10_000), 50)).toHaveLength(50);
    expect(mdCode('y'.repeat(10_000), 50).length).toBeLessThanOrEqual(52);
  });
});

describe('renderMarkdown', () => {
  it.each(nonEmpty(SCENARIOS, 'canned scenarios'))('renders %s', async (name) => {
    await expect(renderMarkdown(loadReport(name))).toMatchFileSnapshot(`./data/reports/snapshots/${name}.md`);
  });

  it('puts the verdict and its reasons on top, then the case table', () => {
    const md = renderMarkdown(loadReport('mixed-failures-with-error'));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# ⚠️ Codex: partial');
    expect(md.indexOf('## Why')).toBeLessThan(md.indexOf('## Cases'));
    expect(md).toContain('- tools.apply-patch: timeout: no response head within 30000 ms');
    expect(md).toContain('| 🔌 error | tools.apply-patch | The model calls the freeform apply\\_patch tool | — | 30.0 s |');
    expect(md).toContain('- **Result:** 7 cases: 2 passed, 1 failed, 1 warned, 1 skipped, 2 errored');
  });

  it('shows each failure with its pointer, expected and received values, the requirement and a transcript', () => {
    const md = renderMarkdown(loadReport('mixed-failures-with-error'));
    expect(md).toContain(
      '  - event 7 at `/item/arguments`: arguments of exec\\_command is a JSON object: Codex drops the call (expected `string containing JSON`, received `{"cmd":["ls","-la"]}`)',
    );
    expect(md).toContain('> **Requirement:** A function call reaches Codex as a function\\_call item');
    expect(md).toMatch(/<details><summary>Transcript excerpt<\/summary>\n\n```text\nPOST https:\/\/relay\.example\.com\/v1\/responses \(body: 38,077 bytes\)\nHTTP 200 OK after 212 ms\n/);
  });

  it('reads unsupported cases as a missing endpoint with its diagnosis, not as a crash', () => {
    const md = renderMarkdown(loadReport('unsupported-chat-only'));
    expect(md).toContain('### 🚫 turns.plain: endpoint unsupported (HTTP 404)');
    expect(md).toContain('**Diagnosis:** chat-completions only: the relay answers /chat/completions but not /responses');
    expect(md).not.toMatch(/crash|🔌|no answer/i);
  });

  it('has no case sections when everything passed', () => {
    const md = renderMarkdown(loadReport('all-pass'));
    expect(md).not.toContain('###');
    expect(md).toContain('Nothing that Codex depends on broke.');
  });

  describe('with hostile strings', () => {
    const report = loadReport('hostile-strings');
    const md = renderMarkdown(report);

    it('contains no control, invisible or unpaired surrogate characters', () => {
      expect(INVISIBLE.exec(md)).toBeNull();
      expect(Buffer.from(md, 'utf8').toString('utf8')).toBe(md);
    });

    it('keeps every table row at five cells', () => {
      const rows = md.split('\n').filter((line) => line.startsWith('| '));
      expect(rows).toHaveLength(report.cases.length + 2);
      for (const row of rows) expect(gfmCells(row)).toHaveLength(5);
    });

    it('leaves no HTML, link, code or emphasis syntax unescaped outside code', () => {
      // The report's own syntax: blockquote markers and the transcript's <details> wrapper.
      const prose = outsideCode(md).replace(/^<details><summary>Transcript excerpt<\/summary>$|^<\/details>$|^> /gm, '');
      expect(unescaped(prose, '<>&[]`~$_')).toEqual([]);
      expect(prose).not.toMatch(/(?<!\\):\/\//);
      expect(prose).toContain('\\<script\\>alert(1)\\</script\\>');
      expect(prose).toContain('!\\[i\\](http\\://evil.test');
    });

    it('opens no block from relay text: only the report’s own headings and sections', () => {
      const prose = outsideCode(md);
      const headings = prose.split('\n').filter((line) => /^\s{0,3}#/.test(line));
      expect(headings.filter((h) => h.startsWith('### '))).toHaveLength(report.cases.filter((c) => c.status !== 'pass').length);
      expect(headings.filter((h) => !h.startsWith('### '))).toEqual(['# ❌ Codex: incompatible', '## Why', '## Cases', '## Cases that did not pass']);
      expect(prose).not.toMatch(/^\s*(> quote|- item|1\. ordered)/m);
      expect(md).toContain('- \\# not a heading AAAA');
    });

    it('bounds long values and lists', () => {
      expect(md.length).toBeLessThan(60_000);
      expect(md).toContain('  - … 6 more in report.json');
    });
  });
});

describe('the modelled Codex release in report.md', () => {
  it('is named when the report says it, and left out for reports written before it existed', () => {
    const report = loadReport('all-pass');
    expect(renderMarkdown({ ...report, codex: { version: '0.169.0' } })).toMatch(/^- \*\*Run:\*\* .*, modelling Codex CLI 0\.169\.0$/m);
    const { codex: _, ...older } = report;
    expect(renderMarkdown(older)).not.toContain('modelling Codex');
  });
});
