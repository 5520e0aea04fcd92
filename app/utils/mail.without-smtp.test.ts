// Without SMTP_URL (the demo, a local run) nothing is delivered: the messages a transaction queues are
// kept as sent, for /dev/mail, and no send-email job is queued for them. mail.server.test.ts covers
// delivery over SMTP.
import { describe, expect, it } from 'vitest';
import { createProduct, createSeller, createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { placeOrder } from '../../test/orders.ts';
import { getDb } from './db.server.ts';
import { env } from './env.server.ts';
import { getBoss } from './jobs.server.ts';
import { deliverEmails } from './mail.server.ts';

useDatabase();

async function sendEmailJobsFor(emailId: string) {
  const boss = await getBoss();
  return boss.findJobs('send-email', { data: { emailIds: [emailId] } });
}

describe('email without SMTP_URL', () => {
  it("keeps an order's messages as sent in the order's own transaction, with no job to deliver them", async () => {
    expect(env().SMTP_URL).toBeUndefined();
    const { id: sellerId } = await createSeller();
    const { id: buyerId } = await createUser();
    const { id: productId } = await createProduct({ ownerId: sellerId, priceCents: 4_00, stock: 3 });

    const orderId = await placeOrder(buyerId, [{ productId, quantity: 1 }]);

    const rows = await getDb().emailMessage.findMany({ where: { orderId }, orderBy: { kind: 'asc' } });
    expect(rows.map((row) => row.userId).sort()).toEqual([buyerId, sellerId].sort());
    for (const row of rows) {
      expect(row.sentAt).toBeInstanceOf(Date);
      expect(row.sendingUntil).toBeNull();
      expect(await sendEmailJobsFor(row.id)).toHaveLength(0);
    }
    // A job that does arrive for them (queued by a process with SMTP_URL) finds nothing left to do.
    await deliverEmails(rows.map((row) => row.id));
    const after = await getDb().emailMessage.findMany({ where: { orderId }, orderBy: { kind: 'asc' } });
    expect(after.map((row) => row.sentAt)).toEqual(rows.map((row) => row.sentAt));
  });
});
