export * from './errors';
export * from './log';
export * from './context';
export * from './function';
export * from './validation';
export * from './db-errors';
export * from './db';
