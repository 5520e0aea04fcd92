// A real deployment (APP_ENV=production without DEMO_MODE) has no demo sign-in at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '~/utils/env.server.ts';
import { action, loader } from './sign-in.tsx';

beforeAll(() => {
  // env() is parsed once per process, and each test file runs in a process of its own.
  Object.assign(process.env, { APP_ENV: 'production', APP_URL: 'https://reen.test', SMTP_URL: 'smtp://mail.reen.test:587', STRIPE_SECRET_KEY: 'sk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_123' });
  delete process.env.DEMO_MODE;
});

describe('the demo sign-in in production', () => {
  it('does not exist: both the page and the form post answer 404', async () => {
    expect(env().APP_ENV).toBe('production');
    const args = (init?: RequestInit) => ({
      request: new Request('http://reen.test/sign-in', init),
      params: {},
      context: { requestId: 'test' },
    });
    await expect(loader(args())).rejects.toMatchObject({ status: 404 });
    const post = { method: 'POST', body: new URLSearchParams({ intent: 'create', name: 'Eve', email: 'eve@example.test' }) };
    await expect(action(args(post))).rejects.toMatchObject({ status: 404 });
  });
});
