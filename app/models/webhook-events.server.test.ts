import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { storeWebhookEvent } from './webhook-events.server.ts';

useDatabase();

describe('storeWebhookEvent', () => {
  it('stores an event once, with the time it arrived, and refuses a second delivery of it', async () => {
    const eventId = `evt_${randomUUID()}`;
    const event = { provider: 'STRIPE' as const, eventId, type: 'checkout.session.completed', payload: { id: eventId, data: { amount: 1200 } } };
    const before = Date.now();
    const stored1 = await getDb().$transaction(async (tx) => {
      // A session in another zone than UTC must not shift the stored time.
      await tx.$executeRaw`SET LOCAL TIME ZONE 'America/New_York'`;
      return storeWebhookEvent(tx, event);
    });
    expect(stored1).toBe(true);
    expect(await getDb().$transaction((tx) => storeWebhookEvent(tx, { ...event, type: 'changed' }))).toBe(false);

    const stored = await getDb().webhookEvent.findMany({ where: { eventId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ provider: 'STRIPE', type: 'checkout.session.completed', payload: event.payload, processedAt: null });
    // The column has no time zone: Prisma writes and reads it as UTC.
    expect(stored[0]!.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
    expect(stored[0]!.receivedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('keeps the same event id from another provider apart', async () => {
    const eventId = `msg_${randomUUID()}`;
    const base = { eventId, type: 'user.created', payload: {} };
    expect(await getDb().$transaction((tx) => storeWebhookEvent(tx, { ...base, provider: 'STRIPE' }))).toBe(true);
    expect(await getDb().$transaction((tx) => storeWebhookEvent(tx, { ...base, provider: 'CLERK' }))).toBe(true);
    expect(await getDb().webhookEvent.count({ where: { eventId } })).toBe(2);
  });
});
