export * from './errors';
export * from './log';
export * from './context';
export * from './function';
export * from './validation';
export { isDuplicateKeyError } from './idempotency';
export * from './db';
