import { describe, expect, it } from 'vitest';
import { loader } from './placeholder-images.$id.tsx';

const args = (id: string) => ({ request: new Request(`http://reen.test/placeholder-images/${id}`), params: { id }, context: {} });

describe('the placeholder image route', () => {
  it('draws the same SVG for the same id and another for another id', async () => {
    const id = '6f1c2a9e-3b4d-4c5e-8f60-718293a4b5c6';
    const first = loader(args(id));
    expect(first.headers.get('content-type')).toBe('image/svg+xml');
    const svg = await first.text();
    expect(svg).toMatch(/^<svg /);
    expect(await loader(args(id)).text()).toBe(svg);
    expect(await loader(args('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d')).text()).not.toBe(svg);
  });

  it('answers 404 to an id that is not a UUID', () => {
    expect(() => loader(args('../etc/passwd'))).toThrow(expect.objectContaining({ status: 404 }));
  });
});
