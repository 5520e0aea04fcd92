// A document carries its loaders' data for hydration in a script that feeds Remix's stream in the
// browser, then one that closes it. The server reads that data whole before rendering
// (app/entry.server.tsx): it must arrive complete, once, and decode to what the loaders returned.
import { beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '~/models/product.server.ts';
import { useDatabase } from '../test/database-hooks.ts';
import { createSignedInUser, type SignedInTestUser } from '../test/factories.ts';
import { useTestServer } from '../test/http.ts';
import { nonceNamedAlike } from '../test/page-text.ts';
import { productInput } from '../test/products.ts';
import { serversTurboStream as turbo } from '../test/turbo-stream.ts';

useDatabase();
const server = useTestServer();

const ENQUEUE = /<script nonce="[^"]+">window\.__remixContext\.streamController\.enqueue\((.*?)\);<\/script>/g;
const CLOSE = '<script nonce="NONCE">window.__remixContext.streamController.close();</script>';

type Handoff = { loaderData: Record<string, Record<string, unknown>> };

/** The document of `path`, its nonce named alike, and the hydration data its scripts carry. */
async function documentOf(pathname: string, viewer?: SignedInTestUser) {
  const response = await server.request(pathname, { headers: viewer ? { Cookie: viewer.cookie } : {} });
  expect(response.status).toBe(200);
  const html = await response.text();
  const chunks = [...html.matchAll(ENQUEUE)].map((match) => JSON.parse(match[1]!) as string);
  return { html: nonceNamedAlike(html), chunks };
}

async function decoded(text: string): Promise<Handoff> {
  const { value, done } = await turbo.decode(new Response(text).body!);
  await done;
  return value as Handoff;
}

let seller: SignedInTestUser;
let productId: string;
const name = `Hydrated </script> "product" ${Date.now()}`;

beforeAll(async () => {
  seller = await createSignedInUser({ name: 'Hydration Seller', role: 'ADMIN' });
  ({ id: productId } = await createProduct(seller.id, productInput({ name, priceCents: 45_67 })));
});

describe("a document's hydration data", () => {
  it('comes in one script, closed right after, and decodes to what the loaders returned', async () => {
    const { html, chunks } = await documentOf(`/products/${productId}`, seller);
    expect(chunks).toHaveLength(1);
    // Then the close, with nothing between but the markers of React's Suspense boundaries.
    const [script] = html.match(ENQUEUE)!;
    const end = html.indexOf(script!) + script!.length;
    expect(html.slice(end, html.indexOf(CLOSE))).toMatch(/^(<!--\/?\$-->)*$/);
    expect(html.split(CLOSE)).toHaveLength(2);

    const data = await decoded(chunks[0]!);
    expect(data.loaderData.root).toMatchObject({ user: { id: seller.id, name: 'Hydration Seller' } });
    expect(JSON.stringify(data.loaderData['routes/products.$id._index'])).toContain(JSON.stringify(name).slice(1, -1));
  });

  it('is the same for a visitor, whose page may come from the page cache', async () => {
    for (let visit = 0; visit < 3; visit++) {
      const { chunks } = await documentOf(`/products/${productId}`);
      expect(chunks).toHaveLength(1);
      const data = await decoded(chunks[0]!);
      expect(data.loaderData.root).toMatchObject({ user: null });
      expect(JSON.stringify(data.loaderData['routes/products.$id._index'])).toContain(JSON.stringify(name).slice(1, -1));
    }
  });
});
