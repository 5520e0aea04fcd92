import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { payFee } from '~/models/ledger.server.ts';
import { createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { getDb } from './db.server.ts';
import { BusyError, isRetryable, serializable, type SerializableOptions, type Tx } from './transaction.server.ts';

useDatabase();

/** Resolves once `count` callers have arrived: makes every first attempt read before anyone writes. */
function barrier(count: number) {
  let arrived = 0;
  let release!: () => void;
  const allThere = new Promise<void>((resolve) => (release = resolve));
  return () => {
    if (++arrived === count) release();
    return allThere;
  };
}

/**
 * Read-modify-write of one user's row, the pattern SERIALIZABLE must protect: reads the row, waits
 * for the other racers on the first attempt only, then `write`s.
 */
function writeAfterReading(userId: string, wait: () => Promise<void>, write: (tx: Tx) => Promise<unknown>, options: SerializableOptions) {
  let attempt = 0;
  return serializable(async (tx) => {
    attempt++;
    await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { balanceCents: true } });
    if (attempt === 1) await wait();
    await write(tx);
  }, options);
}

function chargeAfterReading(userId: string, wait: () => Promise<void>, attempts?: number, onRetry?: () => void) {
  return writeAfterReading(userId, wait, (tx) => payFee(tx, { kind: 'LISTING_FEE', userId, amountCents: 100 }), { attempts, onRetry });
}

describe('serializable', () => {
  it('starts its transaction SERIALIZABLE in one statement (our patch of @prisma/adapter-pg, patches/README.md)', async () => {
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const [isolation] = await serializable((tx) => tx.$queryRaw<{ level: string }[]>`SELECT current_setting('transaction_isolation') AS level`);
      expect(isolation!.level).toBe('serializable');
      const texts = sent.mock.calls.map(([query]) => (typeof query === 'string' ? query : (query as { text: string }).text));
      expect(texts.filter((text) => /^(BEGIN|SET TRANSACTION)/.test(text))).toEqual(['BEGIN ISOLATION LEVEL SERIALIZABLE']);
    } finally {
      sent.mockRestore();
    }
  });

  it('retries real serialization failures until every concurrent charge lands exactly once', async () => {
    const { id: userId } = await createUser();
    const racers = 8; // below the pool size, so all first attempts overlap
    const wait = barrier(racers);
    let retries = 0;
    await Promise.all(Array.from({ length: racers }, () => chargeAfterReading(userId, wait, 20, () => retries++)));

    expect(retries).toBeGreaterThan(0); // the race really happened
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.balanceCents).toBe(4_000_000_00n - BigInt(racers * 100));
    expect(user.amountSpentCents).toBe(BigInt(racers * 100));
    const fees = await getDb().ledgerEntry.count({ where: { fromUserId: userId, kind: 'LISTING_FEE' } });
    expect(fees).toBe(racers);
  });

  it('retries a serialization failure raised by a raw query (pg-boss sends its jobs that way)', async () => {
    const { id: userId } = await createUser();
    const racers = 4;
    const wait = barrier(racers);
    let retries = 0;
    const rename = (name: string) =>
      writeAfterReading(userId, wait, (tx) => tx.$executeRaw`UPDATE "User" SET name = ${name} WHERE id = ${userId}::uuid`, {
        attempts: 20,
        onRetry: () => retries++,
      });
    const names = Array.from({ length: racers }, (_, i) => `Racer ${i}`);
    await Promise.all(names.map(rename));

    expect(retries).toBeGreaterThan(0);
    expect(names).toContain((await getDb().user.findUniqueOrThrow({ where: { id: userId } })).name);
  });

  it('gives up with BusyError after its attempts, leaving nothing half-written', async () => {
    const { id: userId } = await createUser();
    const racers = 4;
    const wait = barrier(racers);
    const results = await Promise.allSettled(Array.from({ length: racers }, () => chargeAfterReading(userId, wait, 1)));

    const busy = results.filter((r) => r.status === 'rejected');
    expect(busy.length).toBeGreaterThan(0);
    for (const result of busy) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(BusyError);
    const landed = racers - busy.length;
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.balanceCents).toBe(4_000_000_00n - BigInt(landed * 100));
    expect(await getDb().ledgerEntry.count({ where: { fromUserId: userId, kind: 'LISTING_FEE' } })).toBe(landed);
  });

  it('retries a transaction that runs past its timeout, then reports busy', async () => {
    let attempts = 0;
    const slow = serializable(
      async (tx) => {
        attempts++;
        await tx.$queryRaw`SELECT pg_sleep(0.3)::text`;
      },
      { timeout: 100, attempts: 2 },
    );
    await expect(slow).rejects.toBeInstanceOf(BusyError);
    expect(attempts).toBe(2);
  });

  it('does not retry ordinary errors', async () => {
    let attempts = 0;
    const failing = serializable(async () => {
      attempts++;
      throw new Error('a bug, not a conflict');
    });
    await expect(failing).rejects.toThrow('a bug, not a conflict');
    expect(attempts).toBe(1);
  });

  it('recognises the shapes of a write conflict, and nothing else', () => {
    expect(isRetryable({ code: 'P2034' })).toBe(true);
    expect(isRetryable({ name: 'DriverAdapterError', cause: { kind: 'TransactionWriteConflict' } })).toBe(true);
    expect(isRetryable({ name: 'DriverAdapterError', cause: { kind: 'UniqueConstraintViolation' } })).toBe(false);
    expect(isRetryable({ code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation' } } } })).toBe(false);
    expect(isRetryable(new Error('x'))).toBe(false);
  });
});
