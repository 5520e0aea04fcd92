// Open-loop load: requests leave on a fixed schedule whatever the answers, and each one's latency
// counts from the moment it was due, not from when it left. A closed-loop tool (autocannon: each
// connection waits for its answer before the next request) sends less while the server is slow, so
// the requests that would have queued are never measured (coordinated omission); autocannon's
// `overallRate` only caps such a loop, with the same blind spot.
import http from 'node:http';
import type { LoadSummary, OpenLoopRun } from './load-types.ts';

const TIMEOUT_MS = 10_000;

export async function openLoop(run: OpenLoopRun): Promise<LoadSummary> {
  // Enough sockets that a request is never held back waiting for one: that would be the closed loop again.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const total = run.requests ?? Math.round(run.ratePerSecond * run.durationSeconds);
  const intervalMs = 1000 / run.ratePerSecond;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let bytes = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let index = 0; index < total; index++) {
    const due = started + index * intervalMs;
    const wait = due - performance.now();
    // Behind schedule (a busy event loop), the late requests leave at once, still timed from when they were due.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      get(run.urls[index % run.urls.length]!, run.headers, agent).then(
        ({ status, size }) => {
          latencies.push(performance.now() - due);
          bytes += size;
          if (status < 200 || status >= 300) non2xx++;
        },
        () => {
          errors++;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
    non2xx,
    bytesPerRequest: latencies.length ? Math.round(bytes / latencies.length) : 0,
  };
}

function get(url: string, headers: Record<string, string>, agent: http.Agent): Promise<{ status: number; size: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent, timeout: TIMEOUT_MS }, (response) => {
      let size = 0;
      response.on('data', (chunk: Buffer) => (size += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, size }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

/** The nearest-rank percentile of sorted values, rounded to 0.1 ms (NaN when there are none). */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const value = sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!;
  return Math.round(value * 10) / 10;
}
