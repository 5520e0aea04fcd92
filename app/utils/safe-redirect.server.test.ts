// The redirect sanitiser against a table of hostile targets. Over HTTP (every route that takes a
// target from a request, in a real browser too): server/hostile-input.test.ts, e2e/security.spec.ts.
import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from './safe-redirect.server.ts';

/** Targets that must fall back: [what it is, the target]. */
const HOSTILE_REDIRECTS: [string, string][] = [
  ['another origin', 'https://evil.example/'],
  ['a scheme-relative URL', '//evil.example'],
  ['a backslash for the second slash', '/\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['a backslash later in the path', '/a/..\\..\\/evil.example'],
  ['a tab between the slashes', '/\t/evil.example'],
  ['a newline between the slashes', '/\n/evil.example'],
  ['a carriage return', '/\r/evil.example'],
  ['a vertical tab', '/\v/evil.example'],
  ['a form feed', '/\f/evil.example'],
  ['a NUL', '/\0/evil.example'],
  ['a DEL', '/\x7f/evil.example'],
  ['a C1 control (NEL)', '/\u0085/evil.example'],
  ['CRLF header injection', '/\r\nSet-Cookie: a=b'],
  ['a leading space', ' //evil.example'],
  ['a leading tab', '\t//evil.example'],
  ['a space between the slashes', '/ /evil.example'],
  ['a non-breaking space', '/\u00a0/evil.example'],
  ['a line separator', '/\u2028/evil.example'],
  ['a fullwidth solidus', '/\uff0fevil.example'],
  ['a division slash', '/\u2215evil.example'],
  ['a fraction slash', '/\u2044evil.example'],
  ['a fullwidth reverse solidus', '/\uff3cevil.example'],
  ['a percent-encoded tab', '/%09/evil.example'],
  ['a percent-encoded newline', '/%0a/evil.example'],
  ['a percent-encoded slash', '/%2fevil.example'],
  ['a percent-encoded backslash', '/%5cevil.example'],
  ['malformed percent-encoding', '/%E0%A4%A'],
  ['javascript:', 'javascript:alert(1)'],
  ['javascript: after a slash-less path', 'javascript://%0aalert(1)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['a relative path', 'evil.example'],
  ['a scheme-relative URL with credentials', '//user@evil.example'],
  ['an empty string', ''],
  ['10,000 characters', `/${'x'.repeat(10_000)}`],
];

describe('safeRedirectPath', () => {
  it.each(HOSTILE_REDIRECTS)('falls back on %s', (_, target) => {
    expect(safeRedirectPath(target)).toBe('/');
    expect(safeRedirectPath(target, '/cart')).toBe('/cart');
  });

  it.each([
    '/',
    '/orders?page=2',
    '/products?q=caf%C3%A9&sort=price-asc',
    '/products/3f2c9a1e-8b7d-4c6a-9e5f-1a2b3c4d5e6f',
    '/profile#ledger',
    '/products?q=back\\slash',
    '/products?next=//evil.example',
  ])('keeps the same-site path %s', (target) => {
    expect(safeRedirectPath(target)).toBe(target);
  });

  it('falls back on what is not a string', () => {
    expect(safeRedirectPath(null, '/products')).toBe('/products');
    expect(safeRedirectPath(undefined)).toBe('/');
    expect(safeRedirectPath(new File(['/'], 'x.txt'))).toBe('/');
  });
});
