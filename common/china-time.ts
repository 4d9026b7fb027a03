/**
 * China time and working days: the one calendar of the project. Pure (no I/O, no Node APIs), so the contracts,
 * the domain and the mini-program's contracts bundle share it.
 *
 * Days are China Standard Time (UTC+8, no DST) whatever the server's or phone's zone. Weekends are rest days;
 * a calendar adds public holidays and the adjusted working weekends of 调休. A period of N working days ends at
 * 24:00 (China time) of the N-th working day after the day it starts (deadlines, notice periods).
 */

/** UTC+8, the only offset in the project. */
export const CHINA_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 24 * 3600_000;

/** A holiday schedule: `YYYY-MM-DD` dates (China time). */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休上班). */
  workdays: ReadonlySet<string>;
}

/** A calendar as data carries it (an aid round's `calendar`): lists of dates. */
export interface CalendarLists {
  holidays: readonly string[];
  workdays: readonly string[];
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** A calendar from either form. */
export function toCalendar(cal: WorkCalendar | CalendarLists = EMPTY_CALENDAR): WorkCalendar {
  return cal.holidays instanceof Set
    ? (cal as WorkCalendar)
    : { holidays: new Set(cal.holidays), workdays: new Set(cal.workdays) };
}

/** A calendar from `holidays` documents (`kind: 'holiday' | 'workday'`). */
export function calendarFrom(entries: readonly { _id?: string; date?: string; kind: string }[]): WorkCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const e of entries) {
    const date = e.date ?? e._id ?? '';
    if (e.kind === 'holiday') holidays.add(date);
    else if (e.kind === 'workday') workdays.add(date);
  }
  return { holidays, workdays };
}

/** The instant as China wall-clock time in a UTC `Date` (read it with getUTC* / toISOString). */
const wall = (at: Date | number) => new Date((typeof at === 'number' ? at : at.getTime()) + CHINA_OFFSET_MS);

/** `YYYY-MM-DD` of the China day containing `at`. */
export function chinaDate(at: Date): string {
  return wall(at).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` in China time. */
export function chinaMinute(at: Date): string {
  return wall(at).toISOString().slice(0, 16).replace('T', ' ');
}

/** `YYYYMM` of the China month containing `at`. */
export function chinaMonth(at: Date): string {
  return wall(at).toISOString().slice(0, 7).replace('-', '');
}

/** The instant a China date starts (00:00 +08:00). */
export function chinaDayStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** The date `days` after a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when the China date `date` is a working day of the calendar. */
export function isWorkingDay(date: string, cal: WorkCalendar | CalendarLists = EMPTY_CALENDAR): boolean {
  const c = toCalendar(cal);
  if (c.workdays.has(date)) return true;
  if (c.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The end (24:00 China time, as an instant) of the `days`-th working day after the day of `start`; with 0, the
 * end of the start day.
 */
export function addWorkingDays(start: Date, days: number, cal: WorkCalendar | CalendarLists = EMPTY_CALENDAR): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error('days must be a non-negative integer');
  const c = toCalendar(cal);
  let date = chinaDate(start);
  for (let counted = 0, guard = 0; counted < days; guard += 1) {
    if (guard > 3660) throw new Error('calendar has no working days');
    date = addDays(date, 1);
    if (isWorkingDay(date, c)) counted += 1;
  }
  return chinaDayStart(addDays(date, 1));
}

/**
 * When a notice published at `publishedAt` for `workingDays` working days ends: whole working days from the day
 * after publication, ending at 24:00 China time of the last one.
 */
export function noticeEndsAt(
  publishedAt: Date,
  workingDays: number,
  cal: WorkCalendar | CalendarLists = EMPTY_CALENDAR,
): Date {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new Error('workingDays must be a positive integer');
  return addWorkingDays(publishedAt, workingDays, cal);
}
