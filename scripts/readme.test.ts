// The README is the front door: what it shows and links must exist, and it must document every
// environment variable the app reads.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const readme = read('README.md');
/** The README without code, where brackets and parentheses are not links. */
const prose = readme.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** Targets of Markdown links and images, and of HTML src/href attributes. */
function targets(markdown: string) {
  const markdownTargets = [...markdown.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!);
  const htmlTargets = [...markdown.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
  return [...markdownTargets, ...htmlTargets];
}

const relativeTargets = targets(prose).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));
const images = [...prose.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1]!);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

describe('README.md', () => {
  test('every relative link and image points at a file or folder of the repository', () => {
    expect(relativeTargets.length).toBeGreaterThan(20);
    const missing = relativeTargets.filter((target) => !existsSync(path.join(root, decodeURIComponent(target.split('#')[0]!))));
    expect(missing).toEqual([]);
  });

  test('every link to a section names a heading of the README', () => {
    const headings = new Set([...readme.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchor(match[1]!)));
    const sectionLinks = targets(prose).filter((target) => target.startsWith('#'));
    expect(sectionLinks.length).toBeGreaterThan(0);
    expect(sectionLinks.filter((target) => !headings.has(target.slice(1)))).toEqual([]);
  });

  test('shows every screenshot in docs/screenshots, in a light and a dark version', () => {
    const files = readdirSync(path.join(root, 'docs/screenshots')).filter((file) => file.endsWith('.png'));
    const shown = images.filter((image) => image.startsWith('docs/screenshots/')).map((image) => path.basename(image));
    expect(shown.sort()).toEqual(files.sort());
    const pages = new Set(files.map((file) => file.replace(/-(light|dark)\.png$/, '')));
    for (const page of pages) expect(files).toEqual(expect.arrayContaining([`${page}-light.png`, `${page}-dark.png`]));
    expect(images).toContain('docs/architecture.svg');
  });

  test('documents every variable of the environment schema', () => {
    const source = read('app/utils/env.server.ts');
    const schema = source.slice(source.indexOf('const EnvSchema'), source.indexOf('.superRefine('));
    const variables = [...schema.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
    expect(variables).toEqual(expect.arrayContaining(['APP_ENV', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'CLERK_SECRET_KEY']));
    expect(variables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  test('lists every decision record', () => {
    const decisions = readdirSync(path.join(root, 'docs/decisions')).filter((file) => /^\d{3}-.+\.md$/.test(file));
    expect(decisions.length).toBeGreaterThan(0);
    expect(decisions.filter((file) => !relativeTargets.includes(`docs/decisions/${file}`))).toEqual([]);
  });

  test('shows the newest benchmark result', () => {
    const results = readdirSync(path.join(root, 'bench/results')).filter((file) => file.endsWith('.json'));
    const newest = results
      .map((file) => ({ file, date: String((JSON.parse(read(`bench/results/${file}`)) as { date: string }).date) }))
      .sort((a, b) => a.date.localeCompare(b.date))
      .at(-1);
    expect(newest).toBeDefined();
    expect(relativeTargets).toContain(`bench/results/${newest!.file.replace(/\.json$/, '.md')}`);
  });
});
