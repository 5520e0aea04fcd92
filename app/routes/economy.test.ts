// GET /economy over HTTP, signed out, as a browser without JavaScript sees it: the books with
// their figures, the charts as SVG with a title, a description and a table, the range in the URL,
// and leaderboards that never show a deleted account.
import { beforeAll, describe, expect, it } from 'vitest';
import { deleteAccount } from '~/models/account.server.ts';
import { refreshEconomyRollups } from '~/models/economy/rollups.server.ts';
import { upgradeToAdmin } from '~/models/role.server.ts';
import { createUser } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { useTestServer } from '../../test/http.ts';
import { pageText } from '../../test/page-text.ts';

// A database of its own: the page shows totals over every row.
useScratchDatabase();
const server = useTestServer();
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const name of ['Rich Rhea', 'Plain Paul', 'Gone Gina'])
    ids[name] = (await createUser({ name, email: `${name.split(' ')[1]!.toLowerCase()}@economy.test` })).id;
  await upgradeToAdmin(ids['Plain Paul']!);
  await refreshEconomyRollups();
});

async function get(path: string) {
  const response = await server.request(path);
  const html = await response.text();
  const text = pageText(html);
  return { status: response.status, html, text };
}

const testId = (html: string, id: string) => html.match(new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`))?.[1];

describe('GET /economy', () => {
  it('shows the books balancing, with every figure, to a signed-out visitor', async () => {
    const page = await get('/economy');
    expect(page.status).toBe(200);
    expect(testId(page.html, 'books-grants')).toBe('$12,000,000.00');
    expect(testId(page.html, 'books-balances')).toBe('$11,840,000.00');
    expect(testId(page.html, 'books-held')).toBe('$0.00');
    expect(testId(page.html, 'books-platform')).toBe('$160,000.00');
    expect(testId(page.html, 'books-status')).toBe('The books balance.');
  });

  it('draws each chart as SVG with a title, a description and its figures in a table', async () => {
    const page = await get('/economy');
    const gmv = page.html.match(/data-testid="chart-people"[\s\S]*?<\/figure>/)![0];
    expect(gmv).toMatch(/<svg viewBox="0 0 320 170" width="100%" role="img" aria-labelledby="[^"]+"/);
    expect(gmv).toContain('<title');
    expect(gmv).toMatch(/<desc[^>]*>People who joined each day/);
    expect(gmv).toMatch(/<path d="M[^"]*"|<circle/);
    // Today's row: 3 new people, 1 new seller.
    expect(gmv.replace(/<!-- -->/g, '')).toMatch(/<th scope="row"[^>]*>[A-Z][a-z]{2} \d+, \d{4}<\/th><td[^>]*>3<\/td><td[^>]*>1<\/td><\/tr><\/tbody>/);
    for (const chart of ['gmv', 'orders', 'revenue', 'supply', 'velocity', 'gini', 'lorenz']) expect(page.html).toContain(`data-testid="chart-${chart}"`);
    expect(page.text).toContain('Lorenz curve today');
  });

  it('keeps the range in the URL, and reads an unknown one as 30 days', async () => {
    const week = await get('/economy?range=7d');
    expect(week.html).toMatch(/<a aria-current="page"[^>]*href="\/economy\?range=7d"|href="\/economy\?range=7d"[^>]*aria-current="page"/);
    const odd = await get('/economy?range=forever');
    expect(odd.status).toBe(200);
    expect(odd.html).toMatch(/aria-current="page"[^>]*href="\/economy\?range=30d"|href="\/economy\?range=30d"[^>]*aria-current="page"/);
  });

  it('ranks people and never shows a deleted account, even before the next refresh', async () => {
    await getDb().user.update({ where: { id: ids['Rich Rhea']! }, data: { name: 'Rich Rhea' } });
    const before = await get('/economy');
    const richest = before.html.match(/data-testid="board-people"[\s\S]*?<\/ol>/)![0];
    expect(richest).toContain(`href="/users/${ids['Gone Gina']}"`);
    expect(richest.indexOf('Plain Paul')).toBeGreaterThan(richest.indexOf('Rich Rhea'));
    await deleteAccount(ids['Gone Gina']!);
    const after = await get('/economy');
    expect(after.html.match(/data-testid="board-people"[\s\S]*?<\/ol>/)![0]).not.toContain('Gone Gina');
  });

  it('says in red when the books do not balance', async () => {
    await getDb().$executeRaw`UPDATE "User" SET "balanceCents" = "balanceCents" - 5 WHERE id = ${ids['Rich Rhea']!}::uuid`;
    const page = await get('/economy');
    expect(page.html.replace(/<!-- -->/g, '')).toMatch(
      /<p role="alert" class="[^"]*text-red-700[^"]*" data-testid="books-status">The books do not balance: <span data-money[^>]*>\$0\.05<\/span> unaccounted for\.<\/p>/,
    );
  });
});
