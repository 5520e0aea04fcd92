// /metrics on the real server (the production build, in this process, outside production: open).
// Requests are counted by Remix route id, never by URL. The production token rule and the worker's
// job metrics are covered with spawned processes in log-secrets.test.ts.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerBuild } from '@remix-run/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../test/factories.ts';
import { useDatabase } from '../test/database-hooks.ts';
import { useTestServer } from '../test/http.ts';
import { parseMetrics, valueOf, type Sample } from '../test/metrics.ts';
import { projectRoot } from './project-root.ts';
import { remixRouteId } from './request-observer.ts';

let build: ServerBuild;

useDatabase();

const server = useTestServer();

beforeAll(async () => {
  build = (await import(pathToFileURL(path.join(projectRoot(), 'build/index.js')).href)) as ServerBuild;
});

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await server.request('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseMetrics(text) };
}

/** The status of a request, once its answer has been read whole (so the server has counted it). */
async function statusOf(pathname: string, init?: RequestInit) {
  const response = await server.request(pathname, init);
  await response.arrayBuffer();
  return response.status;
}

const requests = (samples: Sample[], labels: Record<string, string>) => valueOf(samples, 'reen_http_request_duration_seconds_count', labels);

describe('/metrics', () => {
  it('counts requests by route id, method and status class, never by URL', async () => {
    const { id: productId } = await createProduct();
    const { samples: before } = await scrape();

    expect(await statusOf(`/products/${productId}`)).toBe(200);
    expect(await statusOf(`/products/${productId}.data`)).toBe(200);
    expect(await statusOf('/healthz')).toBe(200);
    expect(await statusOf('/no/such/page')).toBe(404);
    expect(await statusOf('/favicon.ico')).toBe(200);
    expect(await statusOf('/%E0%A4%A')).toBe(400);
    expect(await statusOf('/sign-in', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'intent=nonsense' })).toBe(400);

    const { text, samples: after } = await scrape();
    const moved = (labels: Record<string, string>) => requests(after, labels) - requests(before, labels);
    expect(moved({ route: 'routes/products.$id._index', method: 'GET', status_class: '2xx' })).toBe(2);
    expect(moved({ route: 'healthz', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(moved({ route: 'routes/$', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(moved({ route: 'static', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(moved({ route: 'refused', method: 'GET', status_class: '4xx' })).toBe(1);
    expect(moved({ route: 'routes/sign-in', method: 'POST', status_class: '4xx' })).toBe(1);
    // The previous scrape was counted too, once its answer was sent.
    expect(moved({ route: 'metrics', method: 'GET', status_class: '2xx' })).toBe(1);
    expect(valueOf(after, 'reen_http_request_duration_seconds_bucket', { route: 'healthz', le: '+Inf' })).toBe(requests(after, { route: 'healthz' }));

    expect(text).not.toContain(productId);
    const fixed = ['healthz', 'readyz', 'metrics', 'static', 'refused', 'unmatched'];
    const routes = new Set(after.filter((sample) => sample.name.startsWith('reen_http_request_duration_seconds')).map((sample) => sample.labels.route));
    for (const route of routes) expect([...fixed, ...Object.keys(build.routes)]).toContain(route);
  });

  it('declares the job, queue, checkout and transaction series, and Node process metrics', async () => {
    const { text, samples } = await scrape();
    for (const name of [
      'reen_jobs_processed_total',
      'reen_job_duration_seconds',
      'reen_queue_jobs',
      'reen_checkout_outcomes_total',
      'reen_transaction_retries_total',
      'reen_transaction_busy_errors_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('is open outside production', async () => {
    const response = await server.request('/metrics', { headers: { Authorization: 'Bearer wrong' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('route ids', () => {
  it.each([
    ['/', 'routes/_index'],
    ['/_root.data', 'routes/_index'],
    ['/products', 'routes/products._index'],
    ['/products/abc/edit', 'routes/products.$id.edit'],
    ['/products/abc/edit.data', 'routes/products.$id.edit'],
    ['/webhooks/stripe', 'routes/webhooks.stripe'],
    ['/anything/else', 'routes/$'],
  ])('%s is answered by %s', (pathname, routeId) => {
    expect(remixRouteId(build, pathname)).toBe(routeId);
    // Asked again, the answer comes from the kept labels.
    expect(remixRouteId(build, pathname)).toBe(routeId);
  });

  it('stay right once more paths were seen than are kept', () => {
    const paths = Array.from({ length: 2_500 }, (_, i) => (i % 2 ? `/products/${i}/edit` : `/users/${i}`));
    for (const pathname of [...paths, ...paths])
      expect(remixRouteId(build, pathname)).toBe(pathname.startsWith('/users') ? 'routes/users.$id' : 'routes/products.$id.edit');
  });
});
