import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FieldError, FormError } from './form-errors.tsx';
import { errorFocus, invalidProps } from '~/utils/form-errors.ts';

describe('errorFocus', () => {
  it('picks the first field with an error in the form’s order, not in the errors’ order', () => {
    expect(errorFocus({ quantity: 'Too many.', price: 'Too low.' }, ['name', 'price', 'quantity'])).toBe('price');
  });

  it('falls back to the form’s own message, under any of its keys, and to nothing', () => {
    expect(errorFocus({ form: 'Busy.' }, ['name'])).toBe('form');
    expect(errorFocus({ intent: 'Use the buttons.' }, ['name'], ['form', 'intent'])).toBe('form');
    expect(errorFocus({ intent: 'Use the buttons.' }, ['name'])).toBeNull();
    expect(errorFocus({}, ['name'])).toBeNull();
  });
});

describe('invalidProps', () => {
  it('marks an invalid control, describes it by its error then its hint, and focuses it when asked', () => {
    expect(invalidProps({ id: 'price', error: 'Too low.', focus: true, hintId: 'price-hint' })).toEqual({
      'aria-invalid': true,
      'aria-describedby': 'price-error price-hint',
      autoFocus: true,
    });
  });

  it('leaves a valid control unmarked, described by its hint only', () => {
    expect(invalidProps({ id: 'price', hintId: 'price-hint' })).toEqual({ 'aria-invalid': undefined, 'aria-describedby': 'price-hint', autoFocus: undefined });
    expect(invalidProps({ id: 'price' })).toEqual({ 'aria-invalid': undefined, 'aria-describedby': undefined, autoFocus: undefined });
  });
});

// Without JavaScript, the focus after a refusal comes from the server's HTML alone.
describe('server rendering', () => {
  it('writes autoFocus as the autofocus attribute, which browsers apply on load', () => {
    const html = renderToString(<input id="name" {...invalidProps({ id: 'name', error: 'Enter a name.', focus: true })} />);
    expect(html).toBe('<input id="name" aria-invalid="true" aria-describedby="name-error" autofocus=""/>');
  });

  it('renders the live regions even while empty, so that a later message is announced', () => {
    expect(renderToString(<FieldError id="name" />)).toMatch(/^<p id="name-error" aria-live="polite" class="[^"]*"><\/p>$/);
    expect(renderToString(<FormError />)).toMatch(/^<div role="alert" tabindex="-1" data-form-error="" class="[^"]*"><\/div>$/);
  });

  it('makes the form message the focus target when no field is to blame', () => {
    const html = renderToString(<FormError message="Busy, try again." focus />);
    expect(html).toContain('role="alert" tabindex="-1" autofocus=""');
    expect(html).toContain('>Busy, try again.</p>');
  });
});
