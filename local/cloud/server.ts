import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createAdminHandler, latencyFromEnv, type AdminLatency } from './admin';
import { openDatabaseService, type DatabaseService } from './database-contract';
import { FunctionRuntime } from './functions/runtime';
import { HttpError, isLoopback, sameMachineRequest, sendJson } from './http-util';
import { OpenApiSink } from './openapi';
import type { ConsoleTemplate } from './openapi/subscribe';
import { SUBSCRIBE_TEMPLATES } from '../../domain/notify/templates';
import { createAdminActions } from './routes/admin-actions';
import { clientError, createClientRoutes, createFileRedirect } from './routes/client';
import { createDevRoutes } from './routes/dev';
import type { CloudServices } from './routes/services';
import { seedLocalCloud } from './seed';
import { keysEnv, loadDevKeys, type DevKeys } from './dev-keys';
import { LOCAL_PROJECT_ENV } from './project-env';
import { LocalStorage } from './storage';
import { loadStorageRules } from './storage-rules';
import { fireTimer, TimerScheduler } from './timers/scheduler';

export type { DatabaseService } from './database-contract';
export { readPeople, seedLocalCloud } from './seed';
export type { DevKeys } from './dev-keys';

/** Repository root (local/cloud/ → ../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Hook for routes the process does not own (the browser preview at `/`): return true when the request was
 * answered, false to fall through to 404.
 */
export type StaticHandler = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
) => boolean | Promise<boolean>;

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
  /** The seed's scale on first start: `full` writes the article's figures (`npm start -- --scale full`). */
  seedScale?: string;
  quiet?: boolean;
  /** Collection declarations; default `<repo>/database/collections`. */
  collectionsDir?: string;
  /** Storage security rules for client storage calls; default `<repo>/database/storage-rules.json`. */
  storageRulesFile?: string;
  /** Run timer triggers on their schedule (default true); `fireTimer` works either way. */
  timers?: boolean;
  /** Instances per function the pool may grow to (default 8); calls beyond wait for a free instance. */
  maxInstancesPerFunction?: number;
  /** Start one instance of every function at startup so first calls skip the cold start (npm start does). */
  prewarm?: boolean;
  /** Module exporting `seedDemo` (default `<repo>/scripts/seed/index`). */
  seedModule?: string;
  /** Seed the demo tasks and activity posts too (`npm start`). */
  seedActivity?: boolean;
  /** Routes outside /admin, /wx, /dev, /storage (the browser preview). */
  staticHandler?: StaticHandler;
  /**
   * Serve the developer endpoints (`/dev/*`: demo people with their openids, stored documents, outbox, timers,
   * word lists). Default true; `npm start -- --no-dev` (or `LOCAL_CLOUD_DEV=0`) turns them off.
   */
  dev?: boolean;
  /**
   * Added time per database/storage and open-API request (default from `CLOUD_LATENCY_DB_MS` /
   * `CLOUD_LATENCY_OPENAPI_MS`, else none); `setLatency` changes it while running.
   */
  latency?: AdminLatency;
  /** Subscribe-message templates the local WeChat console has; default: the project's (`domain/notify/templates.ts`). */
  subscribeTemplates?: ConsoleTemplate[];
}

/** The project's declared templates, under the placeholder ids the functions use while no real id is set. */
export function projectTemplates(): ConsoleTemplate[] {
  return Object.values(SUBSCRIBE_TEMPLATES).map((t) => ({ id: t.placeholder, keys: Object.keys(t.fields) }));
}

/** Where a local cloud is in its start: `/healthz` answers 200 only when `ready`. */
export type CloudState = 'seeding' | 'ready' | 'seed_failed';

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
  /** Field-encryption keys the functions get (`<dataDir>/dev-keys.json` unless the host sets UNION_DATA_KEY/UNION_INDEX_KEY). */
  devKeys: DevKeys;
  callFunction(
    name: string,
    data: unknown,
    identity: { openid: string; appid?: string; unionid?: string },
  ): Promise<{ result: unknown; requestID: string; errMsg: string }>;
  outbox(filter?: {
    openid?: string;
  }): Array<{ touser: string; templateId: string; page?: string; data: unknown; sentAt: string }>;
  fireTimer(functionName: string, triggerName?: string): Promise<unknown>;
  /** Local msgSecCheck word lists (`error` words make the check itself fail, to test fail-closed code). */
  setContentRules(words: { risky?: string[]; review?: string[]; error?: string[] }): void;
  /** `openid` accepted these templates in `wx.requestSubscribeMessage` (one more message each, `times` taps). */
  subscribe(openid: string, templateIds: readonly string[], times?: number): void;
  /** One-time subscriptions left. */
  subscriptionsLeft(openid: string, templateId: string): number;
  /** A getPhoneNumber button code for `phone` (single use, 5 minutes; `issuedAt` ages it for a test). */
  issuePhoneCode(phone: string, issuedAt?: number): string;
  /** Change the added latency per request (e.g. CloudBase-like: 15 ms database, 150 ms open API). */
  setLatency(latency: AdminLatency): void;
  /** Recent invocations, newest last, for the dev panel. */
  invocations(): Array<{ name: string; durationMs: number; code: string; at: string }>;
  /** `seeding` while the demo seed is written, then `ready` (or `seed_failed`). */
  state(): CloudState;
  close(): Promise<void>;
}

