import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOrCreateSecret, testPaymentsWebhookSecret } from './local-secrets.ts';

const folders: string[] = [];
const dataDir = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'reen-secrets-'));
  folders.push(folder);
  return folder;
};

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('local secrets', () => {
  it('generates a secret once per data folder and keeps it', () => {
    const folder = dataDir();
    const first = readOrCreateSecret(folder, 'session-secret');
    expect(first).toMatch(/^[\w-]{43}$/);
    expect(readOrCreateSecret(folder, 'session-secret')).toBe(first);
    expect(readOrCreateSecret(dataDir(), 'session-secret')).not.toBe(first);
  });

  it('signs test payment events alike on every machine that shares SESSION_SECRET, writing no file', () => {
    const sessionSecret = 'x'.repeat(40);
    const [one, two] = [dataDir(), dataDir()];
    const secret = testPaymentsWebhookSecret(one, sessionSecret);
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    expect(testPaymentsWebhookSecret(two, sessionSecret)).toBe(secret);
    expect(testPaymentsWebhookSecret(two, 'y'.repeat(40))).not.toBe(secret);
    expect(secret).not.toContain(sessionSecret);
    expect(readdirSync(one)).toEqual([]);
  });

  it('generates one per data folder without SESSION_SECRET', () => {
    const folder = dataDir();
    const secret = testPaymentsWebhookSecret(folder, undefined);
    expect(secret).toMatch(/^whsec_/);
    expect(testPaymentsWebhookSecret(folder, undefined)).toBe(secret);
    expect(testPaymentsWebhookSecret(dataDir(), undefined)).not.toBe(secret);
  });
});
