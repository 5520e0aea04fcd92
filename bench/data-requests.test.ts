import { describe, expect, it } from 'vitest';
import { pageOfDataPath } from '../server/single-fetch.ts';
import { singleFetchPath } from './data-requests.ts';

describe('singleFetchPath', () => {
  it('asks for the data of a page as a JavaScript navigation does, its query string kept', () => {
    expect(singleFetchPath('/products')).toBe('/products.data');
    expect(singleFetchPath('/products?q=robot&sort=price')).toBe('/products.data?q=robot&sort=price');
    expect(singleFetchPath('/users/')).toBe('/users.data');
    expect(singleFetchPath('/')).toBe('/_root.data');
  });
});

describe('the bare server reading those paths', () => {
  it('finds the page each data path was made from', () => {
    for (const page of ['/products', '/products/2f6ab3c1-9c3c-4d5e-9a3b-4b8a3d2c1e0f', '/users', '/'])
      expect(pageOfDataPath(new URL(singleFetchPath(page), 'http://bench').pathname)).toBe(page);
  });
});
