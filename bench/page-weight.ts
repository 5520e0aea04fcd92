// What a visitor downloads to run a page: the scripts, module preloads and stylesheets its HTML
// names, each measured from the built file it is served from (public/build/...): gzipped, and as the
// server sends it to a browser that accepts Brotli (the `.br` stored beside it at build time).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipped = promisify(gzip);

export type AssetSize = { url: string; gzipBytes: number; brotliBytes: number };
export type PageWeight = {
  path: string;
  js: AssetSize[];
  css: AssetSize[];
  jsGzipBytes: number;
  cssGzipBytes: number;
  jsBrotliBytes: number;
  cssBrotliBytes: number;
};

/**
 * The asset URLs a page makes the browser load: `<script src>`, `<link rel=modulepreload>`,
 * `<link rel=stylesheet>`, and the modules an inline module script imports statically.
 */
export function pageAssetUrls(html: string): { js: string[]; css: string[] } {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const [, body] of html.matchAll(/<script\b[^>]*\btype\s*=\s*["']?module["']?[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [, specifier] of body!.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\bfrom\s*)?["']([^"']+)["']/g)) js.add(specifier!);
  }
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    const rel = attribute(tag, 'rel')?.toLowerCase();
    const href = attribute(tag, 'href');
    if (tag.toLowerCase().startsWith('<script') && src) js.add(src);
    else if (rel === 'modulepreload' && href) js.add(href);
    else if (rel === 'stylesheet' && href) css.add(href);
  }
  return { js: [...js], css: [...css] };
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** What the server sends for `file` to a browser that accepts Brotli: its `.br`, else the file itself. */
async function brotliSentBytes(file: string): Promise<number> {
  try {
    return (await stat(`${file}.br`)).size;
  } catch {
    return (await stat(file)).size;
  }
}

/**
 * Each asset's gzipped size and its size as sent with Brotli, read from the public folder the server
 * serves it from. An asset that is not there (another host's, or a path the build did not write)
 * throws: a figure that silently left a file out would be worse than none.
 */
export async function assetSizes(urls: string[], publicDir: string, origin: string): Promise<AssetSize[]> {
  return Promise.all(
    urls.map(async (url) => {
      const resolved = new URL(url, origin);
      if (resolved.origin !== new URL(origin).origin) throw new Error(`${url} is served by another host: its size is not in the build`);
      const file = path.join(publicDir, decodeURIComponent(resolved.pathname));
      if (!file.startsWith(path.resolve(publicDir) + path.sep)) throw new Error(`${url} is outside the public folder`);
      return { url: resolved.pathname, gzipBytes: (await gzipped(await readFile(file))).length, brotliBytes: await brotliSentBytes(file) };
    }),
  );
}

/** The JavaScript and CSS of a page as the server answers it to a visitor without a cookie. */
export async function measurePageWeight(origin: string, pagePath: string, publicDir: string): Promise<PageWeight> {
  const response = await fetch(`${origin}${pagePath}`, { redirect: 'manual' });
  if (response.status !== 200) throw new Error(`${pagePath} answered ${response.status}`);
  const urls = pageAssetUrls(await response.text());
  const [js, css] = await Promise.all([assetSizes(urls.js, publicDir, origin), assetSizes(urls.css, publicDir, origin)]);
  const total = (assets: AssetSize[], size: 'gzipBytes' | 'brotliBytes') => assets.reduce((sum, asset) => sum + asset[size], 0);
  return {
    path: pagePath,
    js,
    css,
    jsGzipBytes: total(js, 'gzipBytes'),
    cssGzipBytes: total(css, 'gzipBytes'),
    jsBrotliBytes: total(js, 'brotliBytes'),
    cssBrotliBytes: total(css, 'brotliBytes'),
  };
}
