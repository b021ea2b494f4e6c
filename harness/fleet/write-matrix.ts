// Writes matrix.json, matrix.md and matrix.html into a fleet's output folder, each atomically.
import { makeDirectory } from '../fs/make-directory.ts';
import path from 'node:path';
import { writeAtomically } from '../report/write-reports.ts';
import type { MatrixReport } from './matrix.ts';
import { renderMatrixHtml } from './render-matrix-html.ts';
import { renderMatrixMarkdown } from './render-matrix-markdown.ts';

export const MATRIX_FILES = { json: 'matrix.json', md: 'matrix.md', html: 'matrix.html' } as const;

export async function writeMatrix(matrix: MatrixReport, outDir: string): Promise<string[]> {
  const outputs = [
    { name: MATRIX_FILES.json, text: `${JSON.stringify(matrix, null, 2)}\n` },
    { name: MATRIX_FILES.md, text: renderMatrixMarkdown(matrix) },
    { name: MATRIX_FILES.html, text: renderMatrixHtml(matrix) },
  ];
  await makeDirectory(outDir);
  const files: string[] = [];
  for (const { name, text } of outputs) {
    const file = path.join(outDir, name);
    await writeAtomically(file, text);
    files.push(file);
  }
  return files;
}
