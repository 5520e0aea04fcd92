// Secrets that a run without them in its environment generates for itself into the git-ignored
// data folder, so that `npm start` needs no configuration and sessions survive restarts.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function readOrCreateSecret(dataDir: string, name: string, bytes = 32): string {
  const file = path.resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * The secret the test payment provider signs its webhook events with (demo mode without Stripe).
 * With SESSION_SECRET set, it is derived from it, so that every machine of a demo deployment signs
 * and checks events alike (each has a data folder of its own, lost on every deploy); else generated.
 */
export function testPaymentsWebhookSecret(dataDir: string, sessionSecret: string | undefined): string {
  if (sessionSecret) return `whsec_${createHmac('sha256', sessionSecret).update('reen test-payments webhook').digest('base64url')}`;
  return `whsec_${readOrCreateSecret(dataDir, 'test-payments-webhook-secret')}`;
}
