import { describe, expect, it } from 'vitest';
import { formatHumanDate, resolveTimeZone } from './dates.ts';

describe('formatHumanDate', () => {
  const now = new Date('2026-03-10T18:30:00Z');

  it('says today and yesterday, in UTC', () => {
    expect(formatHumanDate(new Date('2026-03-10T15:04:00Z'), 'UTC', now)).toBe('Today at 3:04 PM');
    expect(formatHumanDate(new Date('2026-03-10T00:00:00Z'), 'UTC', now)).toBe('Today at 12:00 AM');
    expect(formatHumanDate(new Date('2026-03-09T23:59:00Z'), 'UTC', now)).toBe('Yesterday at 11:59 PM');
  });

  it('gives the month and day this year, and the year otherwise', () => {
    expect(formatHumanDate(new Date('2026-03-04T09:05:00Z'), 'UTC', now)).toBe('Mar 4 at 9:05 AM');
    expect(formatHumanDate(new Date('2026-01-01T00:00:00Z'), 'UTC', now)).toBe('Jan 1 at 12:00 AM');
    expect(formatHumanDate(new Date('2025-12-31T23:00:00Z'), 'UTC', now)).toBe('Dec 31, 2025 at 11:00 PM');
    expect(formatHumanDate(new Date('2024-03-04T15:04:00Z'), 'UTC', now)).toBe('Mar 4, 2024 at 3:04 PM');
  });

  it('counts days in the viewer’s zone, not in UTC', () => {
    // 18:30 UTC on Mar 10 is already 03:30 on Mar 11 in Tokyo.
    expect(formatHumanDate(new Date('2026-03-10T17:00:00Z'), 'Asia/Tokyo', now)).toBe('Today at 2:00 AM');
    expect(formatHumanDate(new Date('2026-03-10T10:00:00Z'), 'Asia/Tokyo', now)).toBe('Yesterday at 7:00 PM');
    // And 18:30 UTC is still Mar 10 in Los Angeles, where 05:00 UTC on Mar 10 was the evening before.
    expect(formatHumanDate(new Date('2026-03-10T05:00:00Z'), 'America/Los_Angeles', now)).toBe('Yesterday at 10:00 PM');
    // New Year in UTC is still last year in New York.
    const newYear = new Date('2027-01-01T02:00:00Z');
    expect(formatHumanDate(new Date('2026-06-01T12:00:00Z'), 'America/New_York', newYear)).toBe('Jun 1 at 8:00 AM');
    expect(formatHumanDate(new Date('2026-06-01T12:00:00Z'), 'UTC', newYear)).toBe('Jun 1, 2026 at 12:00 PM');
  });

  it('reads the same date anew as days and years pass, to the minute', () => {
    const date = new Date('2026-12-31T22:15:00Z');
    expect(formatHumanDate(date, 'UTC', new Date('2026-12-31T23:59:59Z'))).toBe('Today at 10:15 PM');
    expect(formatHumanDate(date, 'UTC', new Date('2027-01-01T00:00:00Z'))).toBe('Yesterday at 10:15 PM');
    expect(formatHumanDate(date, 'UTC', new Date('2027-01-02T00:00:00Z'))).toBe('Dec 31, 2026 at 10:15 PM');
    expect(formatHumanDate(date, 'UTC', new Date('2026-12-31T23:00:00Z'))).toBe('Today at 10:15 PM');
    expect(formatHumanDate(new Date('2026-12-30T12:00:00Z'), 'UTC', new Date('2027-01-05T00:00:00Z'))).toBe('Dec 30, 2026 at 12:00 PM');
    expect(formatHumanDate(new Date('2026-12-30T12:00:00Z'), 'UTC', new Date('2026-12-31T23:00:00Z'))).toBe('Yesterday at 12:00 PM');
    expect(formatHumanDate(new Date('2026-12-29T12:00:00Z'), 'UTC', new Date('2026-12-31T23:00:00Z'))).toBe('Dec 29 at 12:00 PM');
    // The same instant in another zone is another day there.
    expect(formatHumanDate(date, 'Asia/Tokyo', new Date('2027-01-01T00:00:00Z'))).toBe('Today at 7:15 AM');
  });
});

describe('resolveTimeZone', () => {
  it('keeps a zone Intl knows and falls back to UTC otherwise', () => {
    expect(resolveTimeZone('Europe/Paris')).toBe('Europe/Paris');
    expect(resolveTimeZone('Mars/Olympus_Mons')).toBe('UTC');
    expect(resolveTimeZone('')).toBe('UTC');
    expect(resolveTimeZone(null)).toBe('UTC');
    expect(resolveTimeZone('x'.repeat(200))).toBe('UTC');
  });
});
