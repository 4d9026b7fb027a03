/**
 * The deployment's holiday schedule (`holidays`: public holidays and 调休 working weekends), which the city
 * administrator keeps (`cases.setHoliday`); the working-day arithmetic is `common/china-time`.
 */
import { calendarFrom, chinaDate, DAY_MS, type WorkCalendar } from '../../common/china-time';
import type { Database } from '../runtime/db';
import { readAll } from '../runtime/paging';

export const HOLIDAYS_COLLECTION = 'holidays';

/** Load the calendar around an instant (a few dozen rows a year). */
export async function loadCalendar(db: Database, around: Date): Promise<WorkCalendar> {
  const _ = db.command;
  const from = chinaDate(new Date(around.getTime() - 60 * DAY_MS));
  const to = chinaDate(new Date(around.getTime() + 400 * DAY_MS));
  const data = await readAll<{ _id: string; date: string; kind: string }>(db, HOLIDAYS_COLLECTION, {
    date: _.and(_.gte(from), _.lte(to)),
  });
  return calendarFrom(data);
}
