// The session and flash cookies in a deployment: this file loads its modules afresh
// (test/fresh-modules.ts), so the environment below is the one env() parses.
import { beforeAll, describe, expect, it } from 'vitest';
import { cookiesAreSecure, parseEnv } from '~/utils/env.server.ts';
import { setFlashCookie } from '~/utils/flash.server.ts';
import { commitUserSession } from './session.server.ts';
import { createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';

useDatabase();

beforeAll(() => {
  // DEMO_MODE=1 lets a production environment start without Stripe, Clerk and SMTP settings.
  Object.assign(process.env, { APP_ENV: 'production', DEMO_MODE: '1', APP_URL: 'http://reen.example' });
});

describe('cookies in production', () => {
  it('are Secure, httpOnly and SameSite=Lax, even when APP_URL is not https', async () => {
    const session = await commitUserSession((await createUser()).id);
    const flash = await setFlashCookie({ kind: 'info', message: 'Hello' });
    for (const cookie of [session, flash]) {
      const flags = cookie
        .split('; ')
        .slice(1)
        .map((flag) => flag.toLowerCase());
      expect(flags).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
    }
  });

  it('are Secure outside production only behind an https APP_URL', () => {
    const base = { DATABASE_URL: 'postgresql://localhost/reen' };
    expect(cookiesAreSecure(parseEnv({ ...base, APP_ENV: 'development' }))).toBe(false);
    expect(cookiesAreSecure(parseEnv({ ...base, APP_ENV: 'development', APP_URL: 'https://reen.example' }))).toBe(true);
    expect(cookiesAreSecure(parseEnv({ ...base, APP_ENV: 'production', DEMO_MODE: '1', APP_URL: 'http://reen.example' }))).toBe(true);
  });
});
