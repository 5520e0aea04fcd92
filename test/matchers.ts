// Matchers for what the tests check over and over: where a response sends the browser, and the
// flash message it carries. Registered for every test file (vitest.config.ts).
import { expect } from 'vitest';
import { flashOf } from './http.ts';

type Flash = { kind: string; message: string };

expect.extend({
  /** A redirect to `location`, with `status` when given (302, 303, ...). */
  toRedirectTo(response: Response, location: string, status?: number) {
    const actual = { status: response.status, location: response.headers.get('location') };
    const redirects = actual.status >= 300 && actual.status < 400;
    return {
      pass: redirects && actual.location === location && (status === undefined || actual.status === status),
      message: () =>
        `expected ${this.isNot ? 'no ' : 'a '}redirect to ${location}${status ? ` (${status})` : ''}, got ${actual.status} to ${actual.location ?? 'nowhere'}`,
      actual,
      expected: { status: status ?? actual.status, location },
    };
  },
  /** The flash cookie the response sets: its message, or its kind and message. */
  toHaveFlash(response: Response, expected: string | Flash) {
    const flash = flashOf(response);
    const actual = typeof expected === 'string' ? flash?.message : flash;
    return {
      pass: this.equals(actual, expected),
      message: () => `expected ${this.isNot ? 'no ' : ''}flash ${this.utils.printExpected(expected)}, got ${this.utils.printReceived(actual ?? null)}`,
      actual,
      expected,
    };
  },
});

interface ResponseMatchers<R = unknown> {
  toRedirectTo: (location: string, status?: number) => R;
  toHaveFlash: (expected: string | Flash) => R;
}

declare module 'vitest' {
  // Vitest's way to add matchers: its own interface, merged, with its own type parameters.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends ResponseMatchers<R> {}
}
