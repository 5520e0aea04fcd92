// Hostile input for the Clerk webhook, in Clerk mode (its keys made up for this file's own environment):
// signed messages that are not what Clerk sends. Each is answered 4xx with a message, or stored
// harmlessly, and no other table changes. A database of this file's own, fingerprinted.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { svixHeaders } from '../test/clerk.ts';
import { useClerkKeys } from '../test/clerk-mode.ts';
import { useJobQueue, useScratchDatabase } from '../test/database-hooks.ts';
import { databaseDigest } from '../test/databases.ts';
import { useTestServer } from '../test/http.ts';
import { useTally } from '../test/reliability.ts';

const keys = useClerkKeys();
useScratchDatabase();
useJobQueue();
const tally = useTally('hostile input (Clerk webhook)');
const server = useTestServer();

function signed(body: string, messageId = `msg_${randomUUID()}`) {
  return server.request('/webhooks/clerk', { method: 'POST', headers: svixHeaders(keys.webhookSecret, body, messageId), body });
}

describe('POST /webhooks/clerk', () => {
  it.each([
    ['not JSON', () => signed('not json'), 400, /Not a Clerk event/],
    ['an array', () => signed('[1,2,3]'), 400, /Not a Clerk event/],
    ['no type', () => signed(JSON.stringify({ data: { id: 'user_1' } })), 400, /Not a Clerk event/],
    ['a number for the type', () => signed(JSON.stringify({ type: 7, data: {} })), 400, /Not a Clerk event/],
    ['no data', () => signed(JSON.stringify({ type: 'user.created' })), 400, /Not a Clerk event/],
    [
      'a 10,000-character user id',
      () => signed(JSON.stringify({ type: 'user.created', data: { id: `user_${'x'.repeat(10_000)}` } })),
      400,
      /Not a Clerk event/,
    ],
    [
      'a 10,000-character message id',
      () => signed(JSON.stringify({ type: 'user.created', data: { id: 'user_1' } }), `msg_${'x'.repeat(10_000)}`),
      400,
      /svix|message id/i,
    ],
    ['a NUL in the type', () => signed(JSON.stringify({ type: 'user.\u0000created', data: { id: 'user_1' } })), 400, /Not a Clerk event/],
    ['a NUL in the user id', () => signed(JSON.stringify({ type: 'user.created', data: { id: 'user_\u0000' } })), 400, /Not a Clerk event/],
    ['no svix headers', () => server.request('/webhooks/clerk', { method: 'POST', body: '{}' }), 400, /Missing svix-id/],
    ['a 2 MB body', () => server.request('/webhooks/clerk', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) }), 413, /too large/],
  ])('refuses %s', async (_, send, status, message) => {
    const before = await databaseDigest();
    const response = await send();
    tally.badInputs++;
    tally.operations++;
    if (response.status >= 500) tally.serverErrors++;
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
    tally.invariantChecks++;
    expect(await databaseDigest()).toEqual(before);
  });

  it('stores an event whose fields carry a NUL without it, instead of failing', async () => {
    const messageId = `msg_${randomUUID()}`;
    const response = await signed(JSON.stringify({ type: 'user.updated', data: { id: 'user_nul', first_name: 'Ada\u0000' } }), messageId);
    tally.badInputs++;
    expect(response.status).toBe(200);
    const stored = await getDb().webhookEvent.findFirstOrThrow({ where: { eventId: messageId } });
    expect(stored.payload).toMatchObject({ data: { first_name: 'Ada' } });
  });
});
