// Remix hands each loader and action the request without the query parameters it uses itself
// (`index`, `_routes`, `_data`). Our patch of @remix-run/server-runtime (patches/README.md) hands on
// the same request when there is nothing to strip, instead of two copies per loader.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

type Loader = (args: { request: Request }) => unknown;
type CallRouteLoader = (args: {
  loadContext: unknown;
  loader: Loader;
  params: object;
  request: Request;
  routeId: string;
  singleFetch: boolean;
}) => Promise<unknown>;
const { callRouteLoader } = createRequire(import.meta.url)('@remix-run/server-runtime/dist/data.js') as { callRouteLoader: CallRouteLoader };

/** The request the loader was given for `request`. */
async function requestSeenByLoader(request: Request, singleFetch = true) {
  let seen: Request | undefined;
  await callRouteLoader({
    loadContext: {},
    params: {},
    routeId: 'routes/products',
    singleFetch,
    request,
    loader: ({ request: given }) => {
      seen = given;
      return null;
    },
  });
  return seen!;
}

describe('the request a loader is given', () => {
  it('is the request itself when its URL has nothing for Remix to strip', async () => {
    const request = new Request('http://shop.test/products?q=robot&page=2', { headers: { Cookie: 'a=b' } });
    expect(await requestSeenByLoader(request)).toBe(request);
    expect(await requestSeenByLoader(request, false)).toBe(request);
  });

  it("is a copy without Remix's own parameters when the URL has them, following the original's signal", async () => {
    const controller = new AbortController();
    const request = new Request('http://shop.test/products?index&q=robot&_routes=routes%2Fproducts', {
      headers: { Cookie: 'a=b' },
      signal: controller.signal,
    });
    const seen = await requestSeenByLoader(request);
    expect(seen).not.toBe(request);
    expect(seen.url).toBe('http://shop.test/products?q=robot');
    expect(seen.headers.get('Cookie')).toBe('a=b');
    controller.abort();
    expect(seen.signal.aborted).toBe(true);
    const withData = await requestSeenByLoader(new Request('http://shop.test/products?_data=routes%2Fproducts'), false);
    expect(withData.url).toBe('http://shop.test/products');
  });
});
