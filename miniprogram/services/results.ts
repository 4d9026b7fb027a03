/**
 * What a cloud-function call came back as, checked: the function's own tagged result, or a
 * transport failure turned into plain Chinese. No `wx` here, so it is testable anywhere.
 */
import { ERROR_CODES, type ApiFailure, type ApiResult, type ErrorCode } from '@union/contracts';

/** The contracts' closed set of codes; anything else a function answers is treated as `INTERNAL`. */
const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>(ERROR_CODES);

/** Plain-Chinese messages for failures that never reached our code. */
export const TRANSPORT_MESSAGES = {
  network: '网络不太好，请检查网络后再试一次。',
  busy: '现在办理的人较多，请稍等一会儿再试。',
  server: '服务暂时出了点问题，请稍后再试。',
} as const;

/** Cloud error codes that mean "too many requests" (CloudBase quota / frequency limits). */
const RATE_LIMIT_ERR_CODES: ReadonlySet<number> = new Set([-501004, -501005, -501009, -501011, -501014, -502003]);

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
