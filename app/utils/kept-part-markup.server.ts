// Finds a kept part's content in a page React rendered (docs/decisions/028-page-content-kept-from-the-page.md).
import { KEPT_PART_ATTRIBUTE } from '~/components/kept-part.tsx';

/**
 * The inner HTML of the one element marked as `part` in `html`, or nothing if the page has no such
 * element, has two, or is not as React writes markup. React escapes `<`, `>` and quotes in every
 * text and attribute value, so in its output `<tag` and `</tag>` only ever start and end elements,
 * and the element's end is found by counting the same tag's elements nested inside it.
 */
export function innerMarkupOfPart(html: Buffer, part: string): string | undefined {
  const marker = ` ${KEPT_PART_ATTRIBUTE}="${part}"`;
  const at = html.indexOf(marker);
  if (at === -1 || html.indexOf(marker, at + marker.length) !== -1) return undefined;
  // The element's other attributes may come before the mark: its name ends at the first space.
  const tagStart = html.lastIndexOf('<', at);
  const tag = html.toString('latin1', tagStart + 1, html.indexOf(' ', tagStart));
  if (!/^[a-z]+$/.test(tag)) return undefined;
  const contentStart = html.indexOf('>', at + marker.length) + 1;
  if (contentStart === 0) return undefined;

  const open = `<${tag}`;
  const close = `</${tag}>`;
  let depth = 1;
  let from = contentStart;
  let nextClose = html.indexOf(close, from);
  while (nextClose !== -1) {
    const nextOpen = html.indexOf(open, from);
    if (nextOpen !== -1 && nextOpen < nextClose) {
      // `<article` but not `<articles`: the tag's name must end there.
      if (/[\s>]/.test(String.fromCharCode(html[nextOpen + open.length]!))) depth += 1;
      from = nextOpen + open.length;
      continue;
    }
    depth -= 1;
    if (depth === 0) return html.toString('utf8', contentStart, nextClose);
    from = nextClose + close.length;
    nextClose = html.indexOf(close, from);
  }
  return undefined;
}
