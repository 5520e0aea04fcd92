// Dates the human way, in the viewer's time zone: "Today at 3:04 PM", "Yesterday at 3:04 PM",
// "Mar 4 at 3:04 PM", "Mar 4, 2024 at 3:04 PM".

export const DEFAULT_TIME_ZONE = 'UTC';

/** The zone itself when Intl knows it, else UTC. */
export function resolveTimeZone(value: string | null | undefined): string {
  if (!value || value.length > 64) return DEFAULT_TIME_ZONE;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** Days since the epoch of the calendar day `date` falls on in `timeZone`. */
function calendarDay(date: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { day: Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000, year: part('year') };
}

export function formatHumanDate(date: Date, timeZone: string, now: Date = new Date()): string {
  // ICU puts a narrow no-break space before AM/PM; a plain space reads (and searches) the same.
  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(date).replace(/\s/g, ' ');
  const then = calendarDay(date, timeZone);
  const today = calendarDay(now, timeZone);
  if (then.day === today.day) return `Today at ${time}`;
  if (then.day === today.day - 1) return `Yesterday at ${time}`;
  const day = new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    ...(then.year === today.year ? {} : { year: 'numeric' }),
  }).format(date);
  return `${day} at ${time}`;
}
