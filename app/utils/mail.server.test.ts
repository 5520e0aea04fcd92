// The email queue end to end: queueEmail in a transaction, the real worker, nodemailer, and a real
// SMTP server in this process that parses what it receives.
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createUser } from '../../test/factories.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { useMailDelivery } from '../../test/mail-delivery.ts';
import { loader as devMailLoader } from '~/routes/dev.mail.$id.tsx';
import { loader as devMailboxLoader } from '~/routes/dev.mail._index.tsx';
import { getDb } from './db.server.ts';
import { env, parseEnv } from './env.server.ts';
import { enqueue, getBoss } from './jobs.server.ts';
import { deliverEmails, devMailboxEnabled, EmailBusyError, queueEmail, queueEmails, type OutgoingEmail } from './mail.server.ts';
import { serializable } from './transaction.server.ts';

// A database of its own: other test files queue emails too, and this file's worker must neither
// deliver theirs nor wait behind them.
useScratchDatabase();
const smtp = useMailDelivery({ from: 'REEN Test <shop@reen.test>', appUrl: 'https://shop.reen.test:8443' });

function anEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const tag = randomUUID().slice(0, 8);
  return {
    kind: 'test',
    dedupeKey: `test:${tag}`,
    to: `buyer-${tag}@example.test`,
    subject: `Your order ${tag}`,
    html: `<p>Thanks for your order <b>${tag}</b>.</p>`,
    text: `Thanks for your order ${tag}.`,
    ...overrides,
  };
}

const receivedWith = (subject: string) => smtp.received.filter(({ mail }) => mail.subject === subject);
/** Which of `subjects` arrived, in the order they arrived. */
const arrivalOrder = (subjects: string[]) => smtp.received.map(({ mail }) => mail.subject ?? '').filter((subject) => subjects.includes(subject));

/** Waits until the worker has marked the message sent, and returns its row. */
async function waitUntilSent(id: string) {
  return vi.waitFor(
    async () => {
      const row = await getDb().emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row.sentAt).not.toBeNull();
      return row;
    },
    { timeout: 20_000, interval: 100 },
  );
}

/** The send-email jobs that carry the message (findJobs matches by JSON containment). */
async function jobsFor(emailId: string) {
  const boss = await getBoss();
  return boss.findJobs<{ emailIds: string[] }>('send-email', { data: { emailIds: [emailId] } });
}

/** A message row with no job, so that only the test's own calls deliver it. */
async function unqueuedEmail(email: OutgoingEmail) {
  const id = randomUUID();
  await getDb().emailMessage.create({
    data: {
      id,
      kind: email.kind,
      dedupeKey: email.dedupeKey,
      messageId: `<${id}@reen.test>`,
      toAddress: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
    },
  });
  return id;
}

