import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { newRequestId } from '../http-util';
import { encodeEvent } from './payload';
import { Pool, PROJECT_ENV_PREFIX } from './pool';
import { loadFunctionSpec, loadFunctions, readRcFunctions, type FunctionSpec } from './registry';

export { PER_INVOCATION_KEYS, PROJECT_ENV_PREFIX } from './pool';

/** CloudBase function names: a letter, then letters, digits, `-` or `_` (60 at most). Nothing path-like. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

/** Who a call runs as (the injected WX context). Empty for timers and admin calls. */
export interface Identity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
}

/** How an invocation was triggered. */
export interface InvocationSource {
  identity: Identity;
  /** Value of TCB_SOURCE inside the function (`wx_client`, `wx_client,scf`, `timer`, ...). */
  source: string;
  /** Set for timer triggers (TRIGGER_SRC=timer). */
  trigger?: 'timer';
}

/** What the process remembers about a running invocation, looked up by its WX_API_TOKEN. */
export interface ActiveInvocation extends InvocationSource {
  functionName: string;
  requestId: string;
}

/** A failed invocation, with a TCB error code the SDKs understand. */
export class FunctionError extends Error {
  constructor(
    /**
     * `FUNCTIONS_EXECUTE_FAIL` (also for timeouts and crashes), `ResourceNotFound.Function`, or
     * `EXCEED_MAX_PAYLOAD_SIZE` (the event was refused before any instance saw it).
     */
    readonly code: string,
    message: string,
    readonly requestId: string,
  ) {
    super(message);
  }
}

/** One entry of the recent-invocations log (dev panel). */
export interface InvocationRecord {
  name: string;
  durationMs: number;
  code: string;
  at: string;
}

/** Default appid the local cloud reports when a caller gives none. */
export const LOCAL_APPID = 'wx0000000000local';

/** Options of the function runtime. */
export interface FunctionRuntimeOptions {
  functionsDir: string;
  /** cloudbaserc.json (function timeouts, env variables declared there). */
  rcFile: string;
  envId: string;
  adminUrl: string;
  region: string;
  quiet: boolean;
  /** Max instances per function (default 8). */
  maxInstances?: number;
  /** Idle instances are terminated after this long (default 120 s). */
  idleMs?: number;
  /** Called after each invocation (the process logs it; no identity or payload in it). */
  onRecord?: (record: InvocationRecord) => void;
  /** Project variables every instance gets (e.g. the data dir's dev keys); host `UNION_*` variables override them. */
  projectEnv?: Record<string, string>;
}

/**
 * Runs built cloud functions the way SCF does: each instance is a worker thread with the SCF environment;
 * each invocation gets its own WX context (set inside the instance right before it runs).
 */
export class FunctionRuntime {
  private specs: Map<string, FunctionSpec>;
  private readonly pools = new Map<string, Pool>();
  private readonly retired = new Set<Pool>();
  private readonly active = new Map<string, ActiveInvocation>();
  private readonly records: InvocationRecord[] = [];
  private seq = 0;

  private readonly reaper: NodeJS.Timeout;

  constructor(private readonly opts: FunctionRuntimeOptions) {
    this.specs = loadFunctions(opts.functionsDir, opts.rcFile);
    const idleMs = opts.idleMs ?? 120_000;
    this.reaper = setInterval(() => this.pools.forEach((p) => p.reap(idleMs)), Math.min(idleMs, 15_000));
    this.reaper.unref();
  }

  /** Names of the loaded functions. */
  names(): string[] {
    return [...this.specs.keys()].sort();
  }

  /** The function's spec, reloaded when its index.js was rebuilt. */
  spec(name: string): FunctionSpec | undefined {
    if (!FUNCTION_NAME.test(name)) return undefined;
    let spec = this.specs.get(name);
    const dir = spec?.dir ?? path.join(this.opts.functionsDir, name);
    const index = path.join(dir, 'index.js');
    if (!fs.existsSync(index)) return undefined;
    if (!spec || fs.statSync(index).mtimeMs !== spec.mtimeMs) {
      spec = loadFunctionSpec(dir, readRcFunctions(this.opts.rcFile));
      if (!spec) return undefined;
      this.specs.set(name, spec);
      const old = this.pools.get(name);
      if (old) {
        this.pools.delete(name);
        this.retired.add(old);
        old.retire();
      }
      for (const pool of this.retired) if (pool.instances.size === 0) this.retired.delete(pool);
    }
    return spec;
  }

