/**
 * CloudBase timer cron: 7 fields `second minute hour day-of-month month day-of-week year` (the year may be
 * omitted). Each field takes `*`, `?` (day fields), numbers, `a-b` ranges, `a,b` lists and `/step`;
 * months and weekdays also take English names (JAN, MON). Day-of-week 0 or 7 = Sunday. When both day fields are
 * restricted a day matches either (standard cron). Like CloudBase, schedules are read in China time (UTC+8, no
 * daylight saving), whatever the host's time zone.
 */

/** CloudBase evaluates timer crons in UTC+8. */
export const CLOUDBASE_TZ_OFFSET_MIN = 480;

interface Field {
  min: number;
  max: number;
  names?: string[];
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { min: 1970, max: 2199 },
];

/** A parsed cron expression. */
export interface CronSchedule {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number> | undefined;
  dayAny: boolean;
  weekdayAny: boolean;
}

function value(text: string, field: Field, offset: number): number {
  const upper = text.toUpperCase();
  const named = field.names?.indexOf(upper) ?? -1;
  const n = named >= 0 ? named + offset : Number(upper);
  if (!Number.isInteger(n) || n < field.min || n > field.max) throw new Error(`bad cron value "${text}"`);
  return n;
}

function parseField(text: string, field: Field, offset: number): { set: Set<number>; any: boolean } {
  const set = new Set<number>();
  const any = text === '*' || text === '?';
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad cron step "${part}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = field.min;
      hi = field.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = value(a, field, offset);
      hi = value(b, field, offset);
    } else {
      lo = value(range, field, offset);
      hi = stepText === undefined ? lo : field.max;
    }
    if (lo > hi) throw new Error(`bad cron range "${part}"`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, any };
}

/** Parse a 6- or 7-field cron expression (throws on a malformed one). */
export function parseCron(expr: string): CronSchedule {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 6 && parts.length !== 7) throw new Error(`cron needs 6 or 7 fields: "${expr}"`);
  const f = parts.map((p, i) => parseField(p, FIELDS[i], i === 4 ? 1 : 0));
  const weekdays = new Set([...f[5].set].map((d) => d % 7));
  return {
    seconds: f[0].set,
    minutes: f[1].set,
    hours: f[2].set,
    days: f[3].set,
    months: f[4].set,
    weekdays,
    years: parts.length === 7 && !f[6].any ? f[6].set : undefined,
    dayAny: f[3].any,
    weekdayAny: f[5].any,
  };
}

/** `d` holds wall-clock time in its UTC fields. */
function dayMatches(s: CronSchedule, d: Date): boolean {
  if (!s.months.has(d.getUTCMonth() + 1)) return false;
  if (s.years && !s.years.has(d.getUTCFullYear())) return false;
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  if (s.dayAny && s.weekdayAny) return true;
  if (s.dayAny) return dow;
  if (s.weekdayAny) return dom;
  return dom || dow;
}

/**
 * The first time strictly after `after` that matches, or undefined within the next 5 years. The schedule is read
 * in a fixed UTC offset (default UTC+8, as CloudBase does).
 */
export function nextFire(s: CronSchedule, after: Date, tzOffsetMin = CLOUDBASE_TZ_OFFSET_MIN): Date | undefined {
  const shift = tzOffsetMin * 60_000;
  const start = after.getTime() - (after.getTime() % 1000) + 1000 + shift; // wall clock, in UTC fields
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  const hours = sorted(s.hours);
  const minutes = sorted(s.minutes);
  const seconds = sorted(s.seconds);
  const first = new Date(start);
  const day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
  for (let i = 0; i < 366 * 5; i++, day.setUTCDate(day.getUTCDate() + 1)) {
    if (!dayMatches(s, day)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        for (const sec of seconds) {
          const t = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m, sec);
          if (t >= start) return new Date(t - shift);
        }
      }
    }
  }
  return undefined;
}
