/**
 * Form helpers shared by every form page: instant validation with the contract's own zod schema,
 * and the server's field errors placed next to the same fields.
 *
 * Field keys are the dotted path with `.` → `_` (`applicant.name` → `applicant_name`), so WXML
 * can read them as `errors.applicant_name`.
 */
import { personMessage, type ApiFailure } from '@union/contracts';
import type { z } from 'zod';

/** Messages by field key; key `_` = the whole form (no field named). */
export type FieldErrors = Record<string, string>;

/** `applicant.name` / `['applicant', 'name']` → `applicant_name`. */
export function errorKey(path: string | ReadonlyArray<PropertyKey>): string {
  const parts = typeof path === 'string' ? path.split('.') : path.map(String);
  return parts.join('_');
}

/** The first message of each field. */
export function issuesToErrors(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
  strip = '',
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    let path = issue.path.map(String);
    if (strip && path[0] === strip) path = path.slice(1);
    const key = errorKey(path);
    if (!(key in errors)) errors[key] = personMessage(issue);
  }
  return errors;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/** Validate with a contract schema (synchronously, so it can run inside a tap handler). */
export function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: issuesToErrors(parsed.error.issues) };
}

/** The errors to show for one field only (for validation as the person leaves a field). */
export function errorsFor(all: FieldErrors, key: string): string {
  return all[key] ?? '';
}

/**
 * A server failure as field errors: `field` (`form.facts`, `applicant.idNumber`) names where the
 * message goes; `strip` removes a wrapper prefix such as `form`. Without a field, key `_`.
 */
export function failureToErrors(failure: ApiFailure, strip = ''): FieldErrors {
  if (!failure.field) return { _: failure.message };
  let parts = failure.field.split('.');
  if (strip && parts[0] === strip) parts = parts.slice(1);
  return { [errorKey(parts)]: failure.message };
}