  /** All loaded specs (for timers). */
  allSpecs(): FunctionSpec[] {
    return [...this.specs.values()];
  }

  /** The running invocation a WX_API_TOKEN belongs to (for openapi permission checks and nested calls). */
  byToken(token: string | undefined): ActiveInvocation | undefined {
    return token ? this.active.get(token) : undefined;
  }

  /** Recent invocations, oldest first. */
  invocations(): InvocationRecord[] {
    return this.records.slice();
  }

  /** Number of live instances of a function (tests, dev panel). */
  instanceCount(name: string): number {
    return [...(this.pools.get(name)?.instances ?? [])].filter((i) => !i.dead).length;
  }

  /**
   * Project configuration for an invocation: the host's current `UNION_*` variables, then the function's own
   * `envVariables`. Sent with every invocation, so a test that moves `UNION_CLOCK_OFFSET_MS` affects the next call.
   */
  private projectEnv(spec: FunctionSpec): Record<string, string> {
    const fromHost = Object.entries(process.env).filter(
      (e): e is [string, string] => e[0].startsWith(PROJECT_ENV_PREFIX) && e[1] !== undefined,
    );
    return { ...this.opts.projectEnv, ...Object.fromEntries(fromHost), ...spec.envVariables };
  }

  private staticEnv(spec: FunctionSpec): Record<string, string> {
    return {
      ...this.projectEnv(spec),
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: this.opts.envId,
      TCB_ENV: this.opts.envId,
      SCF_FUNCTIONNAME: spec.name,
      SCF_FUNCTIONVERSION: '$LATEST',
      TENCENTCLOUD_REGION: this.opts.region,
      TENCENTCLOUD_SECRETID: 'AKIDlocalcloud',
      TENCENTCLOUD_SECRETKEY: 'local-cloud-secret-key',
      TENCENTCLOUD_SESSIONTOKEN: 'local-cloud-session-token',
      WX_CONTEXT_KEYS: 'WX_APPID,WX_OPENID,WX_UNIONID,WX_API_TOKEN,WX_CLIENTIP,WX_CLIENTIPV6',
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE,TRIGGER_SRC',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl }),
      SILENCE: 'true',
      NODE_ENV: process.env.NODE_ENV ?? 'development',
    };
  }

  private pool(spec: FunctionSpec): Pool {
    let pool = this.pools.get(spec.name);
    if (!pool) {
      pool = new Pool(spec, () => this.staticEnv(spec), this.opts.maxInstances ?? 8, this.opts.quiet);
      this.pools.set(spec.name, pool);
    }
    return pool;
  }

