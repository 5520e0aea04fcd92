// A real deployment (APP_ENV=production without DEMO_MODE) signs people in with Clerk: the demo
// sign-in's forms do not exist there.
import { beforeAll, describe, expect, it } from 'vitest';
import { env } from '~/utils/env.server.ts';
import { action, loader } from './sign-in.tsx';

beforeAll(() => {
  // env() is parsed once per copy of the modules, and each test file loads its own (test/fresh-modules.ts).
  Object.assign(process.env, {
    APP_ENV: 'production',
    APP_URL: 'https://reen.test',
    SMTP_URL: 'smtp://mail.reen.test:587',
    STRIPE_SECRET_KEY: 'sk_test_123',
    STRIPE_WEBHOOK_SECRET: 'whsec_123',
    CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.reen.test$').toString('base64')}`,
    CLERK_SECRET_KEY: 'sk_live_123',
    CLERK_WEBHOOK_SECRET: 'whsec_456',
  });
  delete process.env.DEMO_MODE;
});

describe('sign-in in production', () => {
  const args = (init?: RequestInit) => ({
    request: new Request('http://reen.test/sign-in?redirectTo=%2Fcart', init),
    params: {},
    context: {},
  });

  it('is Clerk’s sign-in page, which comes back to the page that asked', async () => {
    expect(env().APP_ENV).toBe('production');
    await expect(loader(args())).resolves.toEqual({ mode: 'clerk', redirectTo: '/cart', accounts: [] });
  });

  it('has no demo sign-in: its form posts answer 404', async () => {
    const post = { method: 'POST', body: new URLSearchParams({ intent: 'create', name: 'Eve', email: 'eve@example.test' }) };
    await expect(action(args(post))).rejects.toMatchObject({ status: 404 });
  });
});
