/**
 * Benchmark of the local cloud's database against its floor.
 *
 *   npx tsx scripts/bench/local-cloud.ts            (BENCH_DOCS=20000 to scale down)
 *
 * Both targets are driven by the same real @cloudbase/node-sdk over loopback HTTP, each server in its own
 * process:
 *   - local: the local cloud (`startLocalCloud`: admin API → database service → SQLite, mingo semantics);
 *   - floor: a minimal server written here that answers the same admin actions straight from better-sqlite3
 *     with hand-written SQL (expression index on the indexed fields, no query engine, no semantics checks).
 * Each figure is printed side by side with its ratio (how many times slower the local cloud is; goal ≤ 2).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

const N = Number(process.env.BENCH_DOCS ?? 200_000);
const BATCH = 1000;
const STATUSES = ['open', 'accepted', 'review', 'closed', 'rejected'];
const CITIES = Array.from({ length: 20 }, (_v, i) => `city${i}`);
const COLL = 'bench';
const DATE_FIELDS = new Set(['createdAt']);

// ------------------------------------------------------------------------------------------ servers (child side)

async function serveLocal(dir: string): Promise<string> {
  const decl = path.join(dir, 'collections');
  fs.mkdirSync(decl, { recursive: true });
  fs.mkdirSync(path.join(dir, 'functions'), { recursive: true });
  fs.writeFileSync(
    path.join(decl, `${COLL}.json`),
    JSON.stringify({
      name: COLL,
      indexes: [
        {
          name: 'status_created',
          keys: [
            ['status', 1],
            ['createdAt', -1],
          ],
          unique: false,
        },
      ],
    }),
  );
  const { startLocalCloud } = await import('../../local/cloud/server');
  const cloud = await startLocalCloud({
    port: 0,
    dataDir: path.join(dir, 'data'),
    collectionsDir: decl,
    functionsDir: path.join(dir, 'functions'),
    quiet: true,
    timers: false,
    seed: false,
  });
  return cloud.adminUrl;
}

type J = Record<string, unknown>;

/** Canonical EJSON → plain JSON with Dates kept as `{"$date": ms}` (what the SDK parses back as a Date). */
function floorRevive(_k: string, v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as J;
    if ('$numberInt' in o) return Number(o.$numberInt);
    if ('$numberDouble' in o) return Number(o.$numberDouble);
    if ('$numberLong' in o) return Number(o.$numberLong);
  }
  return v;
}

