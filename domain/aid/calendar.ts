/**
 * Working days for notice periods (公示期), in China time (UTC+8). Weekends are rest days unless listed as
 * make-up working days (调休); listed public holidays are rest days. Both lists are data: the round carries
 * them (`calendar`), so the city administrator sets each year's published holiday schedule.
 */

/** A holiday schedule: `YYYY-MM-DD` dates. */
export interface WorkCalendar {
  holidays: readonly string[];
  /** Weekend days that are working days (调休上班). */
  workdays: readonly string[];
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: [], workdays: [] };

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The China-time calendar date `YYYY-MM-DD` of an instant. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China-time date starts (00:00 +08:00). */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when `date` (`YYYY-MM-DD`) is a working day under `calendar`. */
export function isWorkingDay(date: string, calendar: WorkCalendar = EMPTY_CALENDAR): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * When a notice published at `publishedAt` for `workingDays` working days ends: the period counts whole
 * working days starting the day after publication (China time) and ends at 24:00 +08:00 of the last one.
 */
export function noticeEndsAt(publishedAt: Date, workingDays: number, calendar: WorkCalendar = EMPTY_CALENDAR): Date {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new Error('workingDays must be a positive integer');
  let date = chinaDate(publishedAt);
  let counted = 0;
  while (counted < workingDays) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return chinaDayStart(addDays(date, 1));
}
