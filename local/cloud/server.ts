import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdminHandler, type AdminAction } from './admin';
import { openDatabaseService, type DatabaseService } from './database-contract';
import { HttpError, isLoopback, sendJson } from './http-util';

export type { DatabaseService } from './database-contract';

/** Repository root (local/cloud/ → ../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Hook for routes the process does not own (the browser preview at `/`): return true when the request was
 * answered, false to fall through to 404.
 */
export type StaticHandler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>;

/** Options of `startLocalCloud`. */
export interface LocalCloudOptions {
  /** 0 = random; default 3000. */
  port?: number;
  host?: '127.0.0.1';
  /** Data directory (documents, files, outbox); created if missing. */
  dataDir: string;
  /** Built functions (folders with index.js + config.json); default `<repo>/dist/cloudfunctions`. */
  functionsDir?: string;
  /** Default 'local-dev'. */
  envId?: string;
  /** Run the demo seed on first start (empty data dir). */
  seed?: boolean;
  quiet?: boolean;
  /** Collection declarations; default `<repo>/database/collections`. */
  collectionsDir?: string;
  /** Run timer triggers on their schedule (default true); `fireTimer` works either way. */
  timers?: boolean;
  /** Routes outside /admin, /wx, /dev, /storage (the browser preview). */
  staticHandler?: StaticHandler;
}

/** A demo person the preview can act as (written by seeding to `<dataDir>/demo-people.json`). */
export interface DemoPerson {
  openid: string;
  name: string;
  role: string;
  gridNodeId: string;
  label?: string;
}

/** A running local cloud. */
export interface LocalCloud {
  url: string;
  adminUrl: string;
  envId: string;
  dataDir: string;
  db: DatabaseService;
  callFunction(
    name: string,
    data: unknown,
    identity: { openid: string; appid?: string; unionid?: string },
  ): Promise<{ result: unknown; requestID: string; errMsg: string }>;
  outbox(filter?: { openid?: string }): Array<{ touser: string; templateId: string; page?: string; data: unknown; sentAt: string }>;
  fireTimer(functionName: string, triggerName?: string): Promise<unknown>;
  /** Local msgSecCheck word lists (`error` words make the check itself fail, to test fail-closed code). */
  setContentRules(words: { risky?: string[]; review?: string[]; error?: string[] }): void;
  /** Recent invocations, newest last, for the dev panel. */
  invocations(): Array<{ name: string; durationMs: number; code: string; at: string }>;
  close(): Promise<void>;
}

/** Start a local cloud: HTTP server on loopback, database, functions, storage, openapi sinks, timers. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? 'local-dev';
  const host = opts.host ?? '127.0.0.1';
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const collectionsDir = opts.collectionsDir ?? path.join(REPO_ROOT, 'database', 'collections');

  const db = await openDatabaseService({ dataDir, collectionsDir, envId });
  const actions: Record<string, AdminAction> = {};
  const admin = createAdminHandler(() => db, actions);

  const server = http.createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!res.headersSent) sendJson(res, status, { error: (err as Error).message ?? String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isLoopback(req)) throw new HttpError(403, 'local cloud answers loopback clients only');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    if (p === '/admin' && req.method === 'POST') return admin(req, res);
    if (p === '/healthz') return sendJson(res, 200, { ok: true, envId });
    if (p === '/dev/collections' && req.method === 'GET') {
      return sendJson(res, 200, { collections: await db.listCollections() });
    }
    if (p.startsWith('/dev/collections/') && req.method === 'GET') {
      const name = decodeURIComponent(p.slice('/dev/collections/'.length));
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const skip = Number(url.searchParams.get('skip') ?? 0);
      return sendJson(res, 200, { name, documents: await db.find(name, { limit, skip }) });
    }
    if (opts.staticHandler && (await opts.staticHandler(req, res, url))) return;
    sendJson(res, 404, { error: `not found: ${req.method} ${p}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 3000, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  const notYet = (what: string) => () => {
    throw new Error(`local cloud: ${what} not implemented yet`);
  };

  const cloud: LocalCloud = {
    url,
    adminUrl: `${url}/admin`,
    envId,
    dataDir,
    db,
    callFunction: notYet('callFunction') as LocalCloud['callFunction'],
    outbox: () => [],
    fireTimer: notYet('fireTimer') as LocalCloud['fireTimer'],
    setContentRules: () => undefined,
    invocations: () => [],
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };
  return cloud;
}
