// The worker process group's health check (fly.toml [checks.worker]): the built worker answers
// /healthz on its health port while it runs and reaches its database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { envWithout, OUTSIDE_SERVICE_VARIABLES, startBuiltProcess, type RunningProcess } from '../test/process.ts';
import { getFreePort } from './free-port.ts';
import { projectRoot } from './project-root.ts';
import { DEFAULT_WORKER_HEALTH_PORT } from './worker-health.ts';

const scratch = useScratchDatabase();
let worker: RunningProcess;
let port: number;

beforeAll(async () => {
  port = await getFreePort();
  worker = await startBuiltProcess(
    'worker',
    {
      ...envWithout('METRICS_PORT', ...OUTSIDE_SERVICE_VARIABLES),
      APP_ENV: 'production',
      DEMO_MODE: '1',
      APP_URL: 'https://shop.reen.test',
      DATABASE_URL: scratch.url,
      METRICS_PORT: String(await getFreePort()),
      WORKER_HEALTH_PORT: String(port),
      LOG_LEVEL: 'info',
    },
    { ready: /REEN worker is running/ },
  );
}, 60_000);

afterAll(() => {
  worker?.child.kill('SIGKILL');
});

describe('the worker health check', () => {
  it('answers ok on every interface while the worker runs, and stops answering once it shuts down', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect(worker.output()).toContain('worker health check at /healthz');

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('is the port and path fly.toml checks on the worker machines', () => {
    const flyToml = readFileSync(path.join(projectRoot(), 'fly.toml'), 'utf8');
    const check = /\[checks\.worker\]([\s\S]*?)(?=\n\S|\n\s*\n\S|$)/.exec(flyToml)?.[1] ?? '';
    expect(check).toMatch(/type = "http"/);
    expect(check).toMatch(new RegExp(`port = ${DEFAULT_WORKER_HEALTH_PORT}\\b`));
    expect(check).toMatch(/path = "\/healthz"/);
    expect(check).toMatch(/processes = \["worker"\]/);
  });
});
