// The sitemap's shape: one <urlset> while the shop's URLs fit in one file (50,000, the protocol's
// limit), else a <sitemapindex> whose pages list the products 50,000 at a time. Pure: the routes
// give it the origin (configured, never the request's Host) and the database's rows.

export const URLS_PER_SITEMAP = 50_000;

/** The public pages that are always there, besides the products. */
export const STATIC_PATHS = ['/', '/products', '/users'];

export type SitemapProduct = { id: string; updatedAt: Date };

/** How many product pages a sitemap of `productCount` products has: 0 when one <urlset> holds it all. */
export function productPageCount(productCount: number, perFile = URLS_PER_SITEMAP): number {
  return STATIC_PATHS.length + productCount <= perFile ? 0 : Math.ceil(productCount / perFile);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

function url(loc: string, lastmod?: Date): string {
  return `<url><loc>${escapeXml(loc)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`;
}

/** A <urlset> of the products given, and of the static pages when `withStatic`. */
export function urlSet(origin: string, products: SitemapProduct[], withStatic: boolean): string {
  const urls = [
    ...(withStatic ? STATIC_PATHS.map((path) => url(`${origin}${path}`)) : []),
    ...products.map((product) => url(`${origin}/products/${product.id}`, product.updatedAt)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}

/** The page of the sitemap index that lists the static pages, then one per `perFile` products. */
export function sitemapIndex(origin: string, pages: number): string {
  const locations = [`${origin}/sitemap.xml?page=static`, ...Array.from({ length: pages }, (_, i) => `${origin}/sitemap.xml?page=${i + 1}`)];
  const entries = locations.map((loc) => `<sitemap><loc>${escapeXml(loc)}</loc></sitemap>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}
