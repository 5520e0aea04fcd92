import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '~/utils/db.server.ts';
import { createUser } from '../../test/factories.ts';
import { useScratchDatabase } from '../../test/database-hooks.ts';
import { countListedProducts, countPeopleByRole, recentListedProductCount, recentPeopleByRole } from './catalog-counts.server.ts';
import { ANONYMOUS_USER_ID } from './system-accounts.ts';

// A database of its own (no other file writes to it): the counts can be exact.
useScratchDatabase();

beforeAll(async () => {
  const { id: admin } = await createUser({ role: 'ADMIN' });
  await createUser();
  const { id: deleted } = await createUser();
  await getDb().user.update({ where: { id: deleted }, data: { deletedAt: new Date() } });
  const product = { description: 'd', priceCents: 100, stock: 1, imageIds: [randomUUID()] };
  await getDb().product.createMany({
    data: [
      { ...product, name: 'One', ownerId: admin },
      { ...product, name: 'Two', ownerId: admin },
      { ...product, name: 'Anonymised', ownerId: ANONYMOUS_USER_ID },
    ],
  });
});

describe('global counts', () => {
  it('count listed products, never the anonymised ones', async () => {
    expect(await countListedProducts()).toBe(2);
    expect(await recentListedProductCount()).toBe(2);
  });

  it('count people by role, never the system rows or deleted accounts', async () => {
    expect(await countPeopleByRole()).toEqual({ ADMIN: 1, NADMIN: 1 });
    expect(await recentPeopleByRole()).toEqual({ ADMIN: 1, NADMIN: 1 });
  });
});
