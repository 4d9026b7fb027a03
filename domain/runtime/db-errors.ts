/**
 * The one place that recognises database failures. CloudBase answers a failed write with an error code
 * (`DATABASE_DUPLICATE_WRITE` for a duplicate `_id` or unique key, `DATABASE_TRANSACTION_CONFLICT` for a write
 * conflict); @cloudbase/node-sdk hands the code over as `code`, but wx-server-sdk folds codes it does not know
 * into `errCode: -501001` ("resource system error") and keeps CloudBase's tag (`[DuplicateWrite]`,
 * `[TransactionConflict]`) only in `errMsg`, so the tag is read where the code is lost. A plain -501001 is a
 * system error, never a conflict.
 */
import type { Database, Transaction } from './db';
import { AppError } from './errors';

/** What a database failure means to the caller. */
export type DbFailure = 'duplicate' | 'conflict' | 'other';

const DUPLICATE_CODES = new Set(['DATABASE_DUPLICATE_WRITE']);
const CONFLICT_CODES = new Set(['DATABASE_TRANSACTION_CONFLICT']);

/** Classify an error thrown by a database call. */
export function dbFailure(error: unknown): DbFailure {
  if (error instanceof AppError || !error || typeof error !== 'object') return 'other';
  const e = error as { code?: unknown; errMsg?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (DUPLICATE_CODES.has(code)) return 'duplicate';
  if (CONFLICT_CODES.has(code)) return 'conflict';
  const text = `${typeof e.errMsg === 'string' ? e.errMsg : ''} ${typeof e.message === 'string' ? e.message : ''}`;
  if (/\[DuplicateWrite\]|\bE11000\b/.test(text)) return 'duplicate';
  if (/\[TransactionConflict\]/.test(text)) return 'conflict';
  return 'other';
}

/** True for the database's duplicate-key refusal (duplicate `_id` or unique index). */
export const isDuplicateKeyError = (error: unknown): boolean => dbFailure(error) === 'duplicate';

/** True for a transaction's write conflict. */
export const isWriteConflict = (error: unknown): boolean => dbFailure(error) === 'conflict';

/** How a transaction's losing outcomes are told to the caller. */
export interface TransactionOutcomes {
  /** A write conflict with a concurrent transaction (default: CONFLICT, "refresh and retry"). */
  conflict?: () => AppError;
  /** A duplicate `_id` or unique key written in the transaction (default: as a conflict). */
  duplicate?: () => AppError;
}

/**
 * Run `body` in a transaction and commit; roll back on any failure. An `AppError` from the body passes through;
 * a write conflict or duplicate key becomes the caller's AppError (CONFLICT by default); anything else is
 * rethrown unchanged.
 */
export async function inTransaction<R>(
  db: Pick<Database, 'startTransaction'>,
  body: (tx: Transaction) => Promise<R>,
  outcomes: TransactionOutcomes = {},
): Promise<R> {
  const tx = await db.startTransaction();
  try {
    const result = await body(tx);
    await tx.commit();
    return result;
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    if (error instanceof AppError) throw error;
    const failure = dbFailure(error);
    const conflict = outcomes.conflict ?? (() => new AppError('CONFLICT', '记录已被他人更新，请刷新后重试'));
    if (failure === 'duplicate') throw (outcomes.duplicate ?? conflict)();
    if (failure === 'conflict') throw conflict();
    throw error;
  }
}
