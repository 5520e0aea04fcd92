import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PlainLink } from './plain-link.tsx';

describe('PlainLink', () => {
  it('is a bare anchor, marked for the router, with the attributes it was given', () => {
    expect(
      renderToString(
        <PlainLink to="/products/42" className="underline" aria-current="page">
          Lamp
        </PlainLink>,
      ),
    ).toBe('<a href="/products/42" data-router-link="" class="underline" aria-current="page">Lamp</a>');
  });

  it('marks a link that keeps the scroll position', () => {
    expect(
      renderToString(
        <PlainLink to="/economy?range=year" preventScrollReset>
          Year
        </PlainLink>,
      ),
    ).toBe('<a href="/economy?range=year" data-router-link="keep-scroll">Year</a>');
  });
});