  /**
   * Invoke a function. `data` is the caller's payload; for client and function callers the event is
   * `{ ...data, userInfo: { appId, openId } }` as CloudBase builds it; timer events are passed as given.
   */
  async invoke(name: string, data: unknown, from: InvocationSource): Promise<{ result: unknown; requestId: string }> {
    const requestId = newRequestId();
    const started = Date.now();
    const record = (code: string) => {
      const entry = { name, durationMs: Date.now() - started, code, at: new Date(started).toISOString() };
      this.records.push(entry);
      this.opts.onRecord?.(entry);
      if (this.records.length > 200) this.records.splice(0, this.records.length - 200);
    };
    const spec = this.spec(name);
    if (!spec) {
      record('FUNCTION_NOT_FOUND');
      throw new FunctionError(
        'ResourceNotFound.Function',
        `FunctionName parameter could not be found: ${name}`,
        requestId,
      );
    }
    const id = from.identity;
    const event =
      from.trigger === 'timer'
        ? data
        : {
            ...(data && typeof data === 'object' && !Array.isArray(data) ? data : {}),
            userInfo: { appId: id.appid ?? (id.openid ? LOCAL_APPID : ''), openId: id.openid ?? '' },
          };
    // Size and depth are checked before the event is copied into an instance; it travels as JSON text.
    const encoded = encodeEvent(event);
    if (!('json' in encoded)) {
      record(encoded.code);
      throw new FunctionError(encoded.code, encoded.message, requestId);
    }
    const token = crypto.randomBytes(16).toString('hex');
    const env: Record<string, string> = {
      ...this.projectEnv(spec),
      WX_API_TOKEN: token,
      TCB_SOURCE: from.source,
      SCF_REQUESTID: requestId,
      TCB_SEQID: requestId,
    };
    if (id.openid) env.WX_OPENID = id.openid;
    if (id.openid || id.appid) env.WX_APPID = id.appid ?? LOCAL_APPID;
    if (id.unionid) env.WX_UNIONID = id.unionid;
    if (id.openid) {
      env.WX_CLIENTIP = id.clientIp ?? '127.0.0.1';
      env.WX_CLIENTIPV6 = `::ffff:${env.WX_CLIENTIP}`;
    }
    if (from.trigger === 'timer') {
      env.TRIGGER_SRC = 'timer';
      env.WX_TRIGGER_API_TOKEN_V0 = token;
    }
    const context = {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: spec.memoryMb,
      time_limit_in_ms: spec.timeoutMs,
      request_id: requestId,
      function_name: spec.name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      tencentcloud_region: this.opts.region,
      environment: JSON.stringify({ ...this.staticEnv(spec), ...env }),
    };
    this.active.set(token, { ...from, functionName: spec.name, requestId });
    const pool = this.pool(spec);
    const inst = await pool.acquire();
    let timer: NodeJS.Timeout | undefined;
    const deadline = (ms: number, error: Error) =>
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(error), ms);
      });
    try {
      // Loading the code (cold start) has its own limit, like SCF's initialisation timeout.
      await Promise.race([inst.ready, deadline(INIT_TIMEOUT_MS, new TimeoutError('init'))]);
      clearTimeout(timer);
      const reply = await Promise.race([
        inst.run({ id: ++this.seq, env, eventJson: encoded.json, context }),
        deadline(spec.timeoutMs, new TimeoutError('run')),
      ]);
      if (!reply.ok) {
        record('FUNCTIONS_EXECUTE_FAIL');
        throw new FunctionError('FUNCTIONS_EXECUTE_FAIL', `${reply.error.name}: ${reply.error.message}`, requestId);
      }
      record('OK');
      return { result: JSON.parse(reply.json) as unknown, requestId };
    } catch (err) {
      if (err instanceof FunctionError) throw err;
      // Timeout or crash: this instance is gone; the next call gets a fresh one.
      await pool.discard(inst);
      if (err instanceof TimeoutError) {
        record('FUNCTIONS_TIME_LIMIT_EXCEEDED');
        const limit = err.message === 'init' ? INIT_TIMEOUT_MS : spec.timeoutMs;
        const what = err.message === 'init' ? 'Initializing function' : 'Invoking task';
        // CloudBase reports a timeout as an execution failure (-504002) whose message says so.
        throw new FunctionError('FUNCTIONS_EXECUTE_FAIL', `${what} timed out after ${limit / 1000} seconds`, requestId);
      }
      record('FUNCTIONS_EXECUTE_FAIL');
      throw new FunctionError(
        'FUNCTIONS_EXECUTE_FAIL',
        `function instance crashed: ${(err as Error).message}`,
        requestId,
      );
    } finally {
      clearTimeout(timer);
      this.active.delete(token);
      pool.release(inst);
    }
  }

  /** Start one instance of every function ahead of the first call (npm start), so the first click is fast. */
  prewarm(): void {
    for (const name of this.names()) {
      const spec = this.spec(name);
      if (spec) this.pool(spec).prewarm();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.reaper);
    await Promise.all([...this.pools.values(), ...this.retired].map((p) => p.close()));
    this.pools.clear();
  }
}

class TimeoutError extends Error {}

/** Limit on loading a function's code in a fresh instance. */
const INIT_TIMEOUT_MS = 30_000;
