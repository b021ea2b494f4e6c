// `npm test` and every script must work from a bare clone: nothing may read the reference folder that
// sits beside the checkout on the maintainers' machine. What the tests need from it is vendored
// (test/data/openai-spec/). This scans every source and script for a path into that folder.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCANNED_DIRS = ['test', 'harness', 'bench', 'suites', 'bin', '.ci'];
const SCANNED_FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json'];
const SOURCE = /\.(ts|mts|js|mjs|cjs|json|sh|toml)$|^run$/;

// Written in pieces so this file does not match itself.
const SHARED = ['sha', 'red'].join('');
const OUTSIDE = new RegExp(String.raw`(\.\./)+${SHARED}\b|/work/${SHARED}\b|${SHARED}/reference\b`);

/** The lines of `text` that name the folder outside the repository. */
function outsideReferences(text: string): string[] {
  return text.split('\n').filter((line) => OUTSIDE.test(line));
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
}

describe('the repository is self-contained', () => {
  it.each([
    [`readFileSync('../${SHARED}/reference/openai-response-stream-events.json')`, true],
    [`new URL('../../${SHARED}/reference/codex-captures/', import.meta.url)`, true],
    [`path.resolve(root, '/work/${SHARED}/reference/codex-wire.md')`, true],
    [`const dir = '${SHARED}/reference'`, true],
    [`import { x } from '../harness/${SHARED}-limits.ts'`, false],
    [`"content parts ${SHARED} by output items"`, false],
    [`readFileSync('test/data/openai-spec/openai-response-stream-events.json')`, false],
  ])('%s → names the outside folder: %s', (line, outside) => {
    expect(outsideReferences(line)).toEqual(outside ? [line] : []);
  });

  it('no test, harness, bench, suite or CI source reads the reference folder beside the clone', () => {
    const files = [...SCANNED_DIRS.flatMap(sourcesUnder), ...SCANNED_FILES];
    // The scan means something only if it saw the sources, this test among them.
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(path.join('test', 'self-contained.test.ts'));
    const found = files.flatMap((file) => outsideReferences(readFileSync(path.join(REPO_ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`));
    expect(found).toEqual([]);
  });
});
