// POST /webhooks/clerk and its jobs, against the built server and the real database: messages signed
// with the real svix library, Clerk's Backend API mocked with msw. Each job is run by its handler,
// with the payload pg-boss stored for it.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DELETED_USER_NAME } from '~/models/account.server.ts';
import { ensureClerkUser } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { getBoss, type QueueName } from '~/utils/jobs.server.ts';
import { handleClerkUserDelete, handleClerkUserSync } from '../../jobs/clerk.ts';
import { clerkCookies, mintSessionToken, newTestSession, svixHeaders } from '../../test/clerk.ts';
import { createUser } from '../../test/factories.ts';
import { useClerkBackend } from '../../test/clerk-mode.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { useTestServer } from '../../test/http.ts';
import { expectLedgerConservation } from '../../test/invariants.ts';

const { keys, clerk } = useClerkBackend();

useDatabase();
useJobQueue();

const server = useTestServer();

const newClerkId = () => `user_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
const newEmail = () => `${randomUUID().slice(0, 8)}@example.test`;

/** A Clerk event as Clerk sends it (the jobs read the user fresh from the Backend API anyway). */
function userEvent(type: 'user.created' | 'user.updated' | 'user.deleted', clerkId: string) {
  const data =
    type === 'user.deleted' ? { id: clerkId, object: 'user', deleted: true } : { id: clerkId, object: 'user', first_name: 'From', last_name: 'Message' };
  return { type, object: 'event', timestamp: Date.now(), data };
}

function deliver(event: object, { messageId = `msg_${randomUUID()}`, secret = keys.webhookSecret, body = JSON.stringify(event) } = {}) {
  const signedBody = JSON.stringify(event);
  return server.request('/webhooks/clerk', { method: 'POST', headers: svixHeaders(secret, signedBody, messageId), body });
}

async function jobsFor(queue: QueueName, clerkId: string) {
  return (await getBoss()).findJobs<{ clerkId: string }>(queue, { data: { clerkId } });
}

/** Runs the jobs stored for this Clerk id, in the order given (pg-boss may run them in any order). */
async function runJobs(queue: 'clerk-user-sync' | 'clerk-user-delete', clerkId: string) {
  const jobs = await jobsFor(queue, clerkId);
  expect(jobs.length).toBeGreaterThan(0);
  for (const job of jobs) await (queue === 'clerk-user-sync' ? handleClerkUserSync(job.data) : handleClerkUserDelete(job.data));
}

function storedMessages(messageId: string) {
  return getDb().webhookEvent.findMany({ where: { provider: 'CLERK', eventId: messageId }, select: { type: true } });
}

function localUser(clerkId: string) {
  return getDb().user.findUnique({ where: { clerkId }, select: { id: true, name: true, email: true, balanceCents: true } });
}

async function grantsFor(clerkId: string) {
  const user = await localUser(clerkId);
  return user ? getDb().ledgerEntry.count({ where: { kind: 'GRANT', toUserId: user.id } }) : 0;
}

describe('signatures', () => {
  it('answers 400 and stores nothing for a bad signature, a changed body or missing svix headers', async () => {
    const clerkId = newClerkId();
    const event = userEvent('user.created', clerkId);

    const otherSecret = await deliver(event, { messageId: 'msg_bad_secret', secret: `whsec_${Buffer.from(randomUUID()).toString('base64')}` });
    expect(otherSecret.status).toBe(400);
    const changed = await deliver(event, { messageId: 'msg_changed_body', body: JSON.stringify(userEvent('user.deleted', clerkId)) });
    expect(changed.status).toBe(400);
    const unsigned = await server.request('/webhooks/clerk', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(event) });
    expect(unsigned.status).toBe(400);

    expect(await storedMessages('msg_bad_secret')).toEqual([]);
    expect(await storedMessages('msg_changed_body')).toEqual([]);
    expect(await jobsFor('clerk-user-sync', clerkId)).toEqual([]);
    expect(await jobsFor('clerk-user-delete', clerkId)).toEqual([]);
  });

  it('answers 405 to anything but a POST', async () => {
    expect((await server.request('/webhooks/clerk')).status).toBe(405);
  });
});

describe('user.created', () => {
  it('is stored once with its job; a duplicate delivery is a no-op; the job creates the user with one grant', async () => {
    const clerkId = newClerkId();
    const email = newEmail();
    clerk.putUser(clerkId, { name: 'Hedy Lamarr', email });
    const messageId = `msg_${randomUUID()}`;

    const first = await deliver(userEvent('user.created', clerkId), { messageId });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, duplicate: false });
    const again = await deliver(userEvent('user.created', clerkId), { messageId });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true, duplicate: true });

    expect(await storedMessages(messageId)).toEqual([{ type: 'user.created' }]);
    expect(await jobsFor('clerk-user-sync', clerkId)).toHaveLength(1);

    await runJobs('clerk-user-sync', clerkId);
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toMatchObject({ name: 'Hedy Lamarr', email, balanceCents: 400_000_000n });
    expect(await grantsFor(clerkId)).toBe(1);
  });

  it('does not take an email another account holds: the new user has none until it is free', async () => {
    const holderEmail = newEmail();
    const { id: holderId } = await createUser();
    await getDb().user.update({ where: { id: holderId }, data: { email: holderEmail } });
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'Same Email', email: holderEmail });
    await deliver(userEvent('user.created', clerkId));
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toMatchObject({ name: 'Same Email', email: null });
    expect(await getDb().user.findUnique({ where: { id: holderId }, select: { email: true } })).toEqual({ email: holderEmail });
  });
});

describe('user.updated', () => {
  it('copies Clerk’s current name and email', async () => {
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'Old Name', email: newEmail() });
    await ensureClerkUser({ clerkId, name: 'Old Name', email: null });
    const email = newEmail();
    clerk.putUser(clerkId, { name: 'New Name', email });
    expect((await deliver(userEvent('user.updated', clerkId))).status).toBe(200);
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toMatchObject({ name: 'New Name', email });
  });

  it('arriving before user.created creates the user once; the late user.created changes nothing', async () => {
    const clerkId = newClerkId();
    const email = newEmail();
    clerk.putUser(clerkId, { name: 'Early Update', email });
    await deliver(userEvent('user.updated', clerkId));
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toMatchObject({ name: 'Early Update', email });

    await deliver(userEvent('user.created', clerkId));
    await runJobs('clerk-user-sync', clerkId);
    expect(await getDb().user.count({ where: { clerkId } })).toBe(1);
    expect(await grantsFor(clerkId)).toBe(1);
    expect(await localUser(clerkId)).toMatchObject({ name: 'Early Update', email });
  });

  it('run late, after a newer one, still leaves Clerk’s newest name and email (the job reads Clerk, not the message)', async () => {
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'First', email: newEmail() });
    await deliver(userEvent('user.updated', clerkId));
    clerk.putUser(clerkId, { name: 'Second', email: null });
    await deliver(userEvent('user.updated', clerkId));
    // Both jobs run only now, whatever their order: the older message brings no older data.
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toMatchObject({ name: 'Second', email: null });
  });
});

describe('user.deleted', () => {
  it('deletes the account once (a second delivery or run changes nothing) and remembers the Clerk id', async () => {
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'Leaving Soon', email: newEmail() });
    await ensureClerkUser({ clerkId, name: 'Leaving Soon', email: newEmail() });
    const { id } = (await localUser(clerkId))!;
    clerk.removeUser(clerkId);

    await deliver(userEvent('user.deleted', clerkId));
    await deliver(userEvent('user.deleted', clerkId));
    expect(await jobsFor('clerk-user-delete', clerkId)).toHaveLength(2);
    await runJobs('clerk-user-delete', clerkId);

    const row = await getDb().user.findUniqueOrThrow({
      where: { id },
      select: { name: true, email: true, clerkId: true, deletedAt: true, balanceCents: true },
    });
    expect(row).toMatchObject({ name: DELETED_USER_NAME, email: null, clerkId: null, balanceCents: 0n });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await getDb().deletedClerkId.findUnique({ where: { clerkId } })).not.toBeNull();
    expect(await getDb().ledgerEntry.count({ where: { kind: 'ACCOUNT_CLOSURE', fromUserId: id } })).toBe(1);
    await expectLedgerConservation();
  });

  it('cannot be undone by a late user.created or user.updated, even if Clerk still answered with the user', async () => {
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'Gone For Good', email: newEmail() });
    await ensureClerkUser({ clerkId, name: 'Gone For Good', email: null });
    await deliver(userEvent('user.deleted', clerkId));
    await runJobs('clerk-user-delete', clerkId);

    await deliver(userEvent('user.updated', clerkId));
    await deliver(userEvent('user.created', clerkId));
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toBeNull();
    expect(await getDb().user.count({ where: { name: 'Gone For Good' } })).toBe(0);
  });

  it('arriving before the user ever existed here keeps user.created and a first request from creating it', async () => {
    const clerkId = newClerkId();
    clerk.putUser(clerkId, { name: 'Never Here', email: newEmail() });
    await deliver(userEvent('user.deleted', clerkId));
    await runJobs('clerk-user-delete', clerkId);

    await deliver(userEvent('user.created', clerkId));
    await runJobs('clerk-user-sync', clerkId);
    expect(await localUser(clerkId)).toBeNull();

    // A session token minted before the deletion is still valid for a minute: it signs nobody in.
    const session = { ...newTestSession(server.origin, { name: 'Never Here', email: newEmail() }), clerkUserId: clerkId };
    const page = await server.request('/profile', { headers: { 'Sec-Fetch-Dest': 'document', Cookie: clerkCookies(mintSessionToken(keys, session)) } });
    expect(page.status).toBe(302);
    expect(await localUser(clerkId)).toBeNull();
  });
});

describe('other events', () => {
  it('are kept, without a job', async () => {
    const messageId = `msg_${randomUUID()}`;
    const clerkId = newClerkId();
    const response = await deliver({ type: 'session.created', object: 'event', data: { id: clerkId, object: 'session' } }, { messageId });
    expect(response.status).toBe(200);
    expect(await storedMessages(messageId)).toEqual([{ type: 'session.created' }]);
    expect(await jobsFor('clerk-user-sync', clerkId)).toEqual([]);
    expect(await jobsFor('clerk-user-delete', clerkId)).toEqual([]);
  });
});
