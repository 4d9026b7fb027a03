/**
 * Benchmark: find a person by citizen ID number among the article's 185,560 people (18,751 workers,
 * 165,836 migrant workers, 973 hardship workers) through the blind index — the `people` function's
 * `searchPeople {idNumber}` as the city administrator (real wx-server-sdk in a function instance →
 * local cloud → SQLite unique index), and the bare indexed query through @cloudbase/node-sdk.
 *
 *   npx tsx scripts/bench/people.ts             # full scale (seeding takes a while)
 *   BENCH_SCALE=0.1 npx tsx scripts/bench/people.ts
 *
 * Prints one JSON line; `benchPeople()` is exported for `npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../local/cloud/server';
import { createAdminApp } from '../../local/cloud/sdk';
import { seedGrid } from '../seed/index';
import { fakeIdNumber, FULL_SCALE, seedPeople } from '../seed/people';
import { FieldCipher } from '../../domain/security/crypto';
import { buildFunction } from '../build-functions';

export interface PeopleBenchResult {
  name: 'people.findByIdNumber';
  people: number;
  seedMs: number;
  lookups: number;
  functionMedianMs: number;
  functionP95Ms: number;
  queryMedianMs: number;
  queryP95Ms: number;
  /** `searchPeople {}` (first page + total) as town staff of 万家乡 and as the city admin. */
  townListMedianMs: number;
  cityListMedianMs: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/** Seed a throw-away local cloud at `scale` × the article's figures and time look-ups by ID number. */
export async function benchPeople(
  scale = Number(process.env.BENCH_SCALE ?? 1),
  lookups = 200,
): Promise<PeopleBenchResult> {
  await buildFunction('people');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-people-'));
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
    await seedPeople(app, { scale: 'full', factor: scale, keys: cloud.devKeys });
    const seedMs = Date.now() - started;
    const { total } = (await app.database().collection('people').count()) as { total: number };

    const cipher = new FieldCipher(cloud.devKeys);
    const people = app.database().collection('people');
    const picks = Array.from({ length: lookups }, (_, k) =>
      fakeIdNumber(Math.floor(((k * 7919) % lookups) * (total / lookups))),
    );
    // Warm the function instance once (cold start is not what is measured).
    await cloud.callFunction(
      'people',
      { action: 'searchPeople', input: { idNumber: picks[0] } },
      { openid: 'demo-admin' },
    );

    const viaFunction: number[] = [];
    for (const idNumber of picks) {
      const t = process.hrtime.bigint();
      const res = await cloud.callFunction(
        'people',
        { action: 'searchPeople', input: { idNumber } },
        { openid: 'demo-admin' },
      );
      viaFunction.push(Number(process.hrtime.bigint() - t) / 1e6);
      const r = res.result as { ok: boolean; data?: { total: number } };
      if (!r.ok || r.data?.total !== 1) throw new Error('look-up by ID number did not find exactly one person');
    }
    const viaQuery: number[] = [];
    for (const idNumber of picks) {
      const t = process.hrtime.bigint();
      const { data } = (await people
        .where({ idHash: cipher.blindIndex('id', idNumber) })
        .limit(1)
        .get()) as { data: unknown[] };
      viaQuery.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (data.length !== 1) throw new Error('indexed query did not find exactly one person');
    }
    const listing = async (openid: string) => {
      const times: number[] = [];
      for (let k = 0; k < 20; k += 1) {
        const t = process.hrtime.bigint();
        const res = await cloud.callFunction('people', { action: 'searchPeople', input: {} }, { openid });
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (!(res.result as { ok: boolean }).ok) throw new Error(`searchPeople as ${openid} failed`);
      }
      return times.sort((a, b) => a - b);
    };
    const townList = await listing('demo-town-t15');
    const cityList = await listing('demo-admin');
    viaFunction.sort((a, b) => a - b);
    viaQuery.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      name: 'people.findByIdNumber',
      people: total,
      seedMs,
      lookups,
      functionMedianMs: round(percentile(viaFunction, 0.5)),
      functionP95Ms: round(percentile(viaFunction, 0.95)),
      queryMedianMs: round(percentile(viaQuery, 0.5)),
      queryP95Ms: round(percentile(viaQuery, 0.95)),
      townListMedianMs: round(percentile(townList, 0.5)),
      cityListMedianMs: round(percentile(cityList, 0.5)),
    };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchPeople()
    .then((r) =>
      console.log(JSON.stringify({ ...r, articleTotal: FULL_SCALE.worker + FULL_SCALE.migrant + FULL_SCALE.hardship })),
    )
    .catch((err: unknown) => {
      console.error('bench failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
