// GET /placeholder-images/:id: a generated SVG picture for an image id, so that a deployment (or a
// test run) without internet access still shows product images. Same id, same picture.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { uuidOrNull } from '~/utils/ids.server.ts';
import { notFound } from '~/utils/refusals.server.ts';

export function loader({ params }: LoaderFunctionArgs) {
  const id = uuidOrNull(params.id);
  if (!id) notFound();
  return new Response(placeholderSvg(id), {
    headers: { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=31536000, immutable' },
  });
}

/** A 5x5 symmetric pattern in one hue, picked from the id's hex digits. */
function placeholderSvg(id: string): string {
  const hex = id.replaceAll('-', '');
  const hue = parseInt(hex.slice(0, 3), 16) % 360;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      const on = parseInt(hex[3 + row * 3 + col]!, 16) % 2 === 0;
      if (!on) continue;
      for (const x of new Set([col, 4 - col])) cells.push(`<rect x="${x * 20 + 10}" y="${row * 20 + 10}" width="20" height="20"/>`);
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="240" height="240"><rect width="120" height="120" fill="hsl(${hue} 40% 94%)"/><g fill="hsl(${hue} 60% 45%)">${cells.join('')}</g></svg>`;
}
