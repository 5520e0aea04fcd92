// Our patch of react-dom's production server renderer (patches/README.md) gathers a flush's markup
// as one string and encodes it once per 8,192 characters, where React called the TextEncoder for
// every piece of markup. The bytes must stay exactly those of the unpatched renderer (its
// development build, which the patch leaves alone), for every page, in every flush, however many
// renders run at once.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createElement as h, Suspense, type ReactNode } from 'react';
import type * as ReactDOMServer from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Both builds by file: which one `react-dom/server` gives depends on NODE_ENV ('test' here).
const load = createRequire(import.meta.url);
const builds = path.join(path.dirname(load.resolve('react-dom/package.json')), 'cjs');
const patched = load(path.join(builds, 'react-dom-server.node.production.min.js')) as typeof ReactDOMServer;
const unpatched = load(path.join(builds, 'react-dom-server.node.development.js')) as typeof ReactDOMServer;

/** A child that suspends until `release` is called, then renders `text`. */
function suspended(text: string) {
  let ready = false;
  let wake: () => void = () => {};
  const waiting = new Promise<void>((resolve) => (wake = resolve));
  function Later() {
    if (!ready) throw waiting;
    return h('p', { className: 'later' }, text);
  }
  return {
    element: h(Later),
    release: () => {
      ready = true;
      wake();
    },
  };
}

/** Long text with characters of every UTF-8 length (and a surrogate pair) to cross the 8,192 boundary. */
const mixedText = (seed: string) => `${seed} café 日本語 🎉 "quoted" & <escaped> `.repeat(300);

function page(seed: string, later: ReactNode): ReactNode {
  const rows = Array.from({ length: 400 }, (_, index) =>
    h(
      'tr',
      { key: index, 'data-row': index },
      h('td', { className: 'px-3 py-2 tabular-nums', title: `${seed} ${index} "é"` }, index),
      h('td', null, h('a', { href: `/products/${seed}-${index}` }, h('bdi', null, `${seed} ñ ${index}`))),
    ),
  );
  return h(
    'html',
    { lang: 'en' },
    h('head', null, h('title', null, `${seed} 🎉`)),
    h(
      'body',
      null,
      h('p', null, mixedText(seed)),
      h('table', null, h('tbody', null, rows)),
      h(Suspense, { fallback: h('p', null, 'Loading…') }, later),
      h('p', null, `${seed} end`),
    ),
  );
}

/** Renders with `renderer`, piping from the shell on: a suspended part arrives in a later flush. */
function render(renderer: typeof ReactDOMServer, element: ReactNode): { shellSent: Promise<void>; bytes: Promise<Buffer> } {
  const chunks: Buffer[] = [];
  let shellSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => (shellSent = resolve));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(Buffer.from(chunk));
        done();
      },
    });
    sink.on('finish', () => resolve(Buffer.concat(chunks)));
    const stream = renderer.renderToPipeableStream(element, {
      bootstrapScriptContent: 'window.started = "é";',
      nonce: 'n0nce',
      onShellReady() {
        stream.pipe(sink);
        setImmediate(shellSent);
      },
      onShellError: reject,
      onError: reject,
    });
  });
  return { shellSent: sent, bytes };
}

async function renderBoth(seeds: string[]): Promise<{ patched: Buffer; unpatched: Buffer }[]> {
  const results: Buffer[][] = [];
  for (const renderer of [patched, unpatched]) {
    const parts = seeds.map((seed) => suspended(`${seed} later ü`.repeat(50)));
    const renders = seeds.map((seed, index) => render(renderer, page(seed, parts[index]!.element)));
    // Every shell goes out before any suspended part resolves: the renders' flushes interleave.
    await Promise.all(renders.map((each) => each.shellSent));
    for (const part of parts.reverse()) part.release();
    results.push(await Promise.all(renders.map((each) => each.bytes)));
  }
  return seeds.map((_, index) => ({ patched: results[0]![index]!, unpatched: results[1]![index]! }));
}

describe("react-dom's production server renderer, patched", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('writes the same bytes as the unpatched renderer, across flushes and renders running at once', async () => {
    const outputs = await renderBoth(['first', 'second', 'third']);
    for (const [index, { patched, unpatched }] of outputs.entries()) {
      expect(patched.length, `render ${index}`).toBeGreaterThan(60_000);
      // The suspended part came in a flush of its own (React's script that swaps it in).
      expect(patched.toString('utf8')).toContain('$RC(');
      expect(patched.equals(unpatched), `render ${index}`).toBe(true);
    }
  });

  it('encodes a page in a few calls to the TextEncoder, not one per piece of markup', async () => {
    const encode = vi.spyOn(TextEncoder.prototype, 'encode');
    const encodeInto = vi.spyOn(TextEncoder.prototype, 'encodeInto');
    const later = suspended('later');
    later.release();
    const { bytes } = render(patched, page('counted', later.element));
    const size = (await bytes).length;
    // A call per 8,192 characters, a few more at the ends of flushes; unpatched, thousands.
    expect(encode.mock.calls.length + encodeInto.mock.calls.length).toBeLessThanOrEqual(Math.ceil(size / 8_192) + 4);
  });
});
