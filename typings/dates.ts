/**
 * The one calendar-date field schema. Every date a person or a staff member enters (`YYYY-MM-DD`: holidays,
 * round dates, employment start, visit and payment dates) is validated by it, on the phone and in the function:
 * a day that exists on the calendar, in a plausible year, with a message naming the field.
 * `tests/unit/calendar-date.test.ts` fails if a contract checks a date any other way.
 */
import { z } from 'zod';
import { checkCalendarDate } from '../domain/security/validators';
import { fieldError, missingMessage } from './fields';

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30, 2026-13-01, 2025-02-29 or 0000-00-00). */
export function CalendarDate(label = '日期') {
  const format = `${label}应写成“年-月-日”，如 2026-03-01`;
  return z
    .string({ error: fieldError(label, format, '选择') })
    .max(20, { error: format })
    .transform((value, ctx) => {
      if (!value.trim()) {
        ctx.addIssue({ code: 'custom', message: missingMessage(label, '选择') });
        return z.NEVER;
      }
      const checked = checkCalendarDate(value);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', message: `${label}${checked.message}` });
        return z.NEVER;
      }
      return checked.value;
    });
}
