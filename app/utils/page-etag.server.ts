// ETags of rendered pages. A page carries the response's CSP nonce, fresh on every response, so the
// tag is a hash of the page without it: the same page rendered twice has the same tag.
import { createHash } from 'node:crypto';

/** A weak ETag of `html` leaving out every occurrence of `nonce`. */
export function pageEtag(html: Uint8Array, nonce: string): string {
  const hash = createHash('sha1');
  for (const part of splitAround(html, nonce)) hash.update(part);
  return `W/"${hash.digest('base64url')}"`;
}

/** `html` cut at every occurrence of `nonce` (which is left out): the parts in order. */
export function splitAround(html: Uint8Array, nonce: string): Buffer[] {
  const body = Buffer.from(html.buffer, html.byteOffset, html.byteLength);
  if (!nonce) return [body];
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = body.indexOf(nonce, start); at >= 0; at = body.indexOf(nonce, start)) {
    parts.push(body.subarray(start, at));
    start = at + nonce.length;
  }
  parts.push(body.subarray(start));
  return parts;
}

/** Whether the request's If-None-Match names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesIfNoneMatch(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}
