import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetSizes, measurePageWeight, pageAssetUrls } from './page-weight.ts';

const PAGE = `<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/build/_assets/app-1.css"/><link rel="icon" href="/favicon.ico"/>
<link rel="modulepreload" href="/build/manifest-1.js"/><link rel="modulepreload" href="/build/entry.client-1.js"/>
<link rel="modulepreload" href="/build/root-1.js"/></head><body>
<script nonce="n">window.__remixContext = {"url":"/build/not-an-asset.js"};</script>
<script nonce="n" type="module" async>import "/build/manifest-1.js";
import * as route0 from "/build/root-1.js";
import * as route1 from "/build/routes/products-1.js";
window.__remixRouteModules = {"root":route0};
import("/build/entry.client-1.js");</script>
<script src='/build/extra-1.js' defer></script></body></html>`;

describe('pageAssetUrls', () => {
  it('lists each script, module preload and stylesheet once, and the modules an inline module script imports', () => {
    expect(pageAssetUrls(PAGE)).toEqual({
      js: ['/build/manifest-1.js', '/build/root-1.js', '/build/routes/products-1.js', '/build/entry.client-1.js', '/build/extra-1.js'],
      css: ['/build/_assets/app-1.css'],
    });
  });
});

describe('page weight', () => {
  const publicDir = mkdtempSync(path.join(os.tmpdir(), 'reen-page-weight-'));
  const files: Record<string, string> = {
    'build/_assets/app-1.css': 'body { color: black; }\n'.repeat(50),
    'build/manifest-1.js': 'window.__remixManifest = {};',
    'build/entry.client-1.js': 'console.log("entry");'.repeat(20),
    'build/root-1.js': 'export default 1;',
    'build/routes/products-1.js': 'export const products = [1, 2, 3];',
    'build/extra-1.js': Array.from({ length: 300 }, (_, i) => `var v${i} = ${i * 7919};`).join('\n'),
  };
  // What the build compressed; the others (tiny files) it left as they are.
  const stored: Record<string, Buffer> = Object.fromEntries(
    ['build/_assets/app-1.css', 'build/entry.client-1.js', 'build/extra-1.js'].map((file) => [file, brotliCompressSync(files[file]!)]),
  );
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(publicDir, file)), { recursive: true });
      writeFileSync(path.join(publicDir, file), text);
      if (file in stored) writeFileSync(path.join(publicDir, `${file}.br`), stored[file]!);
    }
    server = createServer((request, response) => {
      if (request.url === '/products') response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(publicDir, { recursive: true, force: true });
  });

  it('sums the gzipped size of every JavaScript and CSS file the page loads, and what is sent with Brotli, read from the build', async () => {
    const weight = await measurePageWeight(origin, '/products', publicDir);
    const gzipped = (file: string) => gzipSync(files[file]!).length;
    const sentWithBrotli = (file: string) => stored[file]?.length ?? Buffer.byteLength(files[file]!);
    const jsFiles = ['build/manifest-1.js', 'build/root-1.js', 'build/routes/products-1.js', 'build/entry.client-1.js', 'build/extra-1.js'];
    expect(weight.js).toEqual(jsFiles.map((file) => ({ url: `/${file}`, gzipBytes: gzipped(file), brotliBytes: sentWithBrotli(file) })));
    expect(weight.jsGzipBytes).toBe(jsFiles.reduce((sum, file) => sum + gzipped(file), 0));
    expect(weight.cssGzipBytes).toBe(gzipped('build/_assets/app-1.css'));
    expect(weight.jsBrotliBytes).toBe(jsFiles.reduce((sum, file) => sum + sentWithBrotli(file), 0));
    expect(weight.cssBrotliBytes).toBe(stored['build/_assets/app-1.css']!.length);
  });

  it('refuses to leave out a file it cannot measure: missing from the build, or on another host', async () => {
    await expect(assetSizes(['/build/gone-1.js'], publicDir, origin)).rejects.toThrow(/ENOENT/);
    await expect(assetSizes(['https://cdn.example.com/clerk.js'], publicDir, origin)).rejects.toThrow(/another host/);
    await expect(assetSizes(['/build/..%2f..%2f..%2fetc/passwd'], publicDir, origin)).rejects.toThrow(/outside the public folder/);
  });

  it('fails for a page that does not answer 200', async () => {
    await expect(measurePageWeight(origin, '/missing', publicDir)).rejects.toThrow('/missing answered 404');
  });
});
