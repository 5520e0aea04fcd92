import { describe, expect, it } from 'vitest';
import { FORMATS } from './geometry.server.ts';

describe('money ticks', () => {
  it('show whole dollars without a decimal, and a decimal only where it says something', () => {
    expect([0, 50_000, 150_000, 200_000, 123_456_700].map(FORMATS.money.tick)).toEqual(['$0', '$500', '$1.5K', '$2K', '$1.2M']);
  });
});
