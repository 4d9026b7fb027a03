/**
 * The base of every API contract shared by the mini-program and the cloud functions.
 *
 * A function is called with `{ action, input, requestId? }`; it answers an {@link ApiResult}.
 * Each action is declared once with {@link action}: its zod input schema (the authority on the
 * server, instant feedback on the phone) and, as a phantom type, its output.
 */
import { z } from 'zod';
// The CommonJS build of zod's zh-CN messages: loads in jest, the functions and the mini-program alike,
// and keeps the other languages out of the bundles.
import zhCN from 'zod/v4/locales/zh-CN.cjs';

/** The closed set of error codes every client handles in one `switch`. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'PROFILE_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'DUPLICATE',
  'PRECONDITION_FAILED',
  'CONTENT_RISKY',
  'RATE_LIMITED',
  'UNKNOWN_ACTION',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failed call: a literal code, a plain-Chinese message for people, and the field at fault if any. */
export interface ApiFailure {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Dotted path of the input field at fault, e.g. `child.idNumber`. */
  field?: string;
  /** Extra machine-readable detail (e.g. every invalid field), never personal data. */
  details?: unknown;
}
export interface ApiSuccess<T> {
  ok: true;
  data: T;
}
export type ApiResult<T> = ApiSuccess<T> | ApiFailure;

/** The event a cloud function of this project receives. */
export interface ApiEvent {
  action: string;
  input?: unknown;
  /** Client request id: a retry with the same id returns the first result. */
  requestId?: string;
}

/** One action's contract: input schema and (phantom) output type. */
export interface ActionContract<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  /** Phantom marker: never read at run time. */
  readonly __output?: O;
}

/** Declare an action: `action(schema).returns<Output>()`. */
export function action<I extends z.ZodType>(input: I) {
  return {
    returns<O>(): ActionContract<I, O> {
      return { input };
    },
  };
}

/** A function's contract: its actions by name. */
export type FunctionContract = Record<string, ActionContract>;

export type InputOf<C> = C extends ActionContract<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<C> = C extends ActionContract<infer I, unknown> ? z.output<I> : never;
export type OutputOf<C> = C extends ActionContract<z.ZodType, infer O> ? O : never;

/** The empty input most read actions take. */
export const NoInput = z.object({}).strict();

// Plain-Chinese default messages for every schema, on the phone and in the function alike.
z.config(zhCN());
