/**
 * The one typed way the mini-program talks to its cloud functions.
 *
 * `callApi('grid', 'tree', {})` is typed from `typings/` (the shared contracts): the action name,
 * its input and its output. It never throws: a transport failure (no network, function crashed,
 * rate limited) comes back as an {@link ApiFailure} with a plain-Chinese message, so every page
 * handles every outcome in one `switch` on `code`.
 */
import type {
  ActionName,
  ApiFailure,
  ApiResult,
  Contracts,
  ErrorCode,
  FunctionName,
  InputOf,
  OutputOf,
} from '@union/contracts';

/** The contract of one action of one function. */
export type ContractOf<F extends FunctionName, A extends ActionName<F>> = Contracts[F][A];
/** What an action takes (before parsing: what the user typed). */
export type CallInput<F extends FunctionName, A extends ActionName<F>> = InputOf<ContractOf<F, A>>;
/** What an action answers when it succeeds. */
export type CallOutput<F extends FunctionName, A extends ActionName<F>> = OutputOf<ContractOf<F, A>>;

export interface CallOptions {
  /** Client request id for a submission: reuse it for every retry of the same submit tap. */
  requestId?: string;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
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
]);

/** Plain-Chinese messages for failures that never reached our code. */
export const TRANSPORT_MESSAGES = {
  network: '网络不太好，请检查网络后再试一次。',
  busy: '现在办理的人较多，请稍等一会儿再试。',
  server: '服务暂时出了点问题，请稍后再试。',
} as const;

/** Cloud error codes that mean "too many requests" (CloudBase quota / frequency limits). */
const RATE_LIMIT_ERR_CODES: ReadonlySet<number> = new Set([-501004, -501005, -501009, -501011, -501014, -502003]);

/** Call `fn.action(input)`; resolves to the function's tagged result or a transport failure. */
export async function callApi<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: CallInput<F, A>,
  opts: CallOptions = {},
): Promise<ApiResult<CallOutput<F, A>>> {
  const data: Record<string, unknown> = { action, input };
  if (opts.requestId) data.requestId = opts.requestId;
  try {
    const res = await wx.cloud.callFunction({ name: fn, data });
    return toResult<CallOutput<F, A>>(res.result);
  } catch (err) {
    return transportFailure(err);
  }
}

/** Check the shape of what a function answered; anything else is an `INTERNAL` failure. */
export function toResult<T>(raw: unknown): ApiResult<T> {
  if (raw && typeof raw === 'object' && 'ok' in raw) {
    const r = raw as {
      ok: unknown;
      data?: unknown;
      code?: unknown;
      message?: unknown;
      field?: unknown;
      details?: unknown;
    };
    if (r.ok === true) return { ok: true, data: r.data as T };
    if (r.ok === false && typeof r.code === 'string') {
      const code: ErrorCode = KNOWN_CODES.has(r.code) ? (r.code as ErrorCode) : 'INTERNAL';
      const failure: ApiFailure = {
        ok: false,
        code,
        message: typeof r.message === 'string' && r.message ? r.message : TRANSPORT_MESSAGES.server,
      };
      if (typeof r.field === 'string') failure.field = r.field;
      if (r.details !== undefined) failure.details = r.details;
      return failure;
    }
  }
  return { ok: false, code: 'INTERNAL', message: TRANSPORT_MESSAGES.server };
}

/** Map a rejected `wx.cloud.callFunction` to a failure people can read. */
export function transportFailure(err: unknown): ApiFailure {
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const errCode = typeof e.errCode === 'number' ? e.errCode : undefined;
  const errMsg = String(e.errMsg ?? e.message ?? '');
  if (errCode !== undefined && RATE_LIMIT_ERR_CODES.has(errCode)) {
    return { ok: false, code: 'RATE_LIMITED', message: TRANSPORT_MESSAGES.busy };
  }
  if (/request:fail|timeout|network|ERR_|offline/i.test(errMsg)) {
    return { ok: false, code: 'INTERNAL', message: TRANSPORT_MESSAGES.network };
  }
  return { ok: false, code: 'INTERNAL', message: TRANSPORT_MESSAGES.server };
}

/**
 * A new client request id for one submission. Create it when the person taps submit and keep it
 * for every retry of that submission, so the server makes exactly one record.
 */
export function newRequestId(): string {
  const rand = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(36)}-${rand()}${rand()}`;
}
