import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from './registry';

/** Variables that change per invocation (cleared before each one inside the instance). */
export const PER_INVOCATION_KEYS = [
  'WX_OPENID',
  'WX_APPID',
  'WX_UNIONID',
  'WX_CLIENTIP',
  'WX_CLIENTIPV6',
  'WX_API_TOKEN',
  'WX_TRIGGER_API_TOKEN_V0',
  'TCB_SOURCE',
  'TRIGGER_SRC',
  'SCF_REQUESTID',
  'TCB_SEQID',
];

/** Host variables with this prefix are project configuration passed to every invocation (and removed when unset). */
export const PROJECT_ENV_PREFIX = 'UNION_';

/** What an instance posts back for one invocation. */
export type WorkerReply =
  | { id: number; ok: true; json: string }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/** One function instance: a worker thread that runs one request at a time. */
export class Instance {
  private static seq = 0;
  readonly id = ++Instance.seq;
  busy = false;
  dead = false;
  lastUsed = Date.now();
  private pending?: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };
  private readonly worker: Worker;
  /** Settles once the function's code is loaded (or the instance died trying). */
  readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  constructor(spec: FunctionSpec, env: Record<string, string>, quiet: boolean) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.worker = new Worker(path.join(__dirname, 'worker.js'), {
      env,
      workerData: { dir: spec.dir, perInvocationKeys: PER_INVOCATION_KEYS, projectEnvPrefix: PROJECT_ENV_PREFIX },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: spec.memoryMb },
    });
    // Function logs: dropped when quiet, else printed with the function's name (as the CloudBase console shows them).
    // With LOCAL_CLOUD_LOG_FILE set, every line is also appended there (CI scans it for personal data).
    const logFile = process.env.LOCAL_CLOUD_LOG_FILE;
    const pipe = (stream: Readable, out: NodeJS.WriteStream) => {
      if (quiet && !logFile) return void stream.resume();
      readline.createInterface({ input: stream }).on('line', (line) => {
        const text = `[fn ${spec.name}] ${line}\n`;
        if (logFile) fs.appendFileSync(logFile, text);
        if (!quiet) out.write(text);
      });
    };
    pipe(this.worker.stdout, process.stdout);
    pipe(this.worker.stderr, process.stderr);
    this.worker.on('message', (msg: WorkerReply | { type: 'ready' }) => {
      if ('type' in msg) return this.markReady();
      const p = this.pending;
      this.pending = undefined;
      p?.resolve(msg);
    });
    const fail = (err: Error) => {
      this.dead = true;
      this.markReady();
      const p = this.pending;
      this.pending = undefined;
      p?.reject(err);
    };
    this.worker.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
    this.worker.on('exit', (code) => fail(new Error(`function instance exited (code ${code})`)));
  }

  run(message: { id: number; env: Record<string, string>; eventJson: string; context: unknown }): Promise<WorkerReply> {
    if (this.dead) return Promise.reject(new Error('function instance is gone'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

/** The instances of one function: grows on demand up to `cap`, one request per instance. */
export class Pool {
  readonly instances = new Set<Instance>();
  private readonly waiters: Array<(i: Instance) => void> = [];

  constructor(
    public spec: FunctionSpec,
    private readonly env: () => Record<string, string>,
    private readonly cap: number,
    private readonly quiet: boolean,
  ) {}

  acquire(): Promise<Instance> {
    for (const inst of this.instances) {
      // An idle instance can die between requests (a stray timer throwing after main returned): drop it.
      if (inst.dead && !inst.busy) this.instances.delete(inst);
      else if (!inst.busy) {
        inst.busy = true;
        return Promise.resolve(inst);
      }
    }
    if (this.instances.size < this.cap) {
      const inst = new Instance(this.spec, { ...this.env(), ...this.spec.envVariables }, this.quiet);
      inst.busy = true;
      this.instances.add(inst);
      return Promise.resolve(inst);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(inst: Instance): void {
    inst.lastUsed = Date.now();
    if (this.retired && this.waiters.length === 0) void inst.terminate().catch(() => undefined);
    if (inst.dead) {
      this.instances.delete(inst);
      const waiter = this.waiters.shift();
      if (waiter) void this.acquire().then(waiter);
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter(inst);
    else inst.busy = false;
  }

  /** Start one idle instance ahead of the first call, if there is none. */
  prewarm(): void {
    if (this.instances.size > 0) return;
    this.instances.add(new Instance(this.spec, { ...this.env(), ...this.spec.envVariables }, this.quiet));
  }

  /** Terminate a broken instance; `release` then drops it and serves the next waiter with a fresh one. */
  async discard(inst: Instance): Promise<void> {
    await inst.terminate().catch(() => undefined);
  }

  private retired = false;

  /** Retire after a rebuild: idle instances stop now, busy ones when their request ends. */
  retire(): void {
    this.retired = true;
    this.reap(-1);
  }

  /** Terminate instances idle for longer than `idleMs` (SCF reclaims idle instances too). */
  reap(idleMs: number): void {
    const now = Date.now();
    for (const inst of this.instances) {
      if (!inst.busy && now - inst.lastUsed > idleMs) {
        this.instances.delete(inst);
        void inst.terminate().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.instances].map((i) => i.terminate().catch(() => undefined)));
    this.instances.clear();
  }
}
