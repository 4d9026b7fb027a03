/**
 * Benchmark: the staff queue's cursor pagination with 100,000 cases in the system — the first page
 * and the page after 10,000 cases (keyset cursor), through the `cases` function as the city
 * administrator (real wx-server-sdk in a function instance → local cloud → SQLite index), and the
 * bare query through @cloudbase/node-sdk. The goal: the later page costs < 1.5× the first.
 *
 *   npx tsx scripts/bench/cases.ts                 # 100,000 cases
 *   BENCH_SCALE=0.1 npx tsx scripts/bench/cases.ts # 10,000 cases (cursor after 1,000)
 *
 * Prints one JSON line; `benchCases()` is exported.
 */
import { chinaMonth } from '../../common/china-time';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../local/cloud/server';
import { createAdminApp } from '../../local/cloud/sdk';
import { seedGrid } from '../seed/index';
import { buildFunction } from '../build-functions';
import { buildGrid } from '../../domain/grid/data';
import { dueKeyOf, scopeKeys, type CaseDoc } from '../../domain/cases/store';
import { levelOfPath } from '../../domain/cases/machine';

export interface CasesBenchResult {
  name: 'cases.queuePage';
  cases: number;
  cursorAfter: number;
  seedMs: number;
  runs: number;
  firstPageMedianMs: number;
  laterPageMedianMs: number;
  ratio: number;
  queryFirstMedianMs: number;
  queryLaterMedianMs: number;
  queryRatio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Deterministic case documents spread over the grid, due dates within ±30 days of `now`. */
function makeCases(count: number, now: number): CaseDoc[] {
  const villages = buildGrid().filter((n) => n.level === 'village');
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const out: CaseDoc[] = [];
  for (let i = 0; i < count; i += 1) {
    const village = villages[i % villages.length];
    const path = rnd() < 0.2 ? village.path.slice(0, 2) : village.path;
    const _id = `bench-${String(i).padStart(7, '0')}`;
    const open = rnd() < 0.9;
    const dueAt = open ? new Date(now + Math.floor((rnd() - 0.5) * 60 * 86_400_000)) : null;
    const createdAt = new Date(now - Math.floor(rnd() * 90 * 86_400_000));
    const consultation = i % 3 === 0;
    out.push({
      _id,
      type: consultation ? 'consultation' : 'appeal',
      category: consultation ? 'policy' : 'wage_arrears',
      categoryLabel: consultation ? '政策咨询' : '欠薪',
      title: consultation ? '政策咨询 · 基准测试' : '欠薪 · 基准测试单位',
      status: consultation ? 'waiting' : 'handling',
      version: 2,
      open,
      applicantOpenid: `bench-person-${i % 5000}`,
      personId: `bench-p-${i % 5000}`,
      applicantName: '测*',
      nodeId: path[path.length - 1],
      nodePath: path,
      level: levelOfPath(path),
      ...scopeKeys(path),
      originNodeId: village._id,
      dueAt,
      dueKey: dueKeyOf(dueAt, _id, createdAt),
      createdKey: `${String(createdAt.getTime()).padStart(15, '0')}|${_id}`,
      createdMonth: chinaMonth(createdAt),
      overdueCount: 0,
      remindedOn: '',
      held: false,
      heldFields: [],
      waitingSince: consultation ? createdAt : null,
      reopenCount: 0,
      rating: null,
      form: { category: consultation ? 'policy' : 'wage_arrears' },
      eligibility: null,
      data: {},
      createdAt,
      updatedAt: createdAt,
    });
  }
  return out;
}

/** Seed `scale` × 100,000 cases into a throw-away local cloud and time the two pages. */
export async function benchCases(scale = Number(process.env.BENCH_SCALE ?? 1), runs = 30): Promise<CasesBenchResult> {
  await buildFunction('cases');
  const total = Math.max(2000, Math.round(100_000 * scale));
  const cursorAfter = Math.round(total / 10);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cases-'));
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    seed: false,
    quiet: true,
    timers: false,
    maxInstancesPerFunction: 1,
  });
  try {
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    const started = Date.now();
    await seedGrid(app);
    await app
      .database()
      .collection('staff')
      .add({
        _id: 'bench-admin',
        openid: 'bench-admin',
        name: '基准管理员',
        role: 'city_admin',
        gridNodeId: 'city',
        gridPath: ['city'],
        active: true,
        activeKey: 'bench-admin',
        source: 'bootstrap',
        invitedBy: null,
        createdAt: new Date(),
      });
    const docs = makeCases(total, Date.now());
    const coll = app.database().collection('cases');
    for (let i = 0; i < docs.length; i += 1000) await coll.add(docs.slice(i, i + 1000));
    const seedMs = Date.now() - started;

    // The cursor after `cursorAfter` open cases in queue order is that case's dueKey.
    const openKeys = docs
      .filter((d) => d.open)
      .map((d) => d.dueKey)
      .sort();
    const cursor = openKeys[cursorAfter - 1];

    const page = async (input: object) => {
      const t = process.hrtime.bigint();
      const res = await cloud.callFunction(
        'cases',
        { action: 'queue', input: { limit: 20, ...input } },
        { openid: 'bench-admin' },
      );
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      const r = res.result as { ok: boolean; data?: { items: { _id: string }[] } };
      if (!r.ok || r.data?.items.length !== 20)
        throw new Error(`queue page failed: ${JSON.stringify(r).slice(0, 200)}`);
      return { ms, first: r.data.items[0]._id };
    };
    const query = async (withCursor: boolean) => {
      const _ = app.database().command;
      const where: Record<string, unknown> = { open: true };
      if (withCursor) where.dueKey = _.gt(cursor);
      const t = process.hrtime.bigint();
      const { data } = (await app
        .database()
        .collection('cases')
        .where(where)
        .orderBy('dueKey', 'asc')
        .limit(21)
        .get()) as { data: unknown[] };
      if (data.length !== 21) throw new Error('bare query returned a short page');
      return Number(process.hrtime.bigint() - t) / 1e6;
    };

    // Warm up the function instance and SQLite's page cache; check the cursor page starts right after the cursor.
    await page({});
    const later = await page({ cursor });
    const expectedFirst = docs.find((d) => d.dueKey === openKeys[cursorAfter])?._id;
    if (later.first !== expectedFirst) throw new Error('the cursor page does not start after the cursor');

    const firstMs: number[] = [];
    const laterMs: number[] = [];
    const qFirst: number[] = [];
    const qLater: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      // Alternate so machine noise hits both alike.
      firstMs.push((await page({})).ms);
      laterMs.push((await page({ cursor })).ms);
      qFirst.push(await query(false));
      qLater.push(await query(true));
    }
    const result: CasesBenchResult = {
      name: 'cases.queuePage',
      cases: total,
      cursorAfter,
      seedMs,
      runs,
      firstPageMedianMs: round(median(firstMs)),
      laterPageMedianMs: round(median(laterMs)),
      ratio: round(median(laterMs) / median(firstMs)),
      queryFirstMedianMs: round(median(qFirst)),
      queryLaterMedianMs: round(median(qLater)),
      queryRatio: round(median(qLater) / median(qFirst)),
    };
    return result;
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

if (require.main === module) {
  process.env.TENCENTCLOUD = 'true';
  benchCases()
    .then((r) => {
      console.log(JSON.stringify(r));
      console.log(
        `staff queue, ${r.cases} cases: first page ${r.firstPageMedianMs} ms, page after ${r.cursorAfter} cases ${r.laterPageMedianMs} ms, ratio ${r.ratio} (goal < 1.5)`,
      );
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
