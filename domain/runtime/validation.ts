/** Turning zod errors into one clear `INVALID_INPUT` failure: a person-readable message, the field apart. */
import type { z } from 'zod';
import type { ApiFailure } from '../../typings/api';
import { personMessage } from '../../typings/fields';

/** Dotted field path of a zod issue, e.g. `child.idNumber` or `members.0.income`. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map((p) => String(p)).join('.');
}

/**
 * The first issue as the headline, every issue in `details`. The message is what a person reads (it names the
 * field in words, `请填写姓名`); the field's path travels in `field` (prefixed with `prefix`, e.g. `form`), never
 * in the message.
 */
export function zodFailure(error: z.ZodError, root: string, prefix = ''): ApiFailure {
  const issues = error.issues.map((issue) => {
    const path = issuePath(issue);
    const field = prefix ? (path ? `${prefix}.${path}` : prefix) : path || root;
    return { field, message: personMessage(issue) };
  });
  const first = issues[0] ?? { field: root, message: '输入不正确' };
  return {
    ok: false,
    code: 'INVALID_INPUT',
    message: first.message,
    field: first.field || undefined,
    details: issues,
  };
}

/** Deepest nesting an event may have: every contract needs fewer than 10 levels. */
export const MAX_EVENT_DEPTH = 32;

/** True when `value` nests arrays/objects deeper than `limit` (checked without recursion, stopping early). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
