// Outgoing email: a row per message, written in the transaction that causes it, and a send-email
// job that delivers the messages queued together over SMTP_URL. Without SMTP_URL (demo), messages
// are only kept, for /dev/mail: written as sent, with no job.
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { EmailMessage } from '~/generated/prisma/client';
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
  const [id] = await queueEmails(tx, [message]);
  return id!;
}

/**
 * queueEmail for several messages at once (an order's confirmation and sale notices): their rows in
 * one INSERT and one send-email job that delivers them all. Returns the rows' ids in the order of
 * `messages`. Without SMTP_URL there is nothing to deliver: the rows are written sent and no job is
 * queued (a job would cost the worker three statements per order only to mark them so).
 */
export async function queueEmails(tx: Tx, messages: OutgoingEmail[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const keptOnly = !env().SMTP_URL;
  const rows = messages.map(({ to, toName, ...rest }) => {
    const id = randomUUID();
    return { ...rest, id, messageId: `<${id}@${messageIdDomain()}>`, toAddress: to, toName };
  });
  // ON CONFLICT DO NOTHING: a concurrent twin waits for ours and then skips, with no error to catch.
  // Raw SQL: Prisma compiles createMany again on every call (it caches every other query's plan),
  // here with each message's whole text inlined, on the worker's CPU for every order (ADR 011,
  // bench/README.md).
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "EmailMessage" (id, "dedupeKey", kind, "messageId", "toAddress", "toName", subject, html, text, "userId", "orderId", "createdAt", "sentAt")
    SELECT m.id, m."dedupeKey", m.kind, m."messageId", m."toAddress", m."toName", m.subject, m.html, m.text, m."userId", m."orderId",
           (now() AT TIME ZONE 'UTC')::timestamp(3), CASE WHEN ${keptOnly} THEN (now() AT TIME ZONE 'UTC')::timestamp(3) END
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
           AS m(id uuid, "dedupeKey" text, kind text, "messageId" text, "toAddress" text, "toName" text,
                subject text, html text, text text, "userId" uuid, "orderId" uuid)
    ON CONFLICT DO NOTHING
    RETURNING id::text`;
  const insertedIds = new Set(inserted.map((row) => row.id));
  // A message skipped as a duplicate already has the job of the call that queued it first.
  const newIds = rows.filter((row) => insertedIds.has(row.id)).map((row) => row.id);
  if (newIds.length > 0 && !keptOnly) await enqueue(tx, 'send-email', { emailIds: newIds });
  const skipped = rows.filter((row) => !insertedIds.has(row.id)).map((row) => row.dedupeKey);
  if (skipped.length === 0) return rows.map((row) => row.id);
  const existing = await tx.emailMessage.findMany({ where: { dedupeKey: { in: skipped } }, select: { id: true, dedupeKey: true } });
  const idOf = new Map(existing.map((row) => [row.dedupeKey, row.id]));
  return rows.map((row) => (insertedIds.has(row.id) ? row.id : idOf.get(row.dedupeKey)!));
}

/** sendingUntil identifies the claim: another attempt's claim sets another time. */
type ClaimedEmail = Pick<EmailMessage, 'id' | 'toAddress' | 'toName' | 'subject' | 'html' | 'text' | 'messageId'> & { sendingUntil: Date };

/** Another attempt is delivering some of these messages right now; the job is retried later. */
export class EmailBusyError extends Error {
  override name = 'EmailBusyError';
  constructor(emailIds: string[]) {
    super(`being delivered by another attempt: email ${emailIds.join(', ')}`);
  }
}

/**
 * The send-email job. Sends each message at most once as far as this side can tell: a message whose
 * sentAt is set is never sent again, and an attempt first claims the unsent messages for as long as
 * sending them may take (one statement, a lease in sendingUntil), so an attempt that overlaps (a job
 * that expired while its worker still talks to the SMTP server, then retried) leaves them alone and
 * is retried later instead of sending them too. Each message is marked sent as soon as the SMTP
 * server has accepted it; one that is not is handed back at once, for the job's retry.
 *
 * A lease rather than a row lock held through the sending: the lock needed a transaction (four
 * statements) per message, the lease takes one statement for the job and one per message sent.
 */
export async function deliverEmails(emailIds: string[]): Promise<void> {
  const { SMTP_URL, MAIL_FROM, JOB_EXPIRE_SECONDS } = env();
  const db = getDb();
  // Twice the job's expiry per message: the transport gives up on a silent server within a third of
  // it per phase (connect, greeting, each reply), so the lease outlives any send that is still going.
  const leaseSeconds = JOB_EXPIRE_SECONDS * 2 * emailIds.length;
  const claimed = await db.$queryRaw<ClaimedEmail[]>`
    UPDATE "EmailMessage" SET "sendingUntil" = now() + make_interval(secs => ${leaseSeconds})
     WHERE id = ANY(${emailIds}::uuid[]) AND "sentAt" IS NULL AND ("sendingUntil" IS NULL OR "sendingUntil" < now())
     RETURNING id::text, "toAddress", "toName", subject, html, text, "messageId", "sendingUntil"`;
  // In the order queued: an order's confirmation before its sale notices.
  claimed.sort((a, b) => emailIds.indexOf(a.id) - emailIds.indexOf(b.id));

  const refusals: unknown[] = [];
  if (SMTP_URL) {
    for (const email of claimed) {
      try {
        await smtpTransport(SMTP_URL).sendMail({
          from: MAIL_FROM,
          to: email.toName ? { name: email.toName, address: email.toAddress } : email.toAddress,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId: email.messageId,
        });
      } catch (error) {
        // An outage or a refusal: handed back for the job's retry, and the others still go out (one
        // buyer's full mailbox must not hold up the sellers' notices).
        refusals.push(error);
        await handBack(email);
        continue;
      }
      // The one window left: the SMTP server has accepted the message, and this write records it
      // at once, with nothing in between. A crash or a lost database connection inside that window
      // sends the message again on retry; SMTP offers no way to make its acceptance and our record
      // one step. The stable Message-ID lets mail clients recognise the twin.
      await markSent([email.id]);
    }
  } else {
    // A job queued by a process that had SMTP_URL: its messages are kept, as queueEmails keeps them.
    await markSent(claimed.map((email) => email.id));
  }
  // Thrown so that pg-boss retries the job; the order that queued the messages was committed long
  // before and is never touched by this.
  if (refusals.length === 1) throw refusals[0];
  if (refusals.length > 1) throw new AggregateError(refusals, `${refusals.length} of ${claimed.length} messages were not accepted`);

  const claimedIds = new Set(claimed.map((email) => email.id));
  const notClaimed = emailIds.filter((id) => !claimedIds.has(id));
  if (notClaimed.length === 0) return;
  // Sent already (a retry), or gone with a deleted account: nothing to do. Unsent: another attempt holds it.
  const busy = await db.emailMessage.findMany({ where: { id: { in: notClaimed }, sentAt: null }, select: { id: true } });
  if (busy.length > 0) throw new EmailBusyError(busy.map((email) => email.id));
}

/** Sent messages: the time in UTC, as Prisma stores every timestamp without a zone. */
async function markSent(emailIds: string[]) {
  if (emailIds.length === 0) return;
  await getDb().$executeRaw`
    UPDATE "EmailMessage" SET "sentAt" = (now() AT TIME ZONE 'UTC')::timestamp(3), "sendingUntil" = NULL
     WHERE id = ANY(${emailIds}::uuid[])`;
}

/** Frees a claimed message for the next attempt, only while the claim is still this attempt's own. */
async function handBack({ id, sendingUntil }: ClaimedEmail) {
  await getDb().$executeRaw`
    UPDATE "EmailMessage" SET "sendingUntil" = NULL WHERE id = ${id}::uuid AND "sendingUntil" = ${sendingUntil.toISOString()}::timestamptz`;
}

/** /dev/mail exists only in demo mode, and only when messages are not really sent. */
export function devMailboxEnabled(current: Env = env()): boolean {
  return isDemo(current) && !current.SMTP_URL;
}

let transport: ReturnType<typeof createTransport> | undefined;

/**
 * Pooled: messages reuse open connections (nodemailer's default of at most 5 covers the worker's
 * four email jobs at a time). A connection per message, each with its greeting (and TLS handshake),
 * delivered about 35 messages/s to an SMTP server on the same machine; pooled, 350.
 */
function smtpTransport(url: string) {
  // Each phase gives up well before the job expires: an expired job is retried while this one may
  // still be sending, which could deliver it twice.
  const timeout = (env().JOB_EXPIRE_SECONDS * 1000) / 3;
  transport ??= createTransport({ url, pool: true, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return transport;
}

/** Closes the pooled SMTP connections once the worker has stopped sending; a later message opens new ones. */
export function closeMailTransport() {
  transport?.close();
  transport = undefined;
}

function messageIdDomain(): string {
  const { APP_URL } = env();
  return APP_URL ? new URL(APP_URL).hostname : 'reen.local';
}
