// Dates the human way, in the viewer's time zone: "Today at 3:04 PM", "Yesterday at 3:04 PM",
// "Mar 4 at 3:04 PM", "Mar 4, 2024 at 3:04 PM".

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
  // The 'day' format reads "M/D/YYYY" in en-US. A list formats two of these per row, and format()
  // costs about half of what formatToParts() does.
  const [month, day, year] = formatter(timeZone, 'day').format(date).split('/').map(Number) as [number, number, number];
  return { day: Date.UTC(year, month - 1, day) / 86_400_000, year };
}

export function formatHumanDate(date: Date, timeZone: string, now: Date = new Date()): string {
  // ICU puts a narrow no-break space before AM/PM; a plain space reads (and searches) the same.
  const time = formatter(timeZone, 'time').format(date).replace(/\s/g, ' ');
  const then = calendarDay(date, timeZone);
  const today = calendarDay(now, timeZone);
  if (then.day === today.day) return `Today at ${time}`;
  if (then.day === today.day - 1) return `Yesterday at ${time}`;
  const day = formatter(timeZone, then.year === today.year ? 'monthDay' : 'monthDayYear').format(date);
  return `${day} at ${time}`;
}
