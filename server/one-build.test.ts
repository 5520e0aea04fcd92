// Each process holds one copy of the app: the built entry points carry none of its modules and start
// from the app's build (server/app-build.ts), so a value an app module records is the one the server
// serves. With a second copy, the server's /metrics would read a registry the routes never touch.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { useScratchDatabase } from '../test/database-hooks.ts';
import { createUser } from '../test/factories.ts';
import { parseMetrics, valueOf } from '../test/metrics.ts';
import { envWithout, startServerProcess, type RunningServer } from '../test/process.ts';
import { projectRoot } from './project-root.ts';

const ENTRY_POINTS = ['index', 'worker', 'migrate', 'jobs-retry', 'refunds-failed'];

const scratch = useScratchDatabase();
const dataDir = mkdtempSync(path.join(tmpdir(), 'reen-one-build-'));
let running: RunningServer | undefined;

afterAll(() => {
  running?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('one copy of the app per process', () => {
  it.each(ENTRY_POINTS)('the built %s entry point bundles no module of app/ or jobs/', (entry) => {
    const bundle = readFileSync(path.join(projectRoot(), 'build/server', `${entry}.js`), 'utf8');
    // esbuild heads each module it bundles with a comment naming its path.
    const modules = [...bundle.matchAll(/^\/\/ (\S+\.tsx?)$/gm)].map(([, file]) => file);
    expect(modules).toContain('server/app-build.ts');
    expect(modules.filter((file) => /^(app|jobs|prisma)\//.test(file!))).toEqual([]);
  });

  it("a metric an app module sets is the one the built server's /metrics serves", async () => {
    const { id: userId } = await createUser();
    // Books off by 7 cents: the economy page's reading of them sets the imbalance gauge.
    await getDb().$executeRaw`UPDATE "User" SET "balanceCents" = "balanceCents" + 7 WHERE id = ${userId}::uuid`;
    running = await startServerProcess({
      ...envWithout('LOG_LEVEL', 'METRICS_TOKEN', 'METRICS_PORT'),
      DATABASE_URL: scratch.url,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      // Any free port, taken by the server itself: a port found free beforehand can be taken by
      // another socket before the server binds it.
      PORT: '0',
      RUN_WORKER: '0',
      SEED_DEMO_DATA: '0',
    });
    expect((await fetch(`${running.url}/economy`)).status).toBe(200);
    const scraped = await fetch(`${running.url}/metrics`);
    expect(scraped.status).toBe(200);
    expect(valueOf(parseMetrics(await scraped.text()), 'reen_economy_books_imbalance_cents')).toBe(-7);
  }, 60_000);
});
