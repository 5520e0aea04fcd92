// The viewer's time zone, from the `tz` cookie that a small script in the root sets in the browser
// (see TIME_ZONE_SCRIPT). Without it (first visit, no JavaScript) dates are shown in UTC.
import { resolveTimeZone } from './dates.ts';

export function getTimeZone(request: Request): string {
  const cookies = request.headers.get('Cookie') ?? '';
  const raw = cookies.match(/(?:^|;\s*)tz=([^;]*)/)?.[1];
  if (!raw) return resolveTimeZone(null);
  try {
    return resolveTimeZone(decodeURIComponent(raw));
  } catch {
    return resolveTimeZone(null);
  }
}
