// The load generator, in a process of its own so that it never competes with the measuring
// process's event loop: it receives one run at a time over IPC, fires it (closed loop with
// autocannon, or open loop at a fixed rate) and answers with the summary.
import autocannon from 'autocannon';
import type { LoadRun, LoadSummary, OpenLoopRun } from './load-types.ts';
import { openLoop } from './open-loop.ts';

process.on('message', async (run: LoadRun | OpenLoopRun) => {
  try {
    if ('ratePerSecond' in run) {
      process.send!({ ok: true, summary: await openLoop(run) });
      return;
    }
    // autocannon notices that `amount` answers came only when it samples (every second by default):
    // runs counted in answers sample often, so that they end when their answers are in.
    const length = run.requests ? { amount: run.requests, sampleInt: 50 } : { duration: run.durationSeconds };
    const result = await autocannon({ url: run.urls, connections: run.connections, ...length, headers: run.headers, timeout: 10 });
    const summary: LoadSummary = {
      requests: result.requests.total,
      requestsPerSecond: result.requests.total / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      errors: result.errors,
      non2xx: result.non2xx,
      bytesPerRequest: result.requests.total ? Math.round(result.throughput.total / result.requests.total) : 0,
    };
    process.send!({ ok: true, summary });
  } catch (error) {
    process.send!({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
process.send!({ ready: true });
