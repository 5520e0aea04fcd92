// GET /robots.txt: crawlers may read every page (private pages say noindex themselves, which a
// crawler kept out by Disallow would never see) and find the sitemap on the configured origin.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { appOrigin } from '~/utils/app-url.server.ts';

export function loader({ context }: LoaderFunctionArgs) {
  const body = `User-agent: *\nAllow: /\n\nSitemap: ${appOrigin(context)}/sitemap.xml\n`;
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
}