function serveFloor(dir: string): Promise<string> {
  const db = new Database(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.exec(`CREATE TABLE docs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
  db.exec(
    `CREATE INDEX docs_status_created ON docs (json_extract(doc,'$.status'), json_extract(doc,'$.createdAt."$date"') DESC)`,
  );
  const ins = db.prepare(`INSERT INTO docs (id, doc) VALUES (?, ?)`);
  const insertMany = db.transaction((rows: Array<[string, string]>) => {
    for (const r of rows) ins.run(r[0], r[1]);
  });
  const byId = db.prepare(`SELECT doc FROM docs WHERE id = ?`).pluck();
  const inc = db.prepare(`UPDATE docs SET doc = json_set(doc, ?, coalesce(json_extract(doc, ?), 0) + ?) WHERE id = ?`);
  const stmts = new Map<string, Database.Statement>();
  const stmt = (sql: string) => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = db.prepare(sql).pluck()));
    return s;
  };
  const expr = (f: string, v: unknown) =>
    v && typeof v === 'object' && '$date' in (v as J)
      ? `json_extract(doc,'$.${f}."$date"')`
      : `json_extract(doc,'$.${f}')`;
  const val = (v: unknown) => (v && typeof v === 'object' && '$date' in (v as J) ? (v as J).$date : v);
  const OPS: J = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=', $eq: '=' };
  const where = (q: J): { sql: string; params: unknown[] } => {
    const parts: string[] = [];
    const params: unknown[] = [];
    for (const [f, v] of Object.entries(q)) {
      if (v && typeof v === 'object' && !('$date' in (v as J))) {
        for (const [op, x] of Object.entries(v as J)) {
          parts.push(`${expr(f, x)} ${OPS[op]} ?`);
          params.push(val(x));
        }
      } else {
        parts.push(`${expr(f, v)} = ?`);
        params.push(val(v));
      }
    }
    return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
  };
  let rid = 0;
  const answer = (p: J): J => {
    switch (p.action) {
      case 'database.addCollection':
        return {};
      case 'database.insertDocument': {
        const rows = (p.data as string[]).map((s) => {
          const d = JSON.parse(s, floorRevive) as J;
          return [String(d._id), JSON.stringify(d)] as [string, string];
        });
        insertMany(rows);
        return { data: { insertedIds: rows.map((r) => r[0]) } };
      }
      case 'database.getDocument': {
        const q = p.query ? (JSON.parse(p.query as string, floorRevive) as J) : {};
        if (p.queryType === 'DOC') {
          const d = byId.get(q._id) as string | undefined;
          return { data: { list: d ? [d] : [] } };
        }
        const w = where(q);
        const order = p.order ? (JSON.parse(p.order as string, floorRevive) as J) : {};
        // Hand-written like the rest of the floor: it knows which fields hold dates.
        const ob = Object.entries(order).map(
          ([f, d]) => `json_extract(doc,'$.${f}${DATE_FIELDS.has(f) ? '."$date"' : ''}') ${d === -1 ? 'DESC' : 'ASC'}`,
        );
        const sql = `SELECT doc FROM docs${w.sql}${ob.length ? ` ORDER BY ${ob.join(', ')}` : ''} LIMIT ? OFFSET ?`;
        return { data: { list: stmt(sql).all(...w.params, p.limit ?? 100, p.offset ?? 0) } };
      }
      case 'database.calculateDocument': {
        const w = where(p.query ? (JSON.parse(p.query as string, floorRevive) as J) : {});
        return { data: { total: stmt(`SELECT count(*) FROM docs${w.sql}`).get(...w.params) } };
      }
      case 'database.modifyDocument': {
        const q = JSON.parse(p.query as string, floorRevive) as J;
        const data = JSON.parse(p.data as string, floorRevive) as { $inc: Record<string, number> };
        let updated = 0;
        for (const [f, by] of Object.entries(data.$inc)) updated = inc.run(`$.${f}`, `$.${f}`, by, q._id).changes;
        return { data: { updated } };
      }
      default:
        return { code: 'INVALID_ACTION', message: String(p.action) };
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = { ...answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as J), requestId: `f${++rid}` };
      const text = JSON.stringify(body);
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/admin`),
    ),
  );
}

// ------------------------------------------------------------------------------------------ workload (parent side)

