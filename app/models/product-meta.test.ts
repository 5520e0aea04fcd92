import { describe, expect, it } from 'vitest';
import { metaDescription, productMeta, type ProductForMeta } from './product-meta.ts';

const product: ProductForMeta = {
  id: 'p1',
  name: 'Neon Robot',
  description: 'A robot.\nIt glows.',
  priceCents: 123456,
  stock: 3,
  imageUrls: ['/placeholder-images/i1', 'https://images.example/i2'],
  sellerName: 'Ada',
  isDeleted: false,
};
const origin = 'https://shop.example';

function content(meta: ReturnType<typeof productMeta>, key: string) {
  return meta
    .filter((tag) => (tag as Record<string, unknown>).name === key || (tag as Record<string, unknown>).property === key)
    .map((tag) => (tag as { content: string }).content);
}

describe('productMeta', () => {
  it('describes the product for search engines and link previews, with absolute URLs', () => {
    const meta = productMeta(product, origin);
    expect(meta).toContainEqual({ title: 'Neon Robot | REEN' });
    expect(content(meta, 'description')).toEqual(['A robot. It glows.']);
    expect(meta).toContainEqual({ tagName: 'link', rel: 'canonical', href: 'https://shop.example/products/p1' });
    expect(content(meta, 'og:type')).toEqual(['product']);
    expect(content(meta, 'og:title')).toEqual(['Neon Robot']);
    expect(content(meta, 'og:url')).toEqual(['https://shop.example/products/p1']);
    expect(content(meta, 'og:image')).toEqual(['https://shop.example/placeholder-images/i1', 'https://images.example/i2']);
    expect(content(meta, 'product:price:amount')).toEqual(['1234.56']);
    expect(content(meta, 'product:price:currency')).toEqual(['USD']);
    expect(content(meta, 'twitter:card')).toEqual(['summary_large_image']);
    expect(content(meta, 'twitter:image')).toEqual(['https://shop.example/placeholder-images/i1']);
    expect(content(meta, 'twitter:data1')).toEqual(['$1,234.56']);
    expect(content(meta, 'robots')).toEqual([]);
  });

  it('gives schema.org Product data with an offer in USD, in stock or not', () => {
    const ld = (p: ProductForMeta) =>
      (productMeta(p, origin).find((tag) => 'script:ld+json' in tag) as { 'script:ld+json': { offers: { availability: string } } })['script:ld+json'];
    expect(ld(product)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Neon Robot',
      image: ['https://shop.example/placeholder-images/i1', 'https://images.example/i2'],
      offers: { '@type': 'Offer', price: '1234.56', priceCurrency: 'USD', availability: 'https://schema.org/InStock', url: 'https://shop.example/products/p1' },
    });
    expect(ld({ ...product, stock: 0 }).offers.availability).toBe('https://schema.org/OutOfStock');
    expect(ld({ ...product, isDeleted: true }).offers.availability).toBe('https://schema.org/OutOfStock');
  });

  it('keeps a deleted product out of search', () => {
    expect(content(productMeta({ ...product, isDeleted: true }, origin), 'robots')).toEqual(['noindex']);
  });
});

describe('metaDescription', () => {
  it('cuts a long description at a word, under 160 characters', () => {
    const long = `${'word '.repeat(60)}end`;
    const cut = metaDescription(long);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut).toMatch(/word…$/);
    expect(metaDescription('x'.repeat(300))).toHaveLength(160);
  });
});
