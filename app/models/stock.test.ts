import { describe, expect, it } from 'vitest';
import { LOW_STOCK_BELOW, stockAlert } from './stock.ts';

describe('stockAlert', () => {
  it('says "Sold out" at 0 (and below, should a stock ever read so)', () => {
    expect(stockAlert(0)).toEqual({ level: 'sold-out', text: 'Sold out' });
    expect(stockAlert(-1)).toEqual({ level: 'sold-out', text: 'Sold out' });
  });

  it('says "Only N left" from 1 up to 7 units', () => {
    expect(LOW_STOCK_BELOW).toBe(8);
    expect(stockAlert(1)).toEqual({ level: 'low', text: 'Only 1 left' });
    expect(stockAlert(7)).toEqual({ level: 'low', text: 'Only 7 left' });
  });

  it('says nothing from 8 units', () => {
    expect(stockAlert(8)).toBeNull();
    expect(stockAlert(2000)).toBeNull();
  });
});
