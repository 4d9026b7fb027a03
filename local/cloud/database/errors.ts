/**
 * Errors of the local database, in the shape the CloudBase admin API answers (`{code, message, requestId}`):
 * @cloudbase/node-sdk hands that body back to the caller, wx-server-sdk turns `code` into `errCode` (e.g.
 * DATABASE_COLLECTION_NOT_EXIST → -502005) and `message` into `errMsg`.
 */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notExist = (collection: string): DbError =>
  new DbError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist: ${collection}. Please check your request, but if the problem cannot be solved, contact us.`,
  );

export const alreadyExists = (collection: string): DbError =>
  new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `[ResourceInUse] Table exist: ${collection}.`);

/** Duplicate `_id` or unique-index key (MongoDB's E11000, as CloudBase passes it through). */
export const duplicateKey = (collection: string, index: string, key: string): DbError =>
  new DbError(
    'DATABASE_DUPLICATE_WRITE',
    `[DuplicateWrite] E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`,
  );

export const invalidParam = (message: string): DbError => new DbError('INVALID_PARAM', message);

export const requestFailed = (message: string): DbError => new DbError('DATABASE_REQUEST_FAILED', message);

export const txConflict = (): DbError =>
  new DbError(
    'DATABASE_TRANSACTION_CONFLICT',
    '[TransactionConflict] Transaction is conflicted, please retry. (write conflict on a document read or written by this transaction)',
  );

export const txNotFound = (id: string): DbError =>
  new DbError('DATABASE_TRANSACTION_FAIL', `[TransactionNotFound] transaction ${id} does not exist or has ended`);