interface Figures {
  insertPerSec: number;
  getMs: number;
  pageIndexedMs: number;
  pageUnindexedMs: number;
  countIndexedMs: number;
  countUnindexedMs: number;
  mixedOpsPerSec: number;
  /** Answers of fixed queries, compared between local cloud and floor. */
  fingerprint: string;
  /** Sum of the counters the mixed workload incremented, and how many increments it sent. */
  incSum: number;
  incSent: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function makeDoc(i: number): J {
  return {
    _id: `d${i}`,
    status: STATUSES[i % STATUSES.length],
    city: CITIES[(i * 7) % CITIES.length],
    score: (i * 7919) % 100_000,
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
    name: `member ${i}`,
    n: 0,
  };
}

type Kind = 'local' | 'floor';
const KINDS: Kind[] = ['floor', 'local'];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Col = any;
interface Target {
  kind: Kind;
  child: ChildProcess;
  col: Col;
}
type PerTarget = Record<Kind, number>;

const elapsedMs = (t: bigint): number => Number(process.hrtime.bigint() - t) / 1e6;

/**
 * Median latency of `fn` on each target, calls alternating between the targets (order flipped every round), so
 * load from other processes on the machine hits both alike.
 */
async function paired(
  targets: Target[],
  times: number,
  fn: (col: Col, i: number) => Promise<unknown>,
): Promise<PerTarget> {
  const out: Record<Kind, number[]> = { local: [], floor: [] };
  for (let i = 0; i < times; i++) {
    const order = i % 2 ? [...targets].reverse() : targets;
    for (const t of order) {
      const t0 = process.hrtime.bigint();
      await fn(t.col, i);
      out[t.kind].push(elapsedMs(t0));
    }
  }
  return { local: median(out.local), floor: median(out.floor) };
}

const rnd = (k: number) => (k * 2654435761) % N;
const log = (m: string) => process.stderr.write(`  ${m}\n`);

async function runWorkload(targets: Target[]): Promise<Record<Kind, Figures>> {
  const _ = targets[0].col._db.command;
  const fig = { local: {} as Figures, floor: {} as Figures };

  log(`bulk insert of ${N} documents (batches alternate between the targets)`);
  const insertMs: PerTarget = { local: 0, floor: 0 };
  for (let i = 0; i < N; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, N - i) }, (_v, k) => makeDoc(i + k));
    for (const t of (i / BATCH) % 2 ? [...targets].reverse() : targets) {
      const t0 = process.hrtime.bigint();
      await t.col.add(batch);
      insertMs[t.kind] += elapsedMs(t0);
    }
  }
  for (const k of KINDS) fig[k].insertPerSec = N / (insertMs[k] / 1000);

  log('doc().get()');
  await paired(targets, 50, (col, i) => col.doc(`d${rnd(i)}`).get());
  const get = await paired(targets, 1000, (col, i) => col.doc(`d${rnd(i + 77)}`).get());

  log('pages');
  const pageIdx = await paired(targets, 200, (col, i) =>
    col
      .where({ status: STATUSES[i % STATUSES.length] })
      .orderBy('createdAt', 'desc')
      .skip(i % 3 === 0 ? 20 : 0)
      .limit(20)
      .get(),
  );
  const reps = N >= 100_000 ? 9 : 15;
  const pageScan = await paired(targets, reps, (col, i) =>
    col
      .where({ city: CITIES[i % CITIES.length] })
      .orderBy('score', 'desc')
      .limit(20)
      .get(),
  );

  log('counts');
  const countIdx = await paired(targets, 50, (col, i) => col.where({ status: STATUSES[i % STATUSES.length] }).count());
  const countScan = await paired(targets, reps, (col, i) =>
    col.where({ city: CITIES[i % CITIES.length], score: _.gte(50_000) }).count(),
  );
  for (const k of KINDS) {
    Object.assign(fig[k], {
      getMs: get[k],
      pageIndexedMs: pageIdx[k],
      pageUnindexedMs: pageScan[k],
      countIndexedMs: countIdx[k],
      countUnindexedMs: countScan[k],
      mixedOpsPerSec: 0,
      incSent: 0,
    });
  }

  log('20 concurrent clients (2 rounds per target, alternating; best round counts)');
  const OPS = 150;
  for (let round = 0; round < 2; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const tm = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: 20 }, async (_v, c) => {
          for (let k = 0; k < OPS; k++) {
            const x = rnd(round * 100_000 + c * 1000 + k);
            if (k % 10 < 7) await t.col.doc(`d${x}`).get();
            else await t.col.doc(`d${x % 100}`).update({ n: _.inc(1) });
          }
        }),
      );
      const f = fig[t.kind];
      f.mixedOpsPerSec = Math.max(f.mixedOpsPerSec, (20 * OPS) / (elapsedMs(tm) / 1000));
      f.incSent += 20 * (OPS - Math.ceil((OPS * 7) / 10));
    }
  }

  const ids = (r: { data: Array<{ _id: string }> }) => r.data.map((d) => d._id).join(',');
  for (const t of targets) {
    const f = fig[t.kind];
    f.incSum = 0;
    for (let i = 0; i < 100; i++) f.incSum += ((await t.col.doc(`d${i}`).get()).data[0] as { n: number }).n;
    f.fingerprint = JSON.stringify([
      ids(await t.col.where({ status: 'review' }).orderBy('createdAt', 'desc').skip(20).limit(20).get()),
      ids(await t.col.where({ city: 'city3' }).orderBy('score', 'desc').limit(20).get()),
      (await t.col.where({ status: 'open' }).count()).total,
      (await t.col.where({ city: 'city3', score: _.gte(50_000) }).count()).total,
    ]);
  }
  return fig;
}

