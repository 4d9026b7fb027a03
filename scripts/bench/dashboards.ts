/**
 * Benchmark: every dashboard (the city, a town, a village) and every tab of it through the `stats` function — real wx-server-sdk in a
 * function instance → local cloud → SQLite — over a year of cases at the article's scale: appeals, consultations
 * and aid applications spread over the 273 villages and twelve months, in every state (`bulkCases`).
 *
 *   npx tsx scripts/bench/dashboards.ts            # full scale
 *   BENCH_SCALE=0.1 npx tsx scripts/bench/dashboards.ts
 *
 * Prints one JSON line (median and p95 per dashboard, target: median under 300 ms). Never fails on time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../local/cloud/server';
import { createAdminApp } from '../../local/cloud/sdk';
import { insertMany, seedGrid } from '../seed/index';
import { seedPeople } from '../seed/people';
import { seedRegistry } from '../seed/registry';
import { bulkCases, BULK_CASES } from '../seed/bulk-cases';
import { buildGrid } from '../../domain/grid/data';
import { buildFunction } from '../build-functions';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const round = (n: number) => Math.round(n * 10) / 10;

export async function benchDashboards(scale = Number(process.env.BENCH_SCALE ?? 1), runs = 15) {
  await buildFunction('stats');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboards-'));
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    seed: false,
    quiet: process.env.BENCH_LOGS !== '1',
    timers: false,
    maxInstancesPerFunction: 1,
  });
  try {
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    const started = Date.now();
    await seedGrid(app);
    await seedPeople(app, { keys: cloud.devKeys });
    const cases = bulkCases(buildGrid(), new Date(), scale);
    await insertMany(app, 'cases', cases);
    // The registry at the article's scale (units, unions) for 组织建设.
    if (scale >= 1) await seedRegistry(app, { scale: 'full', keys: cloud.devKeys });
    const seedMs = Date.now() - started;
    const dashboards = [
      ['city', 'demo-admin'],
      ['town', 'demo-town-t15'],
      ['village', 'demo-collector-t15-v01'],
    ] as const;
    const out: Record<string, { medianMs: number; p95Ms: number }> = {};
    // Every dashboard, then every tab of it (`stats.section`: figures, trends and the ranking of its children).
    const first = await cloud.callFunction('stats', { action: 'dashboard', input: {} }, { openid: 'demo-admin' });
    const tabs = ((first.result as { data: { sections: { key: string }[] } }).data?.sections ?? []).map((x) => x.key);
    const measures = dashboards.flatMap(([level, openid]) => [
      [level, openid, 'dashboard', {}] as const,
      ...tabs.map((section) => [`${level}.${section}`, openid, 'section', { section }] as const),
    ]);
    for (const [level, openid, action, input] of measures) {
      const call = async () => {
        const t = process.hrtime.bigint();
        const res = await cloud.callFunction('stats', { action, input }, { openid });
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        if (!(res.result as { ok: boolean }).ok)
          throw new Error(`stats.${action} as ${openid} failed: ${JSON.stringify(res.result).slice(0, 300)}`);
        return ms;
      };
      await call(); // warm the instance: a cold start is not what is measured
      const times: number[] = [];
      for (let k = 0; k < runs; k += 1) times.push(await call());
      times.sort((a, b) => a - b);
      out[level] = { medianMs: round(percentile(times, 0.5)), p95Ms: round(percentile(times, 0.95)) };
    }
    return { name: 'stats.dashboard', cases: cases.length, seedMs, runs, ...out, targetMedianMs: 300 };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchDashboards()
    .then((r) => console.log(JSON.stringify({ ...r, perYear: BULK_CASES })))
    .catch((err: unknown) => {
      console.error('bench failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
