import { describe, expect, it } from 'vitest';
import { productPageCount, sitemapIndex, STATIC_PATHS, URLS_PER_SITEMAP, urlSet } from './sitemap.ts';

const origin = 'https://shop.example';
const product = (id: string) => ({ id, updatedAt: new Date('2026-01-02T03:04:05.000Z') });

describe('productPageCount', () => {
  it('keeps one file while the static pages and the products fit in 50,000 URLs', () => {
    expect(URLS_PER_SITEMAP).toBe(50_000);
    expect(productPageCount(0)).toBe(0);
    expect(productPageCount(URLS_PER_SITEMAP - STATIC_PATHS.length)).toBe(0);
  });

  it('pages the products once they do not', () => {
    expect(productPageCount(URLS_PER_SITEMAP - STATIC_PATHS.length + 1)).toBe(1);
    expect(productPageCount(URLS_PER_SITEMAP + 1)).toBe(2);
    expect(productPageCount(120_000)).toBe(3);
    expect(productPageCount(7, 5)).toBe(2);
  });
});

describe('urlSet and sitemapIndex', () => {
  it('lists absolute URLs of the static pages and the products, with when each changed', () => {
    const xml = urlSet(origin, [product('a1'), product('b2')], true);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/);
    for (const path of STATIC_PATHS) expect(xml).toContain(`<url><loc>${origin}${path}</loc></url>`);
    expect(xml).toContain(`<url><loc>${origin}/products/a1</loc><lastmod>2026-01-02T03:04:05.000Z</lastmod></url>`);
    expect(xml.match(/<url>/g)).toHaveLength(STATIC_PATHS.length + 2);
    expect(urlSet(origin, [product('a1')], false).match(/<url>/g)).toHaveLength(1);
  });

  it('escapes what XML would read as markup', () => {
    expect(urlSet('https://a.example/?x=1&y=<2>', [], true)).toContain('https://a.example/?x=1&#38;y=&#60;2&#62;/products');
  });

  it('indexes the static file and every products file', () => {
    const xml = sitemapIndex(origin, 2);
    expect(xml).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(xml.match(/<sitemap><loc>[^<]+<\/loc><\/sitemap>/g)).toEqual([
      `<sitemap><loc>${origin}/sitemap.xml?page=static</loc></sitemap>`,
      `<sitemap><loc>${origin}/sitemap.xml?page=1</loc></sitemap>`,
      `<sitemap><loc>${origin}/sitemap.xml?page=2</loc></sitemap>`,
    ]);
  });
});
