// Prometheus metrics (prom-client), served by /metrics (server/metrics-endpoint.ts). Label values
// come from small fixed sets (route ids, queue names, outcomes), never from URLs or ids, so the
// number of series stays bounded.
import type { QueueResult } from 'pg-boss';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { keptAcrossDevRebuilds } from './dev-rebuilds.server.ts';
import { logger } from './logger.server.ts';

export type CheckoutOutcome = 'completed' | 'released' | 'refunded' | 'refund_failed';
const CHECKOUT_OUTCOMES: CheckoutOutcome[] = ['completed', 'released', 'refunded', 'refund_failed'];

type QueueDepthSource = () => Promise<QueueResult[]>;

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let queueDepthSource: QueueDepthSource | null = null;

  const metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'reen_http_request_duration_seconds',
      help: 'HTTP requests by route (Remix route id, or healthz/readyz/metrics/static/refused), method and status class.',
      labelNames: ['route', 'method', 'status_class'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    jobsProcessed: new Counter({
      name: 'reen_jobs_processed_total',
      help: 'Jobs run by this worker, by queue and outcome (completed or failed; a failed job may be retried).',
      labelNames: ['queue', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'reen_job_duration_seconds',
      help: 'Time a job took, by queue and outcome.',
      labelNames: ['queue', 'outcome'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    queueJobs: new Gauge({
      name: 'reen_queue_jobs',
      help: 'Jobs waiting or running per queue (ready, deferred = waiting for a retry or start time, active), as pg-boss counted them in its last pass (every 10 s).',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        if (!queueDepthSource) return;
        const queues = await queueDepthSource().catch((error: unknown) => {
          logger().debug({ err: error }, 'queue depth unavailable for this scrape');
          return [];
        });
        for (const queue of queues) {
          this.set({ queue: queue.name, state: 'ready' }, queue.readyCount);
          this.set({ queue: queue.name, state: 'deferred' }, queue.deferredCount);
          this.set({ queue: queue.name, state: 'active' }, queue.activeCount);
        }
      },
    }),
    checkoutOutcomes: new Counter({
      name: 'reen_checkout_outcomes_total',
      help: 'Checkouts settled: completed (an order), released (stock and money back: expired, cancelled, replaced), refunded, refund_failed (an operator must refund by hand).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    transactionRetries: new Counter({
      name: 'reen_transaction_retries_total',
      help: 'SERIALIZABLE transactions retried after a serialization failure, deadlock or timeout.',
      registers,
    }),
    transactionBusyErrors: new Counter({
      name: 'reen_transaction_busy_errors_total',
      help: 'Transactions given up after their last attempt (answered 503 "busy", or the job retried).',
      registers,
    }),
    keptMarkup: new Counter({
      name: 'reen_kept_markup_total',
      help: "Parts of pages (a table's rows, a page's content) sent from markup kept by their data (served) or rendered for the request (rendered), by part.",
      labelNames: ['part', 'outcome'] as const,
      registers,
    }),
    booksImbalanceCents: new Gauge({
      name: 'reen_economy_books_imbalance_cents',
      help: 'Sum of all grants less balances, money held by pending checkouts and platform revenue, as /economy last computed it: anything but 0 means money was created or lost.',
      registers,
    }),
    /** Queue depth is read at scrape time, by the processes that work the queues. */
    reportQueueDepth(source: QueueDepthSource | null) {
      queueDepthSource = source;
    },
  };
  for (const outcome of CHECKOUT_OUTCOMES) metrics.checkoutOutcomes.inc({ outcome }, 0);
  return metrics;
}

type Metrics = ReturnType<typeof createMetrics>;

const registry = keptAcrossDevRebuilds('metrics', () => ({ current: undefined as Metrics | undefined }));

export function metrics(): Metrics {
  registry.current ??= createMetrics();
  return registry.current;
}

export function countCheckoutOutcome(outcome: CheckoutOutcome) {
  metrics().checkoutOutcomes.inc({ outcome });
}
