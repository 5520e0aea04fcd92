// The cache of signed-out pages, checked in every run (smoke mode included): a product page a
// signed-out visitor got from the cache shows the product's new name at once after its seller
// edits it through the edit form. With several web processes, each has its cache: the edit goes
// to the first, and every one must show it at once.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

export type PageCacheCheck = { servedFromCache: boolean; editSeenAtOnce: boolean };

export async function checkEditSeenAtOnce(
  origins: string[],
  db: pg.Pool,
  productId: string,
  sellerCookie: (sellerId: string) => Promise<string>,
): Promise<PageCacheCheck> {
  const page = (origin: string) => `${origin}/products/${productId}`;
  const signedOut = (origin: string) => fetch(page(origin), { redirect: 'manual' });
  const cached: Response[] = [];
  for (const origin of origins) {
    await (await signedOut(origin)).text();
    const second = await signedOut(origin);
    await second.text();
    cached.push(second);
  }
  const { rows } = await db.query<{ ownerId: string; description: string; priceCents: number; stock: number; images: number }>(
    'SELECT "ownerId", description, "priceCents", stock, cardinality("imageIds") AS images FROM "Product" WHERE id = $1',
    [productId],
  );
  const product = rows[0]!;
  const name = `Edited ${randomUUID().slice(0, 8)}`;
  const form = {
    intent: 'update',
    name,
    description: product.description,
    price: (product.priceCents / 100).toFixed(2),
    quantity: String(product.stock),
    images: String(product.images),
  };
  const edited = await fetch(`${page(origins[0]!)}/edit`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: await sellerCookie(product.ownerId) },
    body: new URLSearchParams(form).toString(),
  });
  if (edited.status < 300 || edited.status >= 400) throw new Error(`the product edit answered ${edited.status}`);
  let editSeenAtOnce = true;
  for (const origin of origins) {
    const after = await signedOut(origin);
    editSeenAtOnce &&= after.status === 200 && (await after.text()).includes(name);
  }
  return { servedFromCache: cached.every((response) => response.headers.get('x-page-cache') === 'hit'), editSeenAtOnce };
}
