// Shared steps of e2e specs that need a person of their own: sign up through the sign-in page, and
// become an ADMIN. Tests run in parallel on one database, so each makes and changes only its own
// accounts.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { dataDirPointer } from './data-dir-pointer.mjs';

/** Opens a page; with JavaScript on, waits until React has hydrated so that clicks take the JS path. */
export async function open(page: Page, url: string, javaScriptEnabled: boolean) {
  const response = await page.goto(url);
  if (javaScriptEnabled) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  return response;
}

/** Creates a fresh account through the sign-in page and signs it in. */
export async function signUp(page: Page, javaScriptEnabled: boolean, label: string) {
  const tag = randomUUID().slice(0, 8);
  const person = { name: `${label} ${tag}`, email: `e2e-${tag}@example.com` };
  await open(page, '/sign-in', javaScriptEnabled);
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.getByRole('banner').getByRole('link', { name: person.name, exact: true })).toBeVisible();
  return person;
}

/**
 * Makes the person an ADMIN in the e2e server's database. It stands in for the upgrade form (which
 * charges $160,000) until that form exists; no money moves, so the ledger still adds up.
 */
export async function makeAdmin(email: string) {
  const port = new URL(test.info().project.use.baseURL!).port;
  const dataDir = readFileSync(dataDirPointer(port), 'utf8');
  const client = new pg.Client({ connectionString: readFileSync(path.join(dataDir, 'database-url'), 'utf8').trim() });
  await client.connect();
  try {
    const { rowCount } = await client.query(`UPDATE "User" SET role = 'ADMIN' WHERE email = $1 AND role = 'NADMIN'`, [email]);
    if (rowCount !== 1) throw new Error(`no NADMIN with the email ${email}`);
  } finally {
    await client.end();
  }
}

/** Cents from money as the app shows it (`$1,234.56`). */
export function cents(text: string | null): number {
  const match = /^\$([\d,]+)\.(\d\d)$/.exec((text ?? '').trim());
  if (!match) throw new Error(`not an amount of money: ${text}`);
  return Number(match[1]!.replaceAll(',', '')) * 100 + Number(match[2]);
}
