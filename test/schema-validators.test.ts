// The validators a run uses are compiled at build time (harness/schemas/compile-validators.ts): the
// generated modules must be what the schemas compile to today, or a run would judge by old rules.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generatedModules } from '../harness/schemas/compile-validators.ts';

describe('the build-time JSON Schema validators', () => {
  it('are up to date with the schemas (npm run build:validators regenerates them)', async () => {
    const modules = generatedModules();
    expect(Object.keys(modules).sort()).toEqual(['fixture.ts', 'payload-detailed.cts', 'payload-fast.ts', 'report.ts']);
    for (const [file, source] of Object.entries(modules)) {
      const onDisk = await readFile(path.join(GENERATED_DIR, file), 'utf8');
      expect(onDisk === source, `${file} is stale: run npm run build:validators`).toBe(true);
    }
  });

  it('are ASCII, the schemas\' other characters escaped, so V8 keeps their source at one byte a character', () => {
    const modules = Object.entries(generatedModules());
    for (const [file, source] of modules) expect(source.match(/[^\x00-\x7f]/g), file).toBeNull();
    // The schemas' descriptions do use them ("…"): the escape is what keeps the text ASCII.
    expect(modules.some(([, source]) => source.includes('\\u2026'))).toBe(true);
  });
});
