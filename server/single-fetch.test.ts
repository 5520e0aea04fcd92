import { describe, expect, it } from 'vitest';
import { pageOfDataPath, singleFetchPath } from './single-fetch.ts';

describe('singleFetchPath', () => {
  it('asks for the data of a page as a JavaScript navigation does, its query string kept', () => {
    expect(singleFetchPath('/products')).toBe('/products.data');
    expect(singleFetchPath('/products?q=robot&sort=price')).toBe('/products.data?q=robot&sort=price');
    expect(singleFetchPath('/users/')).toBe('/users.data');
    expect(singleFetchPath('/')).toBe('/_root.data');
  });
});

describe('pageOfDataPath', () => {
  it('reads the page out of a data request, the home page included', () => {
    expect(pageOfDataPath('/products.data')).toBe('/products');
    expect(pageOfDataPath('/products/2f6ab3c1-9c3c-4d5e-9a3b-4b8a3d2c1e0f.data')).toBe('/products/2f6ab3c1-9c3c-4d5e-9a3b-4b8a3d2c1e0f');
    expect(pageOfDataPath('/_root.data')).toBe('/');
  });

  it('is null for anything else: a page, a file', () => {
    expect(pageOfDataPath('/products')).toBeNull();
    expect(pageOfDataPath('/favicon.ico')).toBeNull();
    expect(pageOfDataPath('/data')).toBeNull();
  });

  it('finds the page each data path was made from', () => {
    for (const page of ['/products', '/products/2f6ab3c1-9c3c-4d5e-9a3b-4b8a3d2c1e0f', '/users', '/'])
      expect(pageOfDataPath(new URL(singleFetchPath(page), 'http://reen.invalid').pathname)).toBe(page);
  });
});
