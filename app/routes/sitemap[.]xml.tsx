// GET /sitemap.xml: the public pages and every listed product, for search engines. Past 50,000 URLs
// it is an index of files (?page=static, then ?page=1, 2, ...). URLs are absolute on the configured
// origin (appOrigin), never on the request's Host.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { productPageCount, sitemapIndex, urlSet, URLS_PER_SITEMAP } from '~/models/sitemap.ts';
import { countSitemapProducts, sitemapProducts } from '~/models/sitemap.server.ts';
import { appOrigin } from '~/utils/app-url.server.ts';
import { notFound } from '~/utils/refusals.server.ts';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const origin = appOrigin(context);
  const page = new URL(request.url).searchParams.get('page');
  const pages = productPageCount(await countSitemapProducts());
  let body: string;
  if (page === null) {
    body = pages === 0 ? urlSet(origin, await sitemapProducts(1, URLS_PER_SITEMAP), true) : sitemapIndex(origin, pages);
  } else if (page === 'static' && pages > 0) {
    body = urlSet(origin, [], true);
  } else if (/^[1-9]\d{0,5}$/.test(page) && Number(page) <= pages) {
    body = urlSet(origin, await sitemapProducts(Number(page), URLS_PER_SITEMAP), false);
  } else {
    notFound();
  }
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
}
