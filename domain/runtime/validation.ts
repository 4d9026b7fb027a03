/** Turning zod errors into one clear `INVALID_INPUT` failure that names the field. */
import type { z } from 'zod';
import type { ApiFailure } from '../../typings/api';

/** Dotted field path of a zod issue, e.g. `child.idNumber` or `members.0.income`. */
export function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map((p) => String(p)).join('.');
}

/** The first issue as the headline (field + message), every issue in `details`. */
export function zodFailure(error: z.ZodError, root: string): ApiFailure {
  const issues = error.issues.map((issue) => ({ field: issuePath(issue) || root, message: issue.message }));
  const first = issues[0] ?? { field: root, message: '输入不正确' };
  return {
    ok: false,
    code: 'INVALID_INPUT',
    message: first.field && first.field !== 'input' ? `${first.field}：${first.message}` : first.message,
    field: first.field || undefined,
    details: issues,
  };
}
