import type { DatabaseService } from '../database-contract';
import type { FunctionRuntime } from '../functions/runtime';
import type { OpenApiSink } from '../openapi';
import type { LocalStorage } from '../storage';
import type { StorageRules } from '../storage-rules';

/** The parts of a running local cloud the route modules use. */
export interface CloudServices {
  dataDir: string;
  db: DatabaseService;
  storage: LocalStorage;
  /** The storage security rules client storage calls are checked against. */
  rules: StorageRules;
  openapi: OpenApiSink;
  /** The function runtime (exists once the server listens). */
  runtime(): FunctionRuntime;
}
