// /profile/delete in demo mode, over HTTP as a browser without JavaScript: a confirmation page, then
// the deletion, which signs the person out.
import { describe, expect, it } from 'vitest';
import { DELETED_USER_NAME } from '~/models/account.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { createProduct, createUser, sessionCookie } from '../../test/factories.ts';
import { useDatabase, useJobQueue } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';
import { decodeEntities } from '../../test/page-text.ts';
import { expectLedgerConservation } from '../../test/invariants.ts';

useDatabase();
useJobQueue();

const server = useTestServer();

describe('Delete my account', () => {
  it('is offered on the profile, and its page says what will happen', async () => {
    const { id: userId } = await createUser({ role: 'ADMIN' });
    await createProduct({ ownerId: userId });
    const cookie = await sessionCookie(userId);
    const profile = decodeEntities(await (await server.request('/profile', { headers: { Cookie: cookie } })).text());
    expect(profile).toContain('href="/profile/delete"');
    const page = await server.request('/profile/delete', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const html = decodeEntities(await page.text());
    expect(html).toContain('1 of your products that nobody bought is deleted.');
    expect(html).toMatch(/Your balance of <span data-money[^>]*>\$4,000,000\.00<\/span> goes to the platform\./);
  });

  it('asks to tick the confirmation first, and deletes nothing without it', async () => {
    const { id: userId } = await createUser();
    const cookie = await sessionCookie(userId);
    const response = await server.request('/profile/delete', formPost({ intent: 'delete' }, cookie));
    expect(response.status).toBe(400);
    const html = decodeEntities(await response.text());
    expect(html).toContain('Tick the box to confirm that you want your account deleted.');
    expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="confirm-error"|aria-describedby="confirm-error"[^>]*aria-invalid="true"/);
    expect(html).toMatch(/<input[^>]*id="confirm"[^>]*autofocus=""/);
    expect(html).toContain('<p id="confirm-error" aria-live="polite"');
    expect(await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { deletedAt: true } })).toEqual({ deletedAt: null });
  });

  it('deletes the account, signs out, and says so', async () => {
    const { id: userId } = await createUser();
    const cookie = await sessionCookie(userId);
    const response = await server.request('/profile/delete', formPost({ intent: 'delete', confirm: 'yes' }, cookie));
    expect(response).toRedirectTo('/', 303);
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId }, select: { name: true, email: true, deletedAt: true, balanceCents: true } });
    expect(user).toMatchObject({ name: DELETED_USER_NAME, email: null, balanceCents: 0n });
    expect(user.deletedAt).toBeInstanceOf(Date);
    await expectLedgerConservation();

    const home = decodeEntities(await (await server.request('/', { headers: { Cookie: cookiesFrom(response) } })).text());
    expect(home).toContain('Your account was deleted.');
    expect(home).toContain('href="/sign-in"');
    // The old cookie signs nobody in any more.
    const profile = await server.request('/profile', { headers: { Cookie: cookie } });
    expect(profile.status).toBe(302);
  });

  it('asks a signed-out visitor to sign in', async () => {
    const response = await server.request('/profile/delete');
    expect(response).toRedirectTo('/sign-in?redirectTo=%2Fprofile%2Fdelete', 302);
  });
});
