// Matchers for what the tests check over and over: where a response sends the browser, and the
// flash message it carries. Registered for every test file (vitest.config.ts).
import { expect } from 'vitest';
import { cookiesFrom, flashOf, type TestServer } from './http.ts';
import { decodeEntities } from './page-text.ts';

type Flash = { kind: string; message: string };
/** Who follows a redirect: the server, and the cookie of the browser that sent the request. */
type Browser = { server: TestServer; cookie?: string };

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
  /**
   * The flash message as the person sees it: the redirect followed with the browser's cookies and
   * the ones the response set, and the message found in the page the server renders there.
   */
  async toShowFlash(response: Response, expected: string | Flash, { server, cookie }: Browser) {
    const location = response.headers.get('location');
    const shown = location ? shownFlash(await (await server.request(location, { headers: { Cookie: withCookies(cookie, response) } })).text()) : null;
    const actual = typeof expected === 'string' ? shown?.message : shown;
    return {
      pass: this.equals(actual, expected),
      message: () =>
        location
          ? `expected ${location} to show ${this.isNot ? 'no ' : ''}flash ${this.utils.printExpected(expected)}, it shows ${this.utils.printReceived(actual ?? null)}`
          : `expected a redirect to follow, got ${response.status} to nowhere`,
      actual,
      expected,
    };
  },
});

/** The browser's cookies with the ones `response` sets, which replace those of the same name. */
function withCookies(cookie: string | undefined, response: Response): string {
  const jar = new Map<string, string>();
  for (const pair of [cookie, cookiesFrom(response)].flatMap((header) => header?.split('; ') ?? [])) {
    const name = pair.slice(0, pair.indexOf('='));
    if (pair.endsWith('='))
      jar.delete(name); // an emptied cookie: the browser drops it
    else if (name) jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

/** The flash toast of a rendered page: its kind and its text (tags gone, React's entities decoded). */
function shownFlash(html: string): Flash | null {
  const match = /data-testid="flash" data-kind="([^"]*)"[^>]*><p[^>]*>(.*?)<\/p>/s.exec(html);
  if (!match) return null;
  return { kind: match[1]!, message: decodeEntities(match[2]!.replace(/<!--.*?-->|<[^>]+>/gs, '')) };
}

interface ResponseMatchers<R = unknown> {
  toRedirectTo: (location: string, status?: number) => R;
  toHaveFlash: (expected: string | Flash) => R;
  toShowFlash: (expected: string | Flash, browser: Browser) => Promise<R>;
}

declare module 'vitest' {
  // Vitest's way to add matchers: its own interface, merged, with its own type parameters.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void> = void | Promise<void>, T = unknown> extends ResponseMatchers<R> {}
}
