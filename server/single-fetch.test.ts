import { describe, expect, it } from 'vitest';
import { pageOfDataPath } from './single-fetch.ts';

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
});
