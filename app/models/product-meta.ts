// What a product page tells search engines and link previews: a description, Open Graph and
// Twitter card tags (image, price), and schema.org Product data with its offer. Pure: the page's
// meta export passes the loader's data, URLs made absolute on the configured origin.
import type { MetaDescriptor } from '@remix-run/node';
import { formatMoney } from '~/utils/money.ts';

export type ProductForMeta = {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  imageUrls: string[];
  sellerName: string;
  isDeleted: boolean;
};

const DESCRIPTION_LENGTH = 160;

/** The description on one line, cut at a word near 160 characters. */
export function metaDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= DESCRIPTION_LENGTH) return line;
  const cut = line.slice(0, DESCRIPTION_LENGTH - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > DESCRIPTION_LENGTH / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

export function productMeta(product: ProductForMeta, origin: string): MetaDescriptor[] {
  const url = `${origin}/products/${product.id}`;
  const images = product.imageUrls.map((image) => new URL(image, origin).href);
  const description = metaDescription(product.description);
  const amount = (product.priceCents / 100).toFixed(2);
  const title = `${product.name} | REEN`;
  const inStock = !product.isDeleted && product.stock > 0;
  return [
    { title },
    { name: 'description', content: description },
    // A deleted product's page stays for its orders, not for search.
    ...(product.isDeleted ? [{ name: 'robots', content: 'noindex' }] : []),
    { tagName: 'link', rel: 'canonical', href: url },
    { property: 'og:type', content: 'product' },
    { property: 'og:site_name', content: 'REEN' },
    { property: 'og:title', content: product.name },
    { property: 'og:description', content: description },
    { property: 'og:url', content: url },
    ...images.map((image) => ({ property: 'og:image', content: image })),
    { property: 'product:price:amount', content: amount },
    { property: 'product:price:currency', content: 'USD' },
    { property: 'product:availability', content: inStock ? 'in stock' : 'out of stock' },
    { name: 'twitter:card', content: 'summary_large_image' },
    { name: 'twitter:title', content: product.name },
    { name: 'twitter:description', content: description },
    ...(images[0] ? [{ name: 'twitter:image', content: images[0] }] : []),
    { name: 'twitter:label1', content: 'Price' },
    { name: 'twitter:data1', content: formatMoney(product.priceCents) },
    {
      'script:ld+json': {
        '@context': 'https://schema.org',
        '@type': 'Product',
        name: product.name,
        description: product.description,
        image: images,
        url,
        sku: product.id,
        offers: {
          '@type': 'Offer',
          url,
          price: amount,
          priceCurrency: 'USD',
          availability: inStock ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
          seller: { '@type': 'Person', name: product.sellerName },
        },
      },
    },
  ];
}
