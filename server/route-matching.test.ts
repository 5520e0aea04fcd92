// Our patch of @remix-run/router (patches/README.md) caches each routes array's ranked branches and
// each path pattern's RegExp, and tries only the branches that can match the path's first segment.
// Matching must read exactly as before, however often it runs, and routes added later by route
// discovery must be found.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createMemoryHistory, createRouter, matchRoutes, type AgnosticRouteObject } from '@remix-run/router';
import { describe, expect, it } from 'vitest';

const routes: AgnosticRouteObject[] = [
  {
    id: 'root',
    path: '/',
    children: [
      { id: 'home', index: true },
      {
        id: 'products',
        path: 'products',
        children: [
          { id: 'products-index', index: true },
          { id: 'product', path: ':id' },
          { id: 'new-product', path: 'new' },
        ],
      },
      { id: 'lang', path: ':lang?/about' },
      { id: 'splat', path: '*' },
    ],
  },
];

const matched = (pathname: string) => matchRoutes(routes, pathname)?.map((match) => ({ id: match.route.id, params: match.params }));

describe('route matching with our patch of @remix-run/router', () => {
  // An upgrade of Remix that wants another router version would install it beside ours, unpatched.
  it('is the copy that Remix and React Router load', () => {
    for (const dependent of ['@remix-run/server-runtime', '@remix-run/react', 'react-router', 'react-router-dom']) {
      const router = createRequire(createRequire(import.meta.url).resolve(dependent)).resolve('@remix-run/router');
      expect(readFileSync(router, 'utf8'), `the router ${dependent} loads`).toContain('function rankedBranches(routes)');
    }
  });

  it('matches static, dynamic, optional and splat paths the same way every time', () => {
    for (let round = 0; round < 3; round++) {
      expect(matched('/')!.map(({ id }) => id)).toEqual(['root', 'home']);
      // A static segment outranks a dynamic one, whichever comes first.
      expect(matched('/products/new')!.map(({ id }) => id)).toEqual(['root', 'products', 'new-product']);
      expect(matched('/products/abc')!.at(-1)).toEqual({ id: 'product', params: { id: 'abc', '*': undefined } });
      expect(matched('/PRODUCTS')!.map(({ id }) => id)).toEqual(['root', 'products', 'products-index']);
      expect(matched('/fr/about')!.at(-1)).toEqual({ id: 'lang', params: { lang: 'fr' } });
      expect(matched('/about')!.at(-1)!.id).toBe('lang');
      expect(matched('/no/such/page')!.at(-1)).toEqual({ id: 'splat', params: { '*': 'no/such/page' } });
    }
  });

  // The patch skips branches whose first static segment differs from the path's: the answers below
  // are the published router's.
  it('reads the first segment as the published router does: in any case, decoded, whole', () => {
    expect(matched('/Products/New')!.map(({ id }) => id)).toEqual(['root', 'products', 'new-product']);
    expect(matched('/%70roducts/new')!.map(({ id }) => id)).toEqual(['root', 'products', 'new-product']);
    expect(matched('/products-x')!.at(-1)).toEqual({ id: 'splat', params: { '*': 'products-x' } });
    expect(matched('/productsabout')!.at(-1)).toEqual({ id: 'splat', params: { '*': 'productsabout' } });
    expect(matched('//products')!.at(-1)).toEqual({ id: 'splat', params: { '*': '/products' } });
  });

  it('finds routes that route discovery adds to routes it has matched before', async () => {
    const router = createRouter({
      routes: [
        {
          id: 'root',
          path: '/',
          children: [
            { id: 'home', index: true },
            { id: 'parent', path: 'parent' },
          ],
        },
      ],
      history: createMemoryHistory(),
      // Called for a path the routes do not match yet: adds the child in place, then matches again.
      patchRoutesOnNavigation: ({ path, patch }) => {
        if (path === '/parent/child') patch('parent', [{ id: 'child', path: 'child' }]);
      },
    }).initialize();
    try {
      await router.navigate('/parent');
      expect(router.state.matches.map((match) => match.route.id)).toEqual(['root', 'parent']);
      await router.navigate('/parent/child');
      expect(router.state.errors).toBeNull();
      expect(router.state.matches.map((match) => match.route.id)).toEqual(['root', 'parent', 'child']);
    } finally {
      router.dispose();
    }
  });
});
