import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { createUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { getUser, requireAdmin, requireUser, safeRedirectPath } from './auth.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { commitUserSession } from './session.server.ts';
import { getSidebarCounts } from './user.server.ts';

useDatabase();

async function requestAs(userId: string, url = 'http://reen.test/profile?tab=orders') {
  const setCookie = await commitUserSession(userId);
  return new Request(url, { headers: { Cookie: setCookie.split(';')[0]! } });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error('expected a thrown Response');
}

describe('requireUser', () => {
  it('sends a signed-out visitor to sign in, then back to the page', async () => {
    const response = await thrown(requireUser(new Request('http://reen.test/profile?tab=orders')));
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/sign-in?redirectTo=%2Fprofile%3Ftab%3Dorders');
  });

  it('returns the signed-in person', async () => {
    const { id } = await createUser({ name: 'Signed In' });
    await expect(requireUser(await requestAs(id))).resolves.toMatchObject({ id, name: 'Signed In', role: 'NADMIN' });
  });

  it("reads the header's own counts with the session, the same as counted on their own", async () => {
    const { id } = await createUser({ role: 'ADMIN' });
    const product = { description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()] };
    await getDb().product.createMany({ data: ['One', 'Two'].map((name) => ({ ...product, name, ownerId: id })) });
    const user = await requireUser(await requestAs(id));
    expect(user.ownCounts).toEqual({ myProducts: 2, orders: 0, sales: 0, cartLines: 0 });
    const counted = await getSidebarCounts({ id });
    expect(await getSidebarCounts(user)).toEqual(counted);
  });

  it('treats a deleted account, a system row or a forged cookie as signed out', async () => {
    const { id } = await createUser();
    await getDb().user.update({ where: { id }, data: { deletedAt: new Date() } });
    expect(await getUser(await requestAs(id))).toBeNull();
    expect(await getUser(await requestAs('00000000-0000-4000-8000-000000000001'))).toBeNull();
    const forged = new Request('http://reen.test/', { headers: { Cookie: 'reen_session=eyJ1c2VySWQiOiJ4In0%3D.forged' } });
    expect(await getUser(forged)).toBeNull();
  });
});

describe('the session cookie', () => {
  // What Remix's cookies sign and check with (loaded by Node, so the same module object).
  const signatures = createRequire(import.meta.url)('cookie-signature') as { unsign: (value: string, secret: string) => string | false };
  const ask = (cookie: string) => getUser(new Request('http://reen.test/', { headers: { Cookie: cookie } }));

  it('is checked once per header; the same token signed wrongly is still refused', async () => {
    const { id } = await createUser();
    const header = (await commitUserSession(id)).split(';')[0]!;
    const unsign = vi.spyOn(signatures, 'unsign');
    try {
      expect(await ask(header)).toMatchObject({ id });
      expect(await ask(`theme=dark; ${header}`)).toMatchObject({ id });
      expect(unsign).toHaveBeenCalledTimes(2);
      expect(await ask(header)).toMatchObject({ id });
      expect(await ask(`theme=dark; ${header}`)).toMatchObject({ id });
      expect(unsign).toHaveBeenCalledTimes(2);

      const signed = decodeURIComponent(header.slice('reen_session='.length));
      const at = signed.lastIndexOf('.') + 1;
      const forged = `${signed.slice(0, at)}${signed[at] === 'A' ? 'B' : 'A'}${signed.slice(at + 1)}`;
      expect(await ask(`reen_session=${encodeURIComponent(forged)}`)).toBeNull();
      expect(unsign).toHaveBeenCalledTimes(3);
    } finally {
      unsign.mockRestore();
    }
  });

  it('signs nobody in once its session has ended, though its header was read before', async () => {
    const { id } = await createUser();
    const header = (await commitUserSession(id)).split(';')[0]!;
    expect(await ask(header)).toMatchObject({ id });
    await getDb().userSession.deleteMany({ where: { userId: id } });
    expect(await ask(header)).toBeNull();
  });
});

describe('requireAdmin', () => {
  it('refuses a NADMIN with 403 and a reason', async () => {
    const { id } = await createUser();
    const response = await thrown(requireAdmin(await requestAs(id)));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/Only ADMINs/);
  });

  it('lets an ADMIN through', async () => {
    const { id } = await createUser({ role: 'ADMIN' });
    await expect(requireAdmin(await requestAs(id))).resolves.toMatchObject({ id, role: 'ADMIN' });
  });
});

describe('safeRedirectPath', () => {
  it('keeps same-site paths and drops everything else', () => {
    expect(safeRedirectPath('/orders?page=2')).toBe('/orders?page=2');
    expect(safeRedirectPath('//evil.example')).toBe('/');
    expect(safeRedirectPath('/\\evil.example')).toBe('/');
    expect(safeRedirectPath('https://evil.example')).toBe('/');
    expect(safeRedirectPath(null, '/products')).toBe('/products');
  });
});
