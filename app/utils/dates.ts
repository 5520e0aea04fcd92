// Dates the human way, in the viewer's time zone: "Today at 3:04 PM", "Yesterday at 3:04 PM",
// "Mar 4 at 3:04 PM", "Mar 4, 2024 at 3:04 PM".
import { LruMap } from './lru-map.ts';

const DEFAULT_TIME_ZONE = 'UTC';

/** The zone itself when Intl knows it, else UTC. */
export function resolveTimeZone(value: string | null | undefined): string {
  if (!value || value.length > 64) return DEFAULT_TIME_ZONE;
  try {
    // Not through formatter(): any spelling Intl accepts ("utc", "Utc"...) would be kept.
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

const FORMATS = {
  day: { year: 'numeric', month: 'numeric', day: 'numeric' },
  time: { hour: 'numeric', minute: '2-digit' },
  monthDay: { month: 'short', day: 'numeric' },
  monthDayYear: { month: 'short', day: 'numeric', year: 'numeric' },
  monthDayYearTimeZone: { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Making an Intl.DateTimeFormat costs far more than using one (a list of users made dozens per
 * page), so each is made once per zone. Callers pass zones from resolveTimeZone, whose canonical
 * names are a few hundred at most.
 */
export function formatter(timeZone: string, format: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${timeZone}\n${format}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat('en-US', { timeZone, ...FORMATS[format] });
    formatters.set(key, made);
  }
  return made;
}

/** Days since the epoch of the calendar day `date` falls on in `timeZone`, and its year. */
function calendarDay(date: Date, timeZone: string) {
  // The 'day' format reads "M/D/YYYY" in en-US. format() costs about half of what formatToParts() does.
  const [month, day, year] = formatter(timeZone, 'day').format(date).split('/').map(Number) as [number, number, number];
  return { day: Date.UTC(year, month - 1, day) / 86_400_000, year };
}

/**
 * Today's calendar day in `timeZone`, worked out once a minute: today's zones are whole minutes
 * apart from UTC, so a day never begins inside a minute.
 */
const todays = new Map<string, { minute: number; day: number; year: number }>();

function calendarToday(now: Date, timeZone: string) {
  const minute = Math.floor(now.getTime() / 60_000);
  let today = todays.get(timeZone);
  if (today?.minute !== minute) {
    today = { minute, ...calendarDay(now, timeZone) };
    todays.set(timeZone, today);
  }
  return today;
}

type DateParts = { time: string; day: number; year: number; monthDay?: string; monthDayYear?: string };

/**
 * What a date reads as in a zone never changes, and the same dates come back on every page of a
 * list (its rows are shared by every viewer, ADR 026): each is formatted once, not four times per
 * row on every request.
 */
const partsOfDates = new LruMap<DateParts>(10_000);

function partsOf(date: Date, timeZone: string): DateParts {
  const key = `${timeZone}\n${date.getTime()}`;
  let parts = partsOfDates.get(key);
  if (!parts) {
    // ICU puts a narrow no-break space before AM/PM; a plain space reads (and searches) the same.
    parts = { time: formatter(timeZone, 'time').format(date).replace(/\s/g, ' '), ...calendarDay(date, timeZone) };
    partsOfDates.set(key, parts);
  }
  return parts;
}

export function formatHumanDate(date: Date, timeZone: string, now: Date = new Date()): string {
  const then = partsOf(date, timeZone);
  const today = calendarToday(now, timeZone);
  if (then.day === today.day) return `Today at ${then.time}`;
  if (then.day === today.day - 1) return `Yesterday at ${then.time}`;
  const day =
    then.year === today.year
      ? (then.monthDay ??= formatter(timeZone, 'monthDay').format(date))
      : (then.monthDayYear ??= formatter(timeZone, 'monthDayYear').format(date));
  return `${day} at ${then.time}`;
}
