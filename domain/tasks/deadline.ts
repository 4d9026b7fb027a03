/**
 * Supervision lights (三色督办): a task's deadline is 24:00 (UTC+8) of its date; green until 3 days before it, yellow
 * from then, red once it has passed; a finished part has no light. An approved extension moves the date
 * (`data.deadline` on the recipient's part).
 */
import { addDays, chinaDayStart } from '../../common/china-time';
import { TASK_LIGHT_LABELS, type TaskLight } from '../../typings/tasks';

/** Days before the deadline from which a part is yellow. */
export const YELLOW_DAYS = 3;

/** The instant a deadline date ends (24:00 UTC+8). */
export function deadlineEnd(date: string): Date {
  return chinaDayStart(addDays(date, 1));
}

/** A recipient's part's deadline: the approved extension's date, else the task's. */
export function effectiveDeadline(c: { form: Record<string, unknown>; data?: Record<string, unknown> }): string {
  const extended = c.data?.deadline;
  return typeof extended === 'string' ? extended : String(c.form.deadline);
}

export function lightOf(deadline: string, finished: boolean, now: Date): TaskLight {
  if (finished) return 'none';
  const end = deadlineEnd(deadline).getTime();
  if (now.getTime() >= end) return 'red';
  if (now.getTime() >= end - YELLOW_DAYS * 24 * 3600_000) return 'yellow';
  return 'green';
}

export const lightLabel = (light: TaskLight) => TASK_LIGHT_LABELS[light];