/** Start a local cloud: HTTP server on loopback, database, functions, storage, openapi sinks, timers. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const envId = opts.envId ?? 'local-dev';
  const host = opts.host ?? '127.0.0.1';
  const dataDir = path.resolve(opts.dataDir);
  const firstStart = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  fs.mkdirSync(dataDir, { recursive: true });
  const collectionsDir = opts.collectionsDir ?? path.join(REPO_ROOT, 'database', 'collections');
  const functionsDir = path.resolve(opts.functionsDir ?? path.join(REPO_ROOT, 'dist', 'cloudfunctions'));
  const log = (line: string): void => {
    if (!opts.quiet) console.log(`[local-cloud] ${line}`);
  };

  const db = await openDatabaseService({ dataDir, collectionsDir, envId });
  const devKeys = loadDevKeys(dataDir);
  let baseUrl = '';
  let port = 0;
  // The runtime needs the admin URL, known only once the server listens.
  const started: { runtime?: FunctionRuntime } = {};
  const services: CloudServices = {
    dataDir,
    db,
    storage: new LocalStorage(dataDir, envId, () => baseUrl),
    rules: loadStorageRules(opts.storageRulesFile ?? path.join(REPO_ROOT, 'database', 'storage-rules.json')),
    openapi: new OpenApiSink(dataDir, opts.subscribeTemplates ?? projectTemplates()),
    runtime: () => {
      if (!started.runtime) throw new Error('local cloud is not listening yet');
      return started.runtime;
    },
  };
  let latency: AdminLatency = opts.latency ?? latencyFromEnv();
  const admin = createAdminHandler(
    () => db,
    createAdminActions(services),
    () => latency,
  );
  const client = createClientRoutes(services);
  const fileRedirect = createFileRedirect(services);
  const dev = opts.dev === false ? undefined : createDevRoutes(services);
  // Seeding goes through the running server (the SDKs), so the server listens first; until the seed is written
  // the cloud is not ready: /healthz says so, and a script that waits for health finds the demo people.
  let state: CloudState = opts.seed && firstStart ? 'seeding' : 'ready';
  let seedError = '';

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!isLoopback(req)) throw new HttpError(403, 'local cloud answers loopback clients only');
    if (!sameMachineRequest(req, port)) throw new HttpError(403, 'cross-origin or foreign-host request refused');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (p === '/admin' && method === 'POST') return admin(req, res);
    if (p === '/healthz') {
      const body = { ok: state === 'ready', status: state, envId, dataDir, ...(seedError ? { error: seedError } : {}) };
      return sendJson(res, state === 'ready' ? 200 : 503, body);
    }
    if (p.startsWith('/storage/') && (method === 'GET' || method === 'HEAD'))
      return services.storage.handleDownload(req, res, url);
    if (p.startsWith('/storage-upload/') && (method === 'PUT' || method === 'POST')) {
      return services.storage.handleUpload(req, res, url);
    }
    if (p.startsWith('/wx/') && method === 'POST') return client(p, req, res, url);
    if (p === '/wx/file' && method === 'GET') return fileRedirect(req, res, url);
    if (p.startsWith('/dev/') && dev) return dev(p, method, req, res, url);
    if (opts.staticHandler && (await opts.staticHandler(req, res, url))) return;
    sendJson(res, 404, { error: `not found: ${method} ${p}` });
  };
  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (!res.headersSent) sendJson(res, status, { error: (err as Error).message ?? String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 3000, host, () => resolve());
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  baseUrl = url;
  const adminUrl = `${url}/admin`;
  const rt = new FunctionRuntime({
    functionsDir,
    rcFile: path.join(REPO_ROOT, 'cloudbaserc.json'),
    envId,
    adminUrl,
    region: 'ap-shanghai',
    quiet: opts.quiet ?? false,
    maxInstances: opts.maxInstancesPerFunction,
    onRecord: (r) => log(`${r.name} ${r.code} ${r.durationMs} ms`),
    projectEnv: { ...LOCAL_PROJECT_ENV, ...keysEnv(devKeys) },
  });
  started.runtime = rt;
  const scheduler = new TimerScheduler(rt, log);
  if (opts.timers !== false) scheduler.start();
  if (opts.prewarm) rt.prewarm();
  log(`functions: ${rt.names().join(', ') || '(none built: run npm run build)'}`);

  const cloud: LocalCloud = {
    url,
    adminUrl,
    envId,
    dataDir,
    db,
    devKeys,
    async callFunction(name, data, identity) {
      try {
        const out = await rt.invoke(name, data, { identity, source: 'wx_client' });
        return { result: out.result, requestID: out.requestId, errMsg: 'cloud.callFunction:ok' };
      } catch (err) {
        const { errCode, errMsg } = clientError('callFunction', err);
        throw Object.assign(new Error(errMsg), { errCode, errMsg });
      }
    },
    outbox: (filter) => services.openapi.outbox(filter),
    fireTimer: (functionName, triggerName) => fireTimer(rt, functionName, triggerName),
    setContentRules: (words) => services.openapi.setContentRules(words),
    subscribe(openid, templateIds, times) {
      if (!services.openapi.subscribe(openid, templateIds, times)) throw new Error('not a template of the console');
    },
    setLatency(next) {
      latency = next;
    },
    subscriptionsLeft: (openid, templateId) => services.openapi.subscriptionsLeft(openid, templateId),
    issuePhoneCode: (phone, issuedAt) => services.openapi.issuePhoneCode(phone, issuedAt),
    invocations: () => rt.invocations(),
    state: () => state,
    async close() {
      scheduler.stop();
      await rt.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };

  if (state === 'seeding') {
    try {
      await seedLocalCloud(cloud, {
        module: opts.seedModule,
        activity: opts.seedActivity,
        ...(opts.seedScale ? { scale: opts.seedScale } : {}),
      });
      state = 'ready';
      log('demo data seeded');
    } catch (err) {
      state = 'seed_failed';
      seedError = `seeding failed (run npm run seed to reset and retry): ${(err as Error).message}`;
      log(seedError);
    }
  }
  return cloud;
}
