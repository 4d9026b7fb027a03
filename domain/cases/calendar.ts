/**
 * The working-day calendar for time limits. Days are China Standard Time (UTC+8, no DST) whatever
 * the server's zone. Weekends are rest days; the `holidays` collection adds public holidays
 * (`kind: 'holiday'`) and the adjusted working weekends of 调休 (`kind: 'workday'`).
 *
 * A time limit of N working days ends at 24:00 (CST) of the N-th working day after the start day.
 */
import { readAll } from '../runtime/paging';
import type { Database } from '../runtime/db';

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export const HOLIDAYS_COLLECTION = 'holidays';

/** A calendar: dates as `YYYY-MM-DD` (CST). */
export interface WorkCalendar {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export const EMPTY_CALENDAR: WorkCalendar = { holidays: new Set(), workdays: new Set() };

/** Build a calendar from `holidays` documents. */
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

/** `YYYY-MM-DD` of the CST day containing `at`. */
export function cstDate(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** True when the CST day `date` is a working day of the calendar. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The end (24:00 CST, as an instant) of the `days`-th working day after the day of `start`. */
export function addWorkingDays(start: Date, days: number, cal: WorkCalendar): Date {
  if (!Number.isInteger(days) || days < 0) throw new Error('days must be a non-negative integer');
  // Midnight CST at the start of the start day, as a UTC instant.
  let dayStart = Math.floor((start.getTime() + CST_OFFSET_MS) / DAY_MS) * DAY_MS - CST_OFFSET_MS;
  if (days === 0) return new Date(dayStart + DAY_MS);
  let counted = 0;
  for (let guard = 0; guard < 3660; guard += 1) {
    dayStart += DAY_MS;
    if (isWorkingDay(cstDate(new Date(dayStart)), cal)) {
      counted += 1;
      if (counted === days) return new Date(dayStart + DAY_MS);
    }
  }
  throw new Error('calendar has no working days');
}

/** Load the calendar from the `holidays` collection (a few dozen rows a year). */
export async function loadCalendar(db: Database, around: Date): Promise<WorkCalendar> {
  const _ = db.command;
  const from = cstDate(new Date(around.getTime() - 60 * DAY_MS));
  const to = cstDate(new Date(around.getTime() + 400 * DAY_MS));
  const data = await readAll<{ _id: string; date: string; kind: string }>(db, HOLIDAYS_COLLECTION, {
    date: _.and(_.gte(from), _.lte(to)),
  });
  return calendarFrom(data);
}
