// How the home page and the profile greet the signed-in person: "Welcome" through the whole first
// session of a new account, "Welcome back" whenever it signs in again (demo sign-in, over HTTP).
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';

useDatabase();
useJobQueue();

const server = useTestServer();

/** The greeting of the home page's heading and of the profile, as text. */
async function greetings(cookie: string) {
  const text = async (path: string) => {
    const response = await server.request(path, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    return (await response.text())
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ');
  };
  const pick = (page: string) => /(Welcome(?: back)?), /.exec(page)?.[1];
  return { home: pick(await text('/')), profile: pick(await text('/profile')) };
}

describe('the greeting', () => {
  it('welcomes a new account on every page of its first session, and welcomes it back after signing in again', async () => {
    const tag = randomUUID().slice(0, 8);
    const person = { name: `Newcomer ${tag}`, email: `newcomer-${tag}@example.test`, newPassword: `password ${tag}` };
    const signedUp = await server.request('/sign-in', formPost({ intent: 'create', ...person, redirectTo: '/' }));
    expect(signedUp.status).toBe(302);
    const firstSession = cookiesFrom(signedUp);
    expect(await greetings(firstSession)).toEqual({ home: 'Welcome', profile: 'Welcome' });
    // Still the first session a page later: a greeting is not a one-time message.
    expect(await greetings(firstSession)).toEqual({ home: 'Welcome', profile: 'Welcome' });

    const signedIn = await server.request(
      '/sign-in',
      formPost({ intent: 'password', accountEmail: person.email, password: person.newPassword, redirectTo: '/' }),
    );
    expect(signedIn.status).toBe(302);
    expect(await greetings(cookiesFrom(signedIn))).toEqual({ home: 'Welcome back', profile: 'Welcome back' });
    // Signing up again with the same email and password signs that account back in: not new.
    const again = await server.request('/sign-in', formPost({ intent: 'create', ...person, redirectTo: '/' }));
    expect(await greetings(cookiesFrom(again))).toEqual({ home: 'Welcome back', profile: 'Welcome back' });
  });

  it('welcomes a shared demo account back, however new the browser', async () => {
    const { id } = await createUser({ name: `Persona ${randomUUID().slice(0, 8)}`, email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}` });
    const picked = await server.request('/sign-in', formPost({ intent: 'pick', userId: id, redirectTo: '/' }));
    expect(await greetings(cookiesFrom(picked))).toEqual({ home: 'Welcome back', profile: 'Welcome back' });
  });
});
