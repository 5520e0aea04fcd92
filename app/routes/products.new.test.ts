// /products/new over HTTP, as a browser without JavaScript (or a hand-made request) uses it.
import { describe, expect, it } from 'vitest';
import { payFee } from '~/models/ledger.server.ts';
import { PLATFORM_USER_ID } from '~/models/system-accounts.ts';
import { getDb } from '~/utils/db.server.ts';
import { serializable } from '~/utils/transaction.server.ts';
import { createSignedInUser } from '../../test/factories.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { formPost, useTestServer } from '../../test/http.ts';
import { snapshot } from '../../test/products.ts';

useDatabase();

const server = useTestServer();

const fields = (overrides: Record<string, string> = {}) => ({
  intent: 'create',
  name: 'Odd Cents Robot',
  description: 'Costs an odd number of cents.',
  price: '19.99',
  quantity: '7',
  images: '3',
  ...overrides,
});

describe('GET /products/new', () => {
  it('sends a signed-out visitor to sign in first', async () => {
    const response = await server.request('/products/new');
    expect(response).toRedirectTo('/sign-in?redirectTo=%2Fproducts%2Fnew', 302);
  });

  it('refuses a NADMIN with a page that says why', async () => {
    const { cookie } = await createSignedInUser();
    const response = await server.request('/products/new', { headers: { Cookie: cookie } });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('Not allowed');
    expect(html).toContain('Only ADMINs can do this. Become an ADMIN from your profile first.');
    expect(html).not.toContain('name="price"');
    expect(html).not.toContain('href="/products/new"');
  });

  it('shows an ADMIN the form, their balance and a fee preview that works without JavaScript', async () => {
    const { cookie } = await createSignedInUser({ role: 'ADMIN' });
    const response = await server.request('/products/new', { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Create a Product | REEN</title>');
    for (const name of ['name', 'description', 'price', 'quantity', 'images']) expect(html).toContain(`name="${name}"`);
    expect(html).toContain('value="preview"');
    expect(html).toMatch(/data-testid="balance"[^>]*>\$4,000,000\.00</);
    // The sidebar leads ADMINs here.
    expect(html).toMatch(/<a[^>]*href="\/products\/new"[^>]*>Create a product<\/a>/);
  });
});

describe('POST /products/new', () => {
  it('previews the fee of what was typed, writing nothing', async () => {
    const { id, cookie } = await createSignedInUser({ role: 'ADMIN' });
    const before = await snapshot([id]);
    const response = await server.request('/products/new', formPost(fields({ intent: 'preview' }), cookie));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/data-testid="fee"[^>]*>\$5\.60</); // 4% of $139.93 = 559.72 cents
    expect(html).toMatch(/data-testid="remaining"[^>]*>\$3,999,994\.40</);
    expect(html).toContain('value="Odd Cents Robot"');
    expect(await snapshot([id])).toEqual(before);
  });

  it('previews no fee for a price or quantity it would refuse, only the field error', async () => {
    const { cookie } = await createSignedInUser({ role: 'ADMIN' });
    const cases = [
      { price: '0.50', quantity: '7', error: 'The price must be from $1.00 to $2,000.00.', fee: '$0.14' },
      { price: '5.00', quantity: '5000', error: 'Enter a whole number from 1 to 2,000.', fee: '$1,000.00' },
    ];
    for (const { price, quantity, error, fee } of cases) {
      const response = await server.request('/products/new', formPost(fields({ intent: 'preview', price, quantity }), cookie));
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain(error);
      expect(html).toMatch(/data-testid="fee"[^>]*>—</);
      expect(html).toMatch(/data-testid="remaining"[^>]*>—</);
      expect(html).toContain('Enter a valid price and quantity to see the fee.');
      expect(html).not.toContain(fee);
    }
  });

  it('creates the product, charges the fee and redirects to it with a message', async () => {
    const { id, cookie } = await createSignedInUser({ role: 'ADMIN' });
    const response = await server.request('/products/new', formPost(fields(), cookie));
    expect(response.status).toBe(303);
    const product = await getDb().product.findFirstOrThrow({ where: { ownerId: id } });
    expect(response.headers.get('location')).toBe(`/products/${product.id}`);
    expect(product).toMatchObject({ name: 'Odd Cents Robot', description: 'Costs an odd number of cents.', priceCents: 19_99, stock: 7 });
    expect(product.imageIds).toHaveLength(3);
    const fees = await getDb().ledgerEntry.findMany({ where: { productId: product.id } });
    expect(fees).toMatchObject([{ kind: 'LISTING_FEE', amountCents: 5_60n, fromUserId: id, toUserId: PLATFORM_USER_ID }]);
    await expect(response).toShowFlash('Product created. Listing fee: $5.60', { server, cookie });
  });

  it('answers 400 with a message per field and what was typed, writing nothing', async () => {
    const { id, cookie } = await createSignedInUser({ role: 'ADMIN' });
    const before = await snapshot([id]);
    const typed = fields({ name: ' ', description: 'x'.repeat(2001), price: '0.999', quantity: '2001', images: '7' });
    const response = await server.request('/products/new', formPost(typed, cookie));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Enter a name.');
    expect(html).toContain('Use at most 2,000 characters.');
    expect(html).toContain('Enter a price in dollars and cents, like 12.34.');
    expect(html).toContain('Enter a whole number from 1 to 2,000.');
    expect(html).toContain('Choose from 1 to 6 images.');
    expect(html).toMatch(/<input[^>]*aria-invalid="true"[^>]*id="price"|<input[^>]*id="price"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="0.999"');
    expect(html).toContain('value="2001"');
    expect(await snapshot([id])).toEqual(before);

    const outOfRange = await server.request('/products/new', formPost(fields({ price: '2000.01', quantity: '0' }), cookie));
    expect(outOfRange.status).toBe(400);
    const outOfRangeHtml = await outOfRange.text();
    expect(outOfRangeHtml).toContain('The price must be from $1.00 to $2,000.00.');
    expect(outOfRangeHtml).toContain('Enter a whole number from 1 to 2,000.');
    // Without JavaScript the browser focuses the first invalid field: only it has autofocus.
    expect(outOfRangeHtml.match(/<input[^>]*autofocus=""[^>]*>/g)).toEqual([expect.stringMatching(/id="price"/)]);
    expect(outOfRangeHtml).toContain('<p id="price-error" aria-live="polite"');
    expect(await snapshot([id])).toEqual(before);
  });

  it('refuses a hand-made post from a NADMIN with 403, writing nothing', async () => {
    const { id, cookie } = await createSignedInUser();
    const before = await snapshot([id]);
    const response = await server.request('/products/new', formPost(fields(), cookie));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Only ADMINs can do this.');
    expect(await snapshot([id])).toEqual(before);
  });

  it('refuses a fee the balance does not cover with 409, keeping the form, writing nothing', async () => {
    const { id, cookie } = await createSignedInUser({ role: 'ADMIN' });
    await serializable((tx) => payFee(tx, { kind: 'UPGRADE_FEE', userId: id, amountCents: 4_000_000_00 - 5_00 }));
    const before = await snapshot([id]);
    const response = await server.request('/products/new', formPost(fields({ price: '2000', quantity: '2000' }), cookie));
    expect(response.status).toBe(409);
    const html = await response.text();
    expect(html).toContain('Your balance does not cover the listing fee of $160,000.00. Nothing was charged.');
    expect(html).toContain('Insufficient funds');
    expect(html).toContain('value="Odd Cents Robot"');
    expect(await snapshot([id])).toEqual(before);
  });

  it('answers 400 to an unknown intent or a body that is not a form, writing nothing', async () => {
    const { id, cookie } = await createSignedInUser({ role: 'ADMIN' });
    const before = await snapshot([id]);
    expect((await server.request('/products/new', formPost(fields({ intent: 'delete' }), cookie))).status).toBe(400);
    const json = await server.request('/products/new', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify(fields()),
    });
    expect(json.status).toBe(400);
    expect(await snapshot([id])).toEqual(before);
  });
});
