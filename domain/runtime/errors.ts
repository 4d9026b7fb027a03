/** Domain errors: thrown by handlers, turned into `{ ok: false, code, message, field }` by the wrapper. */
import type { ApiFailure, ErrorCode } from '../../typings/api';

/** An expected failure with a literal code and a message fit to show a person. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toFailure(): ApiFailure {
    const failure: ApiFailure = { ok: false, code: this.code, message: this.message };
    if (this.field !== undefined) failure.field = this.field;
    if (this.details !== undefined) failure.details = this.details;
    return failure;
  }
}

export const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', message, field);
export const forbidden = (message = '没有权限进行此操作') => new AppError('FORBIDDEN', message);
export const notFound = (message = '记录不存在') => new AppError('NOT_FOUND', message);
export const conflict = (message = '记录已被他人更新，请刷新后重试') => new AppError('CONFLICT', message);
