import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { getDb } from './db.server.ts';
import { enqueue, getBoss } from './jobs.server.ts';
import { serializable } from './transaction.server.ts';

useDatabase();
useJobQueue();

// Jobs here start an hour from now, so that a worker of another test file never runs them.
const LATER = 3600;

async function emailRow(tx: Parameters<Parameters<typeof serializable>[0]>[0]) {
  const id = randomUUID();
  await tx.emailMessage.create({
    data: {
      id,
      dedupeKey: `test:${id}`,
      kind: 'test',
      messageId: `<${id}@reen.test>`,
      toAddress: 'nobody@example.test',
      subject: 's',
      html: '<p>h</p>',
      text: 't',
    },
  });
  return id;
}

describe('enqueue inside a transaction', () => {
  it('commits the job together with its data', async () => {
    const { emailId, jobId } = await serializable(async (tx) => {
      const emailId = await emailRow(tx);
      const jobId = await enqueue(tx, 'send-email', { emailId }, { startAfter: LATER });
      return { emailId, jobId };
    });
    expect(jobId).toBeTruthy();
    const boss = await getBoss();
    const job = await boss.getJobById('send-email', jobId!);
    expect(job?.data).toEqual({ emailId });
    expect(await getDb().emailMessage.count({ where: { id: emailId } })).toBe(1);
    await boss.deleteJob('send-email', jobId!);
  });

  it('sends no job when the transaction rolls back', async () => {
    let jobId: string | null = null;
    let emailId = '';
    await expect(
      serializable(async (tx) => {
        emailId = await emailRow(tx);
        jobId = await enqueue(tx, 'send-email', { emailId }, { startAfter: LATER });
        throw new Error('something later in the transaction failed');
      }),
    ).rejects.toThrow('something later in the transaction failed');

    expect(jobId).toBeTruthy(); // it was sent, inside the transaction...
    const boss = await getBoss();
    expect(await boss.getJobById('send-email', jobId!)).toBeNull(); // ...and rolled back with it
    expect(await getDb().emailMessage.count({ where: { id: emailId } })).toBe(0);
  });

  it('declares every queue with a short expiry and a dead-letter queue', async () => {
    const boss = await getBoss();
    const queue = await boss.getQueue('send-email');
    expect(queue).toMatchObject({ deadLetter: 'dead-letter', expireInSeconds: 30, retryBackoff: true });
    expect(await boss.getQueue('dead-letter')).not.toBeNull();
  });
});
