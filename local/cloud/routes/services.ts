import type { DatabaseService } from '../database-contract';
import type { FunctionRuntime } from '../functions/runtime';
import type { OpenApiSink } from '../openapi';
import type { LocalStorage } from '../storage';

/** The parts of a running local cloud the route modules use. */
export interface CloudServices {
  dataDir: string;
  db: DatabaseService;
  storage: LocalStorage;
  openapi: OpenApiSink;
  /** The function runtime (exists once the server listens). */
  runtime(): FunctionRuntime;
}
