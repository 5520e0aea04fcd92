import { describe, expect, it } from 'vitest';
import { routerLinkTarget, type ClickedAnchor, type LinkClick } from './router-link-click.ts';

const HERE = { origin: 'https://reen.example', pathname: '/products', search: '?page=2', hash: '' };
const click = (overrides: Partial<LinkClick> = {}): LinkClick => ({
  button: 0,
  metaKey: false,
  altKey: false,
  ctrlKey: false,
  shiftKey: false,
  defaultPrevented: false,
  ...overrides,
});
const anchor = (href: string, attributes: Record<string, string> = {}): ClickedAnchor => ({
  href,
  target: attributes.target ?? '',
  hasAttribute: (name) => name in attributes,
});

describe('routerLinkTarget', () => {
  it('sends a plain click on a link to one of our pages to the router, its query and fragment kept', () => {
    expect(routerLinkTarget(click(), anchor('https://reen.example/products/42?from=list#images'), HERE)).toEqual({
      path: '/products/42?from=list#images',
      replace: false,
    });
  });

  it('replaces the history entry for a link to the page already shown, as <Link> does', () => {
    expect(routerLinkTarget(click(), anchor('https://reen.example/products?page=2'), HERE)).toEqual({ path: '/products?page=2', replace: true });
    expect(routerLinkTarget(click(), anchor('https://reen.example/products?page=3'), HERE)?.replace).toBe(false);
  });

  it.each([
    ['a click another handler took', click({ defaultPrevented: true })],
    ['the middle button', click({ button: 1 })],
    ['Ctrl', click({ ctrlKey: true })],
    ['Cmd', click({ metaKey: true })],
    ['Shift', click({ shiftKey: true })],
    ['Alt', click({ altKey: true })],
  ])('leaves %s to the browser', (_label, event) => {
    expect(routerLinkTarget(event, anchor('https://reen.example/products/42'), HERE)).toBeNull();
  });

  it('leaves links to other sites, to other windows and downloads to the browser', () => {
    expect(routerLinkTarget(click(), anchor('https://elsewhere.example/products/42'), HERE)).toBeNull();
    expect(routerLinkTarget(click(), anchor('http://reen.example/products/42'), HERE)).toBeNull();
    expect(routerLinkTarget(click(), anchor('https://reen.example/products/42', { target: '_blank' }), HERE)).toBeNull();
    expect(routerLinkTarget(click(), anchor('https://reen.example/products/42', { download: '' }), HERE)).toBeNull();
  });

  it('follows a link that names this window as its target', () => {
    expect(routerLinkTarget(click(), anchor('https://reen.example/users', { target: '_self' }), HERE)).toEqual({ path: '/users', replace: false });
  });
});
