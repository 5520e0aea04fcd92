// Outgoing email: a row per message, written in the transaction that causes it, and a send-email
// job that delivers it over SMTP_URL. Without SMTP_URL (demo), messages are only kept, for /dev/mail.
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { EmailMessage } from '~/generated/prisma/client';
import { getDb } from './db.server.ts';
import { env, isDemo, type Env } from './env.server.ts';
import { enqueueMany } from './jobs.server.ts';
import type { Tx } from './transaction.server.ts';

export type OutgoingEmail = {
  kind: string;
  /** One message per key, however many times it is queued (e.g. `order-paid:<orderId>`). */
  dedupeKey: string;
  to: string;
  toName?: string;
  subject: string;
  html: string;
  text: string;
  userId?: string;
  orderId?: string;
};

/** Stores the message and sends its job, both in `tx`; a dedupeKey seen before adds nothing. Returns the row's id. */
export async function queueEmail(tx: Tx, message: OutgoingEmail): Promise<string> {
  const [id] = await queueEmails(tx, [message]);
  return id!;
}

/**
 * queueEmail for several messages at once: their rows in one INSERT and their jobs in another,
 * whatever their number. Returns the rows' ids in the order of `messages`.
 */
export async function queueEmails(tx: Tx, messages: OutgoingEmail[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = messages.map(({ to, toName, ...rest }) => {
    const id = randomUUID();
    return { ...rest, id, messageId: `<${id}@${messageIdDomain()}>`, toAddress: to, toName };
  });
  // ON CONFLICT DO NOTHING: a concurrent twin waits for ours and then skips, with no error to catch.
  const inserted = await tx.emailMessage.createManyAndReturn({ data: rows, skipDuplicates: true, select: { id: true } });
  const insertedIds = new Set(inserted.map((row) => row.id));
  await enqueueMany(tx, 'send-email', [...insertedIds].map((emailId) => ({ emailId })));
  const skipped = rows.filter((row) => !insertedIds.has(row.id)).map((row) => row.dedupeKey);
  if (skipped.length === 0) return rows.map((row) => row.id);
  const existing = await tx.emailMessage.findMany({ where: { dedupeKey: { in: skipped } }, select: { id: true, dedupeKey: true } });
  const idOf = new Map(existing.map((row) => [row.dedupeKey, row.id]));
  return rows.map((row) => (insertedIds.has(row.id) ? row.id : idOf.get(row.dedupeKey)!));
}

type LockedEmail = Pick<EmailMessage, 'toAddress' | 'toName' | 'subject' | 'html' | 'text' | 'messageId' | 'sentAt'>;

/** Another attempt is delivering this message right now; the job is retried later. */
export class EmailBusyError extends Error {
  override name = 'EmailBusyError';
  constructor(emailId: string) {
    super(`email ${emailId} is being delivered by another attempt`);
  }
}

/**
 * The send-email job. Sends a message at most once as far as this side can tell: a message whose
 * sentAt is set is never sent again, and the row stays locked while it is being sent, so an attempt
 * that overlaps (a job that expired while its worker still talks to the SMTP server, then retried)
 * waits its turn instead of sending it too. Not wrapped in serializable(): its retries would send again.
 */
export async function deliverEmail(emailId: string): Promise<void> {
  const { SMTP_URL, MAIL_FROM, JOB_EXPIRE_SECONDS } = env();
  const db = getDb();
  await db.$transaction(
    async (tx) => {
      // Locked and read in one statement: a message is read only by the attempt that holds it.
      const [email] = await tx.$queryRaw<LockedEmail[]>`
        SELECT "toAddress", "toName", subject, html, text, "messageId", "sentAt"
          FROM "EmailMessage" WHERE id = ${emailId}::uuid FOR UPDATE SKIP LOCKED`;
      if (!email) {
        const exists = await db.emailMessage.findUnique({ where: { id: emailId }, select: { sentAt: true } });
        if (exists && !exists.sentAt) throw new EmailBusyError(emailId);
        return;
      }
      if (email.sentAt) return;
      if (SMTP_URL) {
        // Throws on any SMTP failure (an outage, a refusal), so pg-boss retries the job; the order
        // that queued the message was committed long before and is never touched by this.
        await smtpTransport(SMTP_URL).sendMail({
          from: MAIL_FROM,
          to: email.toName ? { name: email.toName, address: email.toAddress } : email.toAddress,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: email.messageId,
        });
      }
      // The one window left: the SMTP server has accepted the message, and this write (then the
      // commit) records it at once, with nothing in between. A crash or a lost database connection
      // inside that window sends the message again on retry; SMTP offers no way to make its
      // acceptance and our record one step. The stable Message-ID lets mail clients recognise the twin.
      await tx.emailMessage.update({ where: { id: emailId }, data: { sentAt: new Date() }, select: { id: true } });
    },
    // Twice the job's expiry: the transport gives up on a silent server within a third of it per
    // phase (connect, greeting, each reply), so the lock outlives any send that is still going.
    { timeout: JOB_EXPIRE_SECONDS * 1000 * 2, maxWait: 10_000 },
  );
}

/** /dev/mail exists only in demo mode, and only when messages are not really sent. */
export function devMailboxEnabled(current: Env = env()): boolean {
  return isDemo(current) && !current.SMTP_URL;
}

let transport: ReturnType<typeof createTransport> | undefined;

function smtpTransport(url: string) {
  // Each phase gives up well before the job expires: an expired job is retried while this one may
  // still be sending, which could deliver it twice.
  const timeout = (env().JOB_EXPIRE_SECONDS * 1000) / 3;
  transport ??= createTransport({ url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return transport;
}

function messageIdDomain(): string {
  const { APP_URL } = env();
  return APP_URL ? new URL(APP_URL).hostname : 'reen.local';
}