function startServer(kind: Kind, dir: string): Promise<ChildProcess & { url?: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--serve', kind, dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(Object.assign(child, { url: String((m as { url: string }).url) })));
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
  });
}

async function connect(kind: Kind, child: ChildProcess & { url?: string }): Promise<Target> {
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  const tcb = (await import('@cloudbase/node-sdk')).default;
  const app = tcb.init({
    env: 'bench',
    serviceUrl: child.url,
    secretId: 'bench',
    secretKey: 'bench',
    timeout: 600_000,
  });
  const db = app.database();
  await db.createCollection(COLL).catch(() => undefined);
  const col = db.collection(COLL);
  return { kind, child, col: Object.assign(col, { _db: db }) };
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-local-cloud-'));
  process.stderr.write(`local cloud database benchmark: ${N} documents (BENCH_DOCS), ${os.cpus().length} cores\n`);
  const targets: Target[] = [];
  let results: Record<Kind, Figures>;
  try {
    for (const kind of KINDS) {
      const dir = path.join(root, kind);
      fs.mkdirSync(dir, { recursive: true });
      targets.push(await connect(kind, await startServer(kind, dir)));
    }
    results = await runWorkload(targets);
  } finally {
    for (const t of targets) {
      t.child.removeAllListeners('exit');
      t.child.kill();
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
  const L = results.local;
  const F = results.floor;
  const rows: Array<[string, string, string, number]> = [];
  const lat = (name: string, l: number, f: number) =>
    rows.push([name, `${l.toFixed(2)} ms`, `${f.toFixed(2)} ms`, l / f]);
  const thr = (name: string, l: number, f: number, unit: string) =>
    rows.push([
      name,
      `${Math.round(l).toLocaleString('en')} ${unit}`,
      `${Math.round(f).toLocaleString('en')} ${unit}`,
      f / l,
    ]);
  thr(`bulk insert via SDK (add, ${BATCH}/call)`, L.insertPerSec, F.insertPerSec, 'docs/s');
  lat('doc().get() median', L.getMs, F.getMs);
  lat('page of 20, indexed filter+sort (median)', L.pageIndexedMs, F.pageIndexedMs);
  lat('page of 20, unindexed filter+sort (median)', L.pageUnindexedMs, F.pageUnindexedMs);
  lat('count, indexed filter (median)', L.countIndexedMs, F.countIndexedMs);
  lat('count, unindexed filter (median)', L.countUnindexedMs, F.countUnindexedMs);
  thr('20 clients, 70% get / 30% inc', L.mixedOpsPerSec, F.mixedOpsPerSec, 'ops/s');
  const w = [46, 18, 18, 8];
  const line = (c: string[]) => c.map((s, i) => (i === 0 ? s.padEnd(w[i]) : s.padStart(w[i]))).join('  ');
  console.log(
    `\nLocal cloud database vs floor (same SDK, loopback HTTP, better-sqlite3), ${N.toLocaleString('en')} documents`,
  );
  console.log(line(['operation', 'local cloud', 'floor', 'ratio']));
  console.log('-'.repeat(w.reduce((a, b) => a + b + 2, -2)));
  for (const [name, l, f, r] of rows) console.log(line([name, l, f, `${r.toFixed(2)}×${r > 2 ? ' !' : ''}`]));
  console.log(
    'ratio = how many times slower than the floor (latency: local/floor; throughput: floor/local). Goal ≤ 2×.',
  );
  console.log(`same answers as the floor on the measured queries: ${L.fingerprint === F.fingerprint ? 'yes' : 'NO'}`);
  console.log(
    `increments kept under 20 concurrent clients: local ${L.incSum}/${L.incSent}, floor ${F.incSum}/${F.incSent}`,
  );
  if (L.fingerprint !== F.fingerprint || L.incSum !== L.incSent) process.exitCode = 1;
}

if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  const dir = process.argv[4];
  void (kind === 'local' ? serveLocal(dir) : serveFloor(dir)).then((url) => process.send?.({ url }));
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
