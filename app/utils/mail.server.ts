// Outgoing email: a row per message, written in the transaction that causes it, and a send-email
// job that delivers it over SMTP_URL. Without SMTP_URL (demo), messages are only kept, for /dev/mail.
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { getDb } from './db.server.ts';
import { env, isDemo, type Env } from './env.server.ts';
import { enqueue } from './jobs.server.ts';
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
  const { to, toName, ...rest } = message;
  const id = randomUUID();
  // ON CONFLICT DO NOTHING: a concurrent twin waits for ours and then skips, with no error to catch.
  const { count } = await tx.emailMessage.createMany({
    data: [{ ...rest, id, messageId: `<${id}@${messageIdDomain()}>`, toAddress: to, toName }],
    skipDuplicates: true,
  });
  if (count === 0) {
    const existing = await tx.emailMessage.findUniqueOrThrow({ where: { dedupeKey: message.dedupeKey }, select: { id: true } });
    return existing.id;
  }
  await enqueue(tx, 'send-email', { emailId: id });
  return id;
}

/** The send-email job. Idempotent: a message whose sentAt is set is never sent again. */
export async function deliverEmail(emailId: string): Promise<void> {
  const db = getDb();
  const email = await db.emailMessage.findUnique({ where: { id: emailId } });
  if (!email || email.sentAt) return;
  const { SMTP_URL, MAIL_FROM } = env();
  if (SMTP_URL) {
    // Throws on any SMTP failure, so pg-boss retries the job.
    await smtpTransport(SMTP_URL).sendMail({
      from: MAIL_FROM,
      to: email.toName ? { name: email.toName, address: email.toAddress } : email.toAddress,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: email.messageId,
    });
  }
  // Written at once after the server accepted: a crash in between sends the message twice on retry,
  // a window SMTP cannot close. The stable Message-ID lets mail clients recognise the duplicate.
  await db.emailMessage.update({ where: { id: emailId }, data: { sentAt: new Date() } });
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
