import { describe, expect, it } from 'vitest';
import { previewAmounts, productFormSchema } from './product-input.ts';

describe('previewAmounts', () => {
  it('reads only values the form would save', () => {
    expect(previewAmounts('create', { price: '12.34', quantity: '3' })).toEqual({ priceCents: 1234, quantity: 3 });
    expect(previewAmounts('create', { price: '0.50', quantity: '3' })).toBeNull();
    expect(previewAmounts('create', { price: '12.34', quantity: '0' })).toBeNull();
    expect(previewAmounts('update', { price: '12.34', quantity: '0' })).toEqual({ priceCents: 1234, quantity: 0 });
  });

  it('follows the stock on update: a stock above 2,000 may be kept, not raised', () => {
    expect(previewAmounts('update', { price: '1.00', quantity: '2010' }, 2010)).toEqual({ priceCents: 100, quantity: 2010 });
    expect(previewAmounts('update', { price: '1.00', quantity: '2011' }, 2010)).toBeNull();
    expect(previewAmounts('update', { price: '1.00', quantity: '2010' }, 1990)).toBeNull();
    // The same rule as the form's own check.
    const form = { name: 'Lamp', description: 'A lamp.', price: '1.00', quantity: '2010', images: '1' };
    expect(productFormSchema('update', 2010).safeParse(form).success).toBe(true);
    expect(productFormSchema('update', 1990).safeParse(form).success).toBe(false);
  });
});
