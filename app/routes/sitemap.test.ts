// /sitemap.xml, /robots.txt and the noindex header of private pages, over HTTP.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS_USER_ID } from '~/models/system-accounts.ts';
import { createUser, DEMO_EMAIL_DOMAIN } from '~/models/user.server.ts';
import { getDb } from '~/utils/db.server.ts';
import { useDatabase } from '../../test/database-hooks.ts';
import { cookiesFrom, formPost, useTestServer } from '../../test/http.ts';

useDatabase();
const server = useTestServer();

let listedId: string;
let deletedId: string;
let cookie: string;

beforeAll(async () => {
  const { id: ownerId } = await createUser({ name: 'Sitemap seller', email: `${randomUUID()}@${DEMO_EMAIL_DOMAIN}`, role: 'ADMIN' });
  cookie = cookiesFrom(await server.request('/sign-in', formPost({ intent: 'pick', userId: ownerId, redirectTo: '/' })));
  const product = (owner: string) =>
    getDb().product.create({
      data: { name: 'Mapped', description: 'On the map', priceCents: 100, stock: 1, imageIds: [randomUUID()], ownerId: owner },
      select: { id: true },
    });
  listedId = (await product(ownerId)).id;
  deletedId = (await product(ANONYMOUS_USER_ID)).id;
});

describe('GET /sitemap.xml', () => {
  it('lists the public pages and the listed products on the configured origin, whatever Host the request names', async () => {
    const response = await server.request('/sitemap.xml', { headers: { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toContain('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml).toContain(`<loc>${server.origin}/products</loc>`);
    expect(xml).toMatch(new RegExp(`<url><loc>${server.origin}/products/${listedId}</loc><lastmod>[^<]+</lastmod></url>`));
    expect(xml).not.toContain(deletedId);
    expect(xml).not.toContain('evil.example');
  });

  it('answers 404 for a page of an index it does not need', async () => {
    for (const page of ['1', 'static', '0', 'x']) expect((await server.request(`/sitemap.xml?page=${page}`)).status).toBe(404);
  });
});

describe('GET /robots.txt', () => {
  it('lets crawlers in and points at the sitemap', async () => {
    const response = await server.request('/robots.txt', { headers: { Host: 'evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${server.origin}/sitemap.xml\n`);
  });
});

describe('noindex', () => {
  it('asks search engines to skip private pages, and only those', async () => {
    expect((await server.request('/sign-in')).headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const privatePaths = [
      '/profile',
      '/cart',
      '/orders',
      '/sales',
      '/dev/mail',
      '/products?mine=1&page=2',
      '/products/new',
      `/products/${listedId}/edit`,
      `/products/${listedId}/delete`,
    ];
    for (const path of privatePaths) {
      const response = await server.request(path, { headers: { Cookie: cookie } });
      expect.soft(response.status, path).toBe(200);
      expect.soft(response.headers.get('x-robots-tag'), path).toBe('noindex, nofollow');
    }
    for (const path of ['/', '/products', `/products/${listedId}`, '/users']) {
      const response = await server.request(path, { headers: { Cookie: cookie } });
      expect.soft(response.status, path).toBe(200);
      expect.soft(response.headers.get('x-robots-tag'), path).toBeNull();
    }
  });
});
