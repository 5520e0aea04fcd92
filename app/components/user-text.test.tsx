import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { isolate } from '~/utils/bidi.ts';
import { CheckoutLines } from './checkout-lines.tsx';
import { MessageText, UserText } from './user-text.tsx';

const ARABIC = 'منتج عربي';

describe('UserText', () => {
  it('isolates typed text from the words around it', () => {
    expect(
      renderToString(
        <p>
          Sold by <UserText>{ARABIC}</UserText> for $1.00
        </p>,
      ),
    ).toBe(`<p>Sold by <bdi>${ARABIC}</bdi> for $1.00</p>`);
  });

  it('isolates each product name of a checkout from its quantity and amounts', () => {
    const html = renderToString(<CheckoutLines lines={[{ productId: null, productName: ARABIC, unitPriceCents: 150, quantity: 2 }]} totalCents={300} />);
    expect(html).toContain(`<bdi>${ARABIC}</bdi>`);
  });
});

describe('MessageText', () => {
  it('shows each isolated quote of a plain-text message as its own <bdi>, without the invisible marks', () => {
    const html = renderToString(<MessageText text={`Added to your cart: 2 × ${isolate(ARABIC)}, then ${isolate('Lamp')}.`} />);
    expect(html).toBe(`Added to your cart: 2 × <bdi>${ARABIC}</bdi>, then <bdi>Lamp</bdi>.`);
  });

  it('leaves a message without quotes as it is', () => {
    expect(renderToString(<MessageText text="Product created." />)).toBe('Product created.');
  });
});
