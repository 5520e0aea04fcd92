// The one way to change money or stock: a SERIALIZABLE interactive transaction that is retried when
// PostgreSQL aborts it for a conflicting concurrent transaction, or when it times out waiting.
// After a bounded number of attempts it gives up with BusyError, which routes answer with 503.
import type { Prisma } from '~/generated/prisma/client';
import { getDb } from './db.server.ts';
import { logger } from './logger.server.ts';
import { metrics } from './metrics.server.ts';

export type Tx = Prisma.TransactionClient;

export class BusyError extends Error {
  override name = 'BusyError';
  constructor(
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super('The shop is busy right now. Nothing was changed: please try again.', options);
  }
}

export type SerializableOptions = {
  /** Attempts in all, the first one included. */
  attempts?: number;
  /** Longest wait for a connection from the pool, in ms. */
  maxWait?: number;
  /** Longest time the transaction may run, in ms. */
  timeout?: number;
  /** Backoff before retry n is random in [0, min(baseDelay * 2^n, maxDelay)) ms. */
  baseDelay?: number;
  maxDelay?: number;
  /** Told about each retry (every retry is also logged at debug and counted in the metrics). */
  onRetry?: (attempt: number, error: unknown) => void;
};

/**
 * Callbacks waiting for the commit of each running serializable transaction. A Map emptied as each
 * attempt ends, not a WeakMap: V8's young-generation collector keeps a WeakMap's entries alive, so
 * every transaction's client would be copied into the old generation.
 */
const committed = new Map<Tx, (() => void)[]>();

/**
 * Runs `callback` once the serializable transaction `tx` has committed: never for an attempt that
 * rolls back or is retried. For effects outside the database, such as counting an outcome.
 */
export function afterCommit(tx: Tx, callback: () => void) {
  const callbacks = committed.get(tx);
  if (!callbacks) throw new Error('afterCommit needs the transaction of a serializable() call');
  callbacks.push(callback);
}

// Conflicts come in bursts while many people act at once, and with few rows in a table most
// transactions read the same index pages (PostgreSQL's SERIALIZABLE tracks reads by page). Backing
// off up to a second, thirty attempts ride out a burst of several seconds before a request is
// answered "busy": a slow answer beats a refusal for work nobody else was really doing.
const DEFAULTS = { attempts: 30, maxWait: 5_000, timeout: 10_000, baseDelay: 10, maxDelay: 1_000 } as const;

export async function serializable<T>(fn: (tx: Tx) => Promise<T>, options: SerializableOptions = {}): Promise<T> {
  const { attempts, maxWait, timeout, baseDelay, maxDelay } = { ...DEFAULTS, ...options };
  for (let attempt = 1; ; attempt++) {
    const callbacks: (() => void)[] = [];
    let attemptTx: Tx | undefined;
    try {
      const result = await getDb().$transaction(
        (tx) => {
          attemptTx = tx;
          committed.set(tx, callbacks);
          return fn(tx);
        },
        { isolationLevel: 'Serializable', maxWait, timeout },
      );
      for (const callback of callbacks) callback();
      return result;
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= attempts) {
        metrics().transactionBusyErrors.inc();
        logger().warn({ err: error, attempts: attempt }, 'transaction given up: busy');
        throw new BusyError(attempt, { cause: error });
      }
      metrics().transactionRetries.inc();
      logger().debug({ attempt, code: (error as { code?: unknown }).code }, 'transaction retried');
      options.onRetry?.(attempt, error);
      await sleep(Math.random() * Math.min(baseDelay * 2 ** attempt, maxDelay));
    } finally {
      if (attemptTx) committed.delete(attemptTx);
    }
  }
}

/**
 * A serialization failure or deadlock shows up three ways (NOTES): as P2034 while a statement runs,
 * as P2010 while a raw query runs, or as a DriverAdapterError of kind TransactionWriteConflict at COMMIT. P2028 is the interactive
 * transaction timing out (or not getting a connection within maxWait).
 */
export function isRetryable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, name, cause, meta } = error as {
    code?: unknown;
    name?: unknown;
    cause?: { kind?: unknown };
    meta?: { driverAdapterError?: { cause?: { kind?: unknown } } };
  };
  if (code === 'P2034' || code === 'P2028') return true;
  // A raw query (pg-boss sends its jobs with one, inside our transactions) reports the conflict as
  // P2010, "raw query failed", carrying the driver adapter's error.
  if (code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'TransactionWriteConflict') return true;
  return name === 'DriverAdapterError' && cause?.kind === 'TransactionWriteConflict';
}

/**
 * For a transaction that reads many rows by conditions (deleting an account or a product): under
 * SERIALIZABLE a sequential scan locks the whole table against every concurrent writer, while an
 * index scan locks only the pages it reads. On small tables the planner prefers scans, so such a
 * transaction would conflict with every cart change or checkout in the shop; this steers it to
 * the indexes, for this transaction only (PostgreSQL's own advice for serializable workloads).
 */
export async function preferIndexScans(tx: Tx) {
  await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
