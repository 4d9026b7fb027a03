import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { adminError, createAdminHandler, type AdminAction } from './admin';
import { openDatabaseService, type DatabaseService } from './database-contract';
import { FunctionError, FunctionRuntime, type Identity } from './functions/runtime';
import { HttpError, isLoopback, readBody, sendJson } from './http-util';
import { OpenApiSink } from './openapi';
import { createAdminApp, type AdminApp } from './sdk';
import { LocalStorage } from './storage';
import { fireTimer, TimerScheduler } from './timers/scheduler';

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
  /** Instances per function the pool may grow to (default 8); calls beyond wait for a free instance. */
  maxInstancesPerFunction?: number;
  /** Module exporting `seedDemo` (default `<repo>/scripts/seed/index`). */
  seedModule?: string;
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
  const firstStart = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
  fs.mkdirSync(dataDir, { recursive: true });
  const collectionsDir = opts.collectionsDir ?? path.join(REPO_ROOT, 'database', 'collections');
  const functionsDir = path.resolve(opts.functionsDir ?? path.join(REPO_ROOT, 'dist', 'cloudfunctions'));
  const log = (line: string): void => {
    if (!opts.quiet) console.log(`[local-cloud] ${line}`);
  };

  const db = await openDatabaseService({ dataDir, collectionsDir, envId });
  let baseUrl = '';
  const storage = new LocalStorage(dataDir, envId, () => baseUrl);
  const openapi = new OpenApiSink(dataDir);
  // The admin URL is known only after listen; the runtime reads it lazily when it starts an instance.
  let runtime: FunctionRuntime | undefined;
  const rt = (): FunctionRuntime => {
    if (!runtime) throw new Error('local cloud is not listening yet');
    return runtime;
  };

  const actions: Record<string, AdminAction> = {
    'functions.invokeFunction': async (params, info) => {
      const caller = rt().byToken(str(params.wxCloudApiToken));
      let data: unknown = {};
      const raw = str(params.request_data);
      if (raw) data = JSON.parse(raw) as unknown;
      try {
        const out = await rt().invoke(str(params.function_name) ?? '', data, {
          identity: caller?.identity ?? {},
          source: info.source,
        });
        const response = JSON.stringify(out.result);
        return { json: { requestId: out.requestId, data: { response_data: response === undefined ? 'null' : response } } };
      } catch (err) {
        if (err instanceof FunctionError) return adminError(err.code, err.message, err.requestId);
        throw err;
      }
    },
    'storage.getUploadMetadata': async (params, info) => ({
      json: { requestId: info.requestId, data: storage.uploadMetadata(str(params.path) ?? '') },
    }),
    'storage.batchGetDownloadUrl': async (params, info) => {
      const list = Array.isArray(params.file_list) ? (params.file_list as Array<{ fileid?: unknown; max_age?: unknown }>) : [];
      return { json: { requestId: info.requestId, data: { download_list: storage.downloadUrls(list) } } };
    },
    'storage.batchDeleteFile': async (params, info) => {
      const list = Array.isArray(params.fileid_list) ? (params.fileid_list as unknown[]) : [];
      return { json: { requestId: info.requestId, data: { delete_list: storage.delete(list) } } };
    },
    'wx.openApi': async (params) => {
      const caller = rt().byToken(str(params.wxCloudApiToken));
      const spec = caller ? rt().spec(caller.functionName) : undefined;
      const requestData = Buffer.isBuffer(params.requestData) ? params.requestData : undefined;
      const bytes = openapi.handle(str(params.apiName) ?? '', requestData, {
        functionName: caller?.functionName,
        allowed: spec?.openapi,
        openid: caller?.identity.openid,
        appid: caller?.identity.appid,
      });
      return { bytes, contentType: 'application/octet-stream' };
    },
  };
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
    const method = req.method ?? 'GET';
    if (p === '/admin' && method === 'POST') return admin(req, res);
    if (p === '/healthz') return sendJson(res, 200, { ok: true, envId, dataDir });
    if (p.startsWith('/storage/') && (method === 'GET' || method === 'HEAD')) return storage.handleDownload(req, res, url);
    if (p.startsWith('/storage-upload/') && (method === 'PUT' || method === 'POST')) return storage.handleUpload(req, res, url);
    if (p.startsWith('/wx/') && method === 'POST') return wxRoute(p, req, res, url);
    if (p.startsWith('/dev/')) return devRoute(p, method, req, res, url);
    if (opts.staticHandler && (await opts.staticHandler(req, res, url))) return;
    sendJson(res, 404, { error: `not found: ${method} ${p}` });
  }

  /** The header-trusting client endpoints (what the preview's wx shim calls). */
  async function wxRoute(p: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const identity: Identity = {
      openid: header(req, 'x-wx-openid'),
      appid: header(req, 'x-wx-appid'),
      unionid: header(req, 'x-wx-unionid'),
      clientIp: '127.0.0.1',
    };
    if (p === '/wx/callFunction') {
      const body = parseJsonBody(await readBody(req)) as { name?: unknown; data?: unknown };
      try {
        const out = await rt().invoke(String(body.name ?? ''), body.data ?? {}, { identity, source: 'wx_client' });
        return sendJson(res, 200, { result: out.result, requestID: out.requestId, errMsg: 'cloud.callFunction:ok' });
      } catch (err) {
        const { status, errCode, errMsg } = clientError('callFunction', err);
        return sendJson(res, status, { errCode, errMsg });
      }
    }
    if (p === '/wx/uploadFile') {
      const cloudPath = url.searchParams.get('cloudPath') ?? '';
      if (!storage.safePath(cloudPath)) {
        return sendJson(res, 400, { errCode: -1, errMsg: 'cloud.uploadFile:fail invalid cloudPath' });
      }
      const fileID = storage.write(cloudPath, await readBody(req));
      return sendJson(res, 200, { fileID, statusCode: 200, errMsg: 'cloud.uploadFile:ok' });
    }
    if (p === '/wx/getTempFileURL') {
      const body = parseJsonBody(await readBody(req)) as { fileList?: unknown };
      const list = (Array.isArray(body.fileList) ? body.fileList : []).map((f: unknown) =>
        f && typeof f === 'object' ? { fileid: (f as { fileID?: unknown }).fileID, max_age: (f as { maxAge?: unknown }).maxAge } : { fileid: f },
      );
      const fileList = storage.downloadUrls(list).map((f) =>
        f.code === 'SUCCESS'
          ? { fileID: f.fileID, tempFileURL: f.tempFileURL, maxAge: f.maxAge, status: 0, errMsg: 'ok' }
          : { fileID: f.fileID, tempFileURL: '', status: -503003, errMsg: 'STORAGE_FILE_NONEXIST' },
      );
      return sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
    }
    sendJson(res, 404, { error: `not found: POST ${p}` });
  }

  /** Developer panel endpoints. */
  async function devRoute(p: string, method: string, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (method === 'GET' && p === '/dev/people') return sendJson(res, 200, { people: readPeople(dataDir) });
    if (method === 'GET' && p === '/dev/outbox') {
      return sendJson(res, 200, { messages: openapi.outbox({ openid: url.searchParams.get('openid') ?? undefined }) });
    }
    if (method === 'GET' && p === '/dev/invocations') return sendJson(res, 200, { invocations: rt().invocations() });
    if (method === 'GET' && p === '/dev/functions') {
      const functions = rt()
        .allSpecs()
        .map((s) => ({ name: s.name, timeoutMs: s.timeoutMs, openapi: s.openapi, triggers: s.triggers }));
      return sendJson(res, 200, { functions });
    }
    if (method === 'GET' && p === '/dev/collections') return sendJson(res, 200, { collections: await db.listCollections() });
    if (method === 'GET' && p.startsWith('/dev/collections/')) {
      const name = decodeURIComponent(p.slice('/dev/collections/'.length));
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 1000);
      const skip = Number(url.searchParams.get('skip') ?? 0) || 0;
      return sendJson(res, 200, { name, documents: await db.find(name, { limit, skip }) });
    }
    if (p === '/dev/content-rules' && method === 'GET') return sendJson(res, 200, openapi.contentRules());
    if (p === '/dev/content-rules' && method === 'POST') {
      const body = parseJsonBody(await readBody(req));
      const lists = Object.fromEntries(
        (['risky', 'review', 'error'] as const)
          .filter((k) => Array.isArray(body[k]))
          .map((k) => [k, (body[k] as unknown[]).map(String)]),
      );
      openapi.setContentRules(lists);
      return sendJson(res, 200, openapi.contentRules());
    }
    const timer = /^\/dev\/timers\/([^/]+)(?:\/([^/]+))?$/.exec(p);
    if (method === 'POST' && timer) {
      await readBody(req);
      try {
        const result = await fireTimer(rt(), decodeURIComponent(timer[1]), timer[2] ? decodeURIComponent(timer[2]) : undefined);
        return sendJson(res, 200, { ok: true, result });
      } catch (err) {
        return sendJson(res, 500, { ok: false, error: (err as Error).message });
      }
    }
    sendJson(res, 404, { error: `not found: ${method} ${p}` });
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 3000, host, () => resolve());
    });
  } catch (err) {
    await db.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  baseUrl = url;
  const adminUrl = `${url}/admin`;
  runtime = new FunctionRuntime({
    functionsDir,
    rcFile: path.join(REPO_ROOT, 'cloudbaserc.json'),
    envId,
    adminUrl,
    region: 'ap-shanghai',
    quiet: opts.quiet ?? false,
    maxInstances: opts.maxInstancesPerFunction,
    onRecord: (r) => log(`${r.name} ${r.code} ${r.durationMs} ms`),
  });
  const scheduler = new TimerScheduler(runtime, log);
  if (opts.timers !== false) scheduler.start();
  log(`functions: ${runtime.names().join(', ') || '(none built: run npm run build)'}`);

  const cloud: LocalCloud = {
    url,
    adminUrl,
    envId,
    dataDir,
    db,
    async callFunction(name, data, identity) {
      try {
        const out = await rt().invoke(name, data, { identity, source: 'wx_client' });
        return { result: out.result, requestID: out.requestId, errMsg: 'cloud.callFunction:ok' };
      } catch (err) {
        const { errCode, errMsg } = clientError('callFunction', err);
        throw Object.assign(new Error(errMsg), { errCode, errMsg });
      }
    },
    outbox: (filter) => openapi.outbox(filter),
    fireTimer: (functionName, triggerName) => fireTimer(rt(), functionName, triggerName),
    setContentRules: (words) => openapi.setContentRules(words),
    invocations: () => rt().invocations(),
    async close() {
      scheduler.stop();
      await rt().close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await db.close();
    },
  };

  if (opts.seed && firstStart) {
    try {
      await seedLocalCloud(cloud, { module: opts.seedModule });
      log('demo data seeded');
    } catch (err) {
      log(`seeding failed (run \`npm run seed\` to reset and retry): ${(err as Error).message}`);
    }
  }
  return cloud;
}

