// The one sanitiser for every redirect target that comes from a request (a form's or the query's
// `redirectTo`, Clerk's fallback redirect): a same-site path, or the fallback. Never another origin,
// and never a value that cannot go into a Location header (that answered 500).

const PROBE_ORIGIN = 'http://reen.invalid';
const MAX_LENGTH = 2048;

/**
 * `value` when it is a same-site path (`/orders?page=2`), else `fallback`. Refused:
 * - anything but printable ASCII: browsers drop tabs and newlines inside a URL (`/\t/evil.com`
 *   becomes `//evil.com`), `\r\n` and `\v` cannot go into a header, and unicode look-alikes of `/`
 *   have no business in our paths (the browser's own location is always percent-encoded);
 * - whatever does not start with one `/` (`//host`, `/\host`, `https:`, `javascript:`), or a path
 *   with a backslash (browsers read it as `/`);
 * - a path that, percent-decoded once more, would hold a control character or a backslash or
 *   start with `//` (a proxy or a later redirect may decode it), and malformed percent-encoding;
 * - anything the URL parser resolves to another origin, as a last check.
 */
export function safeRedirectPath(value: FormDataEntryValue | string | null | undefined, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  if (!/^[\x21-\x7e]+$/.test(value)) return fallback;
  const path = value.split(/[?#]/, 1)[0]!;
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return fallback;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (decoded.startsWith('//') || /[\x00-\x1f\x7f\\]/.test(decoded)) return fallback;
  if (!URL.canParse(value, PROBE_ORIGIN) || new URL(value, PROBE_ORIGIN).origin !== PROBE_ORIGIN) return fallback;
  return value;
}
