// README's "Installing it as a command" is a newcomer's first step outside the clone: it must warn
// that `npx relaycheck` there asks the npm registry, and name the tarball `npm pack` really writes
// (package.json's name and version), so its commands work as pasted after a version bump.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string; bin: Record<string, string> };

/** The section under `## Installing it as a command`, up to the next `## ` heading. */
function installSection(): string {
  const match = /^## Installing it as a command\n([\s\S]*?)(?=^## )/m.exec(readme);
  if (!match) throw new Error('README.md has no "## Installing it as a command" section');
  return match[1]!;
}

describe("README's install section", () => {
  it('says npx relaycheck outside the clone asks the npm registry, and points to the global install', () => {
    const section = installSection().replace(/\s+/g, ' ');
    expect(section).toMatch(/Outside the clone, `npx relaycheck` would ask the npm registry/);
    expect(section).toContain('install the packed tarball globally');
  });

  it('names the tarball npm pack writes and installs it globally as the command package.json declares', () => {
    const tarball = `${pkg.name}-${pkg.version}.tgz`;
    const section = installSection();
    expect(section).toContain(`writes ${tarball}`);
    expect(section).toContain(`npm install -g ./${tarball}`);
    expect(Object.keys(pkg.bin)).toEqual(['relaycheck']);
    expect(section).toMatch(/^relaycheck run --base-url /m);
  });
});
