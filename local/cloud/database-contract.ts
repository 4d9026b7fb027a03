import path from 'node:path';

/**
 * The contract the local cloud process relies on from the database service (`local/cloud/database/`, built by the
 * database helper). `handle` answers one `database.*` admin action with the exact JSON body the SDKs expect; the
 * process passes that body through unchanged.
 */
export interface DatabaseService {
  /** Answer one `database.*` admin action (`params` is the whole request body the SDK posted). */
  handle(action: string, params: Record<string, unknown>): Promise<unknown>;
  /** Names of the collections that exist. */
  listCollections(): string[] | Promise<string[]>;
  /** Documents as stored (EJSON-free plain objects), for the developer panel. */
  find(collection: string, opts?: { limit?: number; skip?: number }): unknown[] | Promise<unknown[]>;
  /** Close the store (flush, release the SQLite handle). */
  close(): void | Promise<void>;
}

/** Options the local cloud gives the database service when it opens it. */
export interface DatabaseServiceOptions {
  /** Data directory of this local cloud; the store lives inside it. */
  dataDir: string;
  /** Folder of `database/collections/*.json` declarations (collections + indexes). */
  collectionsDir: string;
  envId: string;
}

type DatabaseModule = {
  DatabaseService?: new (opts: DatabaseServiceOptions) => DatabaseService;
  createDatabaseService?: (opts: DatabaseServiceOptions) => DatabaseService | Promise<DatabaseService>;
  openDatabase?: (opts: DatabaseServiceOptions) => DatabaseService | Promise<DatabaseService>;
};

/**
 * Open the database service from `local/cloud/database/`. Loaded by path so that this process keeps working while
 * that module is being built by someone else.
 */
export async function openDatabaseService(opts: DatabaseServiceOptions): Promise<DatabaseService> {
  const modPath = path.join(__dirname, 'database');
  let mod: DatabaseModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(modPath) as DatabaseModule;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String(err).includes(modPath)) {
      return new MissingDatabaseService();
    }
    throw err;
  }
  if (typeof mod.createDatabaseService === 'function') return await mod.createDatabaseService(opts);
  if (typeof mod.openDatabase === 'function') return await mod.openDatabase(opts);
  if (typeof mod.DatabaseService === 'function') return new mod.DatabaseService(opts);
  return new MissingDatabaseService();
}

/** Stand-in used only while `local/cloud/database/` does not exist yet: every action fails in the SDK's shape. */
class MissingDatabaseService implements DatabaseService {
  async handle(action: string): Promise<unknown> {
    return { code: 'SYS_ERR', message: `local cloud: database service not available (${action})` };
  }
  listCollections(): string[] {
    return [];
  }
  find(): unknown[] {
    return [];
  }
  close(): void {}
}