function parseJsonBody(raw: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(raw.toString('utf8') || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'body must be a JSON object');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v ? v : undefined;
}

/** Map a failed invocation to what `wx.cloud.callFunction` rejects with (and an HTTP status for /wx). */
function clientError(api: string, err: unknown): { status: number; errCode: number; errMsg: string } {
  if (err instanceof FunctionError) {
    if (err.code === 'ResourceNotFound.Function') {
      return { status: 404, errCode: -501000, errMsg: `cloud.${api}:fail -501000 ${err.message}` };
    }
    return {
      status: 500,
      errCode: -504002,
      errMsg: `cloud.${api}:fail -504002 functions execute fail. requestID ${err.requestId}, ${err.message}`,
    };
  }
  return { status: 500, errCode: -501001, errMsg: `cloud.${api}:fail -501001 ${(err as Error).message ?? String(err)}` };
}

/** `<dataDir>/demo-people.json` (written by seeding), or an empty list. */
export function readPeople(dataDir: string): DemoPerson[] {
  const file = path.join(dataDir, 'demo-people.json');
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (Array.isArray(parsed)) return parsed as DemoPerson[];
  return ((parsed as { people?: DemoPerson[] }).people ?? []) as DemoPerson[];
}

type SeedModule = {
  seedDemo?: (app: AdminApp, opts?: { scale?: string }) => Promise<{ people: DemoPerson[] }>;
};

/**
 * Seed demo data through a real @cloudbase/node-sdk app connected to this cloud (`seedDemo` from
 * `scripts/seed/index.ts`) and write the demo people to `<dataDir>/demo-people.json`.
 */
export async function seedLocalCloud(cloud: LocalCloud, opts: { scale?: string; module?: string } = {}): Promise<DemoPerson[]> {
  const modPath = opts.module ?? path.join(REPO_ROOT, 'scripts', 'seed', 'index');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modPath) as SeedModule;
  if (typeof mod.seedDemo !== 'function') throw new Error(`${modPath} does not export seedDemo`);
  const { people } = await mod.seedDemo(createAdminApp(cloud.adminUrl, cloud.envId), opts.scale ? { scale: opts.scale } : {});
  fs.writeFileSync(path.join(cloud.dataDir, 'demo-people.json'), JSON.stringify(people, null, 2) + '\n');
  return people;
}