async function waitForCompletedJob(emailId: string) {
  return vi.waitFor(
    async () => {
      const [found] = await jobsFor(emailId);
      expect(found?.state).toBe('completed');
      return found!;
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('the email queue', () => {
  it('delivers a queued message over SMTP, with its stable Message-ID and both parts', async () => {
    const { id: userId } = await createUser();
    const email = anEmail({ toName: 'Ada Buyer', userId });
    const id = await serializable((tx) => queueEmail(tx, email));

    const row = await waitUntilSent(id);
    const [delivery, ...more] = receivedWith(email.subject);
    expect(more).toHaveLength(0);
    const { mail, rcptTo } = delivery!;
    expect(rcptTo).toEqual([email.to]);
    expect(mail.to).toMatchObject({ value: [{ address: email.to, name: 'Ada Buyer' }] });
    expect(mail.from).toMatchObject({ value: [{ address: 'shop@reen.test', name: 'REEN Test' }] });
    expect(row.messageId).toBe(`<${id}@shop.reen.test>`);
    expect(mail.messageId).toBe(row.messageId);
    expect(mail.html).toContain(email.html);
    expect(mail.text?.trim()).toBe(email.text);
    expect(row).toMatchObject({ userId, kind: 'test', toAddress: email.to });
  });

  it('keeps one row, one job and one delivery for a dedupeKey queued twice at once', async () => {
    const email = anEmail();
    const ids = await Promise.all([1, 2].map(() => serializable((tx) => queueEmail(tx, email))));
    expect(ids[0]).toBe(ids[1]);
    const id = ids[0]!;

    await waitUntilSent(id);
    expect(await getDb().emailMessage.count({ where: { dedupeKey: email.dedupeKey } })).toBe(1);
    expect(await jobsFor(id)).toHaveLength(1);
    expect(receivedWith(email.subject)).toHaveLength(1);
  });

  it('retries through an SMTP outage and then delivers exactly once', async () => {
    const email = anEmail();
    smtp.refuseOnce.add(email.subject);
    const id = await serializable((tx) => queueEmail(tx, email));

    await waitUntilSent(id);
    const job = await waitForCompletedJob(id);
    expect(smtp.refused.filter((address) => address === email.to)).toHaveLength(1);
    expect(job.retryCount).toBe(1);
    expect(receivedWith(email.subject)).toHaveLength(1);
  });

  it('sends a message once when two attempts overlap, and not again when the job is retried after', async () => {
    const email = anEmail();
    // Held back by the server at first, so that the worker's own attempt cannot finish before ours start.
    smtp.unavailable.add(email.to);
    const id = await serializable((tx) => queueEmail(tx, email));
    await vi.waitFor(() => expect(smtp.refused).toContain(email.to), { timeout: 10_000, interval: 50 });
    smtp.unavailable.delete(email.to);

    const attempts = await Promise.allSettled([deliverEmails([id]), deliverEmails([id]), deliverEmails([id])]);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(EmailBusyError);
    }
    await waitUntilSent(id);
    await deliverEmails([id]);
    await waitForCompletedJob(id);
    expect(receivedWith(email.subject)).toHaveLength(1);
  });

  it('delivers the messages queued together with one job, in the order queued, over one connection', async () => {
    const emails = [anEmail(), anEmail(), anEmail()];
    const connectionsBefore = smtp.connections;
    const ids = await serializable((tx) => queueEmails(tx, emails));

    for (const id of ids) await waitUntilSent(id);
    const [job, ...others] = await jobsFor(ids[0]!);
    expect(others).toHaveLength(0);
    expect(job!.data).toEqual({ emailIds: ids });
    const subjects = emails.map((email) => email.subject);
    expect(arrivalOrder(subjects)).toEqual(subjects);
    // Pooled: at most one new connection (none if an earlier test's is still open), not one per message.
    expect(smtp.connections - connectionsBefore).toBeLessThanOrEqual(1);
  });

  it('sends the other messages of a job when one is refused, and the retry sends only the refused one', async () => {
    const [refused, accepted] = [anEmail(), anEmail()];
    smtp.refuseOnce.add(refused.subject);
    const [refusedId, acceptedId] = await serializable((tx) => queueEmails(tx, [refused, accepted]));

    await waitUntilSent(refusedId!);
    const job = await waitForCompletedJob(acceptedId!);
    expect(job.retryCount).toBe(1);
    // The accepted one went out in the first attempt, before the retry sent the refused one.
    expect(arrivalOrder([refused.subject, accepted.subject])).toEqual([accepted.subject, refused.subject]);
    expect(smtp.refused.filter((address) => address === refused.to)).toHaveLength(1);
  });

  it('leaves a message claimed by another attempt until its claim lapses', async () => {
    const email = anEmail();
    const id = await unqueuedEmail(email);
    await getDb().$executeRaw`UPDATE "EmailMessage" SET "sendingUntil" = now() + interval '1 hour' WHERE id = ${id}::uuid`;

    await expect(deliverEmails([id])).rejects.toBeInstanceOf(EmailBusyError);
    expect(receivedWith(email.subject)).toHaveLength(0);

    // The attempt that claimed it died: once its lease is over, the next one sends it.
    await getDb().$executeRaw`UPDATE "EmailMessage" SET "sendingUntil" = now() - interval '1 second' WHERE id = ${id}::uuid`;
    await deliverEmails([id]);
    const row = await getDb().emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.sentAt).not.toBeNull();
    expect(row.sendingUntil).toBeNull();
    expect(receivedWith(email.subject)).toHaveLength(1);
  });

  it('still delivers a job queued with one emailId, as jobs were before one carried several', async () => {
    const email = anEmail();
    const id = await unqueuedEmail(email);
    await serializable((tx) => enqueue(tx, 'send-email', { emailId: id }));

    await waitUntilSent(id);
    expect(receivedWith(email.subject)).toHaveLength(1);
  });
});

describe('the dev mailbox', () => {
  it('exists only in demo mode without SMTP_URL', () => {
    expect(devMailboxEnabled(parseEnv({}))).toBe(true);
    expect(devMailboxEnabled(parseEnv({ SMTP_URL: 'smtp://mail.internal:587' }))).toBe(false);
    expect(devMailboxEnabled(parseEnv({ APP_ENV: 'production', DEMO_MODE: '1', APP_URL: 'https://demo.reen.test' }))).toBe(true);
    const production = {
      APP_ENV: 'production',
      DATABASE_URL: 'postgresql://u:p@db.internal:5432/reen',
      SESSION_SECRET: 'x'.repeat(32),
      APP_URL: 'https://reen.fly.dev',
      SMTP_URL: 'smtp://mail.internal:587',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_123',
      CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.reen.fly.dev$').toString('base64')}`,
      CLERK_SECRET_KEY: 'sk_live_123',
      CLERK_WEBHOOK_SECRET: 'whsec_456',
    };
    expect(devMailboxEnabled(parseEnv(production))).toBe(false);
  });

  it('answers 404 when SMTP_URL is set, before asking anyone to sign in', async () => {
    expect(env().SMTP_URL).toBeDefined();
    const args = (path: string, params = {}) => ({ request: new Request(`http://localhost${path}`), params, context: {} });
    await expect(devMailboxLoader(args('/dev/mail'))).rejects.toMatchObject({ status: 404 });
    await expect(devMailLoader(args(`/dev/mail/${randomUUID()}`, { id: randomUUID() }))).rejects.toMatchObject({ status: 404 });
  });
});
