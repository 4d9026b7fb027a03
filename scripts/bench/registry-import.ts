/**
 * Benchmark: import the article's 185,560 people (18,751 workers + 165,836 migrant workers + 973 hardship
 * workers, as rows of one migrant-worker workbook: the people kind with the most columns) through the
 * `registry` function as the city administrator — upload, `startImport`, then `importStatus` polls as the
 * page makes them, each advancing the job by one bounded slice — on a fresh local cloud. Then the same file
 * again (every row unchanged: nothing written), and another workbook of as many new people at the production
 * latency profile (the local cloud adds 15 ms to every database request, 150 ms to every open-API call: the
 * figure CloudBase would give). Target: the first import under 60 s. `BENCH_LATENCY=0` skips the latency run.
 *
 *   npx tsx scripts/bench/registry-import.ts            # full scale
 *   BENCH_SCALE=0.1 npx tsx scripts/bench/registry-import.ts
 *
 * Prints one JSON line; `benchRegistryImport()` is exported for `npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startLocalCloud } from '../../local/cloud/server';
import { createAdminApp } from '../../local/cloud/sdk';
import { seedGrid } from '../seed/index';
import { fakeIdNumber, fakeName, fakePhone, FULL_SCALE, seedPeople } from '../seed/people';
import { buildGrid } from '../../domain/grid/data';
import { IMPORT_COLUMNS } from '../../domain/registry/import/columns';
import { buildFunction } from '../build-functions';

export interface RegistryImportBenchResult {
  name: 'registry.import';
  rows: number;
  workbookBytes: number;
  importMs: number;
  /**
   * CPU time of the whole local cloud (the database's thread and the function's instances: one process) during
   * the first import — what the import costs whatever else the machine runs; wall time depends on the load.
   */
  importCpuMs: number;
  /** The machine's 1-minute load average before and after the first import (2 cores here). */
  load: [number, number];
  rowsPerSecond: number;
  slices: number;
  reimportMs: number;
  counts: Record<string, number>;
  /** Milliseconds in each phase of the first import (reading and staging, writing, the result workbook). */
  phases: Record<string, number>;
  /** The same number of new people at the production latency profile (15 ms per database request). */
  latency: { importMs: number; cpuMs: number; slices: number; phases: Record<string, number> } | null;
}

const LATENCY = { databaseMs: 15, openapiMs: 150 };

const CITIES = ['深圳', '广州', '东莞', '武汉', '上海', '杭州', '苏州', '宁波', '厦门', '北京'];

/** A migrant-worker workbook of `rows` people spread over every village (written as a stream). */
async function writeWorkbook(file: string, rows: number, offset: number): Promise<void> {
  const villages = buildGrid().filter((n) => n.level === 'village');
  const towns = new Map(buildGrid().map((n) => [n._id, n.name]));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const sheet = wb.addWorksheet('农民工');
  sheet.addRow(IMPORT_COLUMNS.migrants.map((c) => c.label)).commit();
  for (let i = 0; i < rows; i += 1) {
    const v = villages[i % villages.length];
    const n = offset + i;
    sheet
      .addRow([
        fakeName(n),
        fakeIdNumber(n),
        fakePhone(n),
        towns.get(v.parentId as string),
        v.name,
        CITIES[n % CITIES.length],
        '',
        '',
      ])
      .commit();
  }
  sheet.commit();
  await wb.commit();
}

/** Upload as the mini-program does, import, and poll until done; returns wall time and the job view. */
async function importOnce(
  cloud: Awaited<ReturnType<typeof startLocalCloud>>,
  file: string,
): Promise<{
  ms: number;
  cpuMs: number;
  slices: number;
  view: { jobId: string; status: string; counts: Record<string, number> };
}> {
  const call = async (fn: string, action: string, input: object) =>
    (await cloud.callFunction(fn, { action, input }, { openid: 'demo-admin' })).result as {
      ok: boolean;
      data: { cloudPath: string; jobId: string; status: string; counts: Record<string, number> };
      message?: string;
    };
  const started = Date.now();
  const cpu = process.cpuUsage();
  const p = await call('cases', 'uploadPath', { ext: 'xlsx' });
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(p.data.cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': 'demo-admin' },
    body: fs.readFileSync(file),
  });
  const { fileID } = (await res.json()) as { fileID: string };
  let view = await call('registry', 'startImport', { kind: 'migrants', fileID });
  if (!view.ok) throw new Error(`startImport: ${view.message}`);
  let slices = 1;
  while (['queued', 'reading', 'writing', 'finishing'].includes(view.data.status)) {
    view = await call('registry', 'importStatus', { jobId: view.data.jobId });
    if (!view.ok) throw new Error(`importStatus: ${view.message}`);
    slices += 1;
  }
  const used = process.cpuUsage(cpu);
  return { ms: Date.now() - started, cpuMs: Math.round((used.user + used.system) / 1000), slices, view: view.data };
}

/** Time per phase as the job recorded it. */
async function phases(
  cloud: Awaited<ReturnType<typeof startLocalCloud>>,
  jobId: string,
): Promise<Record<string, number>> {
  const jobs = cloud.db.find('import_jobs', { limit: 1000 }) as Array<{
    _id: string;
    timings?: Record<string, number>;
  }>;
  return jobs.find((j) => j._id === jobId)?.timings ?? {};
}

/** The reasons of refused rows (line, column, message; never a value), for a failed run. */
async function refusals(cloud: Awaited<ReturnType<typeof startLocalCloud>>, jobId: string): Promise<string> {
  const r = (
    await cloud.callFunction('registry', { action: 'importResult', input: { jobId } }, { openid: 'demo-admin' })
  ).result as { ok: boolean; data: { tempFileURL: string } };
  if (!r.ok) return 'no result workbook';
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await (await fetch(r.data.tempFileURL)).arrayBuffer()) as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  const out: string[] = [];
  sheet.eachRow((row, line) => {
    if (line > 1 && row.getCell(width - 1).text === '未导入' && out.length < 10)
      out.push(`${line}: ${row.getCell(width).text}`);
  });
  return out.join(' | ');
}

/** Import `scale` × the article's 185,560 people into a fresh local cloud, then the same file again. */
export async function benchRegistryImport(
  scale = Number(process.env.BENCH_SCALE ?? 1),
): Promise<RegistryImportBenchResult> {
  await buildFunction('registry');
  await buildFunction('cases');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-registry-'));
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    seed: false,
    quiet: true,
    timers: false,
    maxInstancesPerFunction: 2,
  });
  try {
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    await seedGrid(app);
    await seedPeople(app, { keys: cloud.devKeys });
    const rows = Math.round((FULL_SCALE.worker + FULL_SCALE.migrant + FULL_SCALE.hardship) * scale);
    const file = path.join(dataDir, 'people.xlsx');
    await writeWorkbook(file, rows, 100_000);
    const loadBefore = os.loadavg()[0];
    const first = await importOnce(cloud, file);
    const loadAfter = os.loadavg()[0];
    if (first.view.status !== 'done' || first.view.counts.added !== rows)
      throw new Error(
        `import ended ${first.view.status} with ${JSON.stringify(first.view.counts)}: ${await refusals(cloud, first.view.jobId)}`,
      );
    const again = await importOnce(cloud, file);
    if (again.view.counts.unchanged !== rows)
      throw new Error(`re-import changed rows: ${JSON.stringify(again.view.counts)}`);
    let latency: RegistryImportBenchResult['latency'] = null;
    if (process.env.BENCH_LATENCY !== '0') {
      const other = path.join(dataDir, 'people-2.xlsx');
      await writeWorkbook(other, rows, 400_000);
      cloud.setLatency(LATENCY);
      const slow = await importOnce(cloud, other);
      cloud.setLatency({ databaseMs: 0, openapiMs: 0 });
      if (slow.view.counts.added !== rows) throw new Error(`latency import: ${JSON.stringify(slow.view.counts)}`);
      latency = {
        importMs: slow.ms,
        cpuMs: slow.cpuMs,
        slices: slow.slices,
        phases: await phases(cloud, slow.view.jobId),
      };
    }
    return {
      name: 'registry.import',
      rows,
      workbookBytes: fs.statSync(file).size,
      importMs: first.ms,
      importCpuMs: first.cpuMs,
      load: [Math.round(loadBefore * 10) / 10, Math.round(loadAfter * 10) / 10],
      rowsPerSecond: Math.round((rows * 1000) / first.ms),
      slices: first.slices,
      reimportMs: again.ms,
      counts: first.view.counts,
      phases: await phases(cloud, first.view.jobId),
      latency,
    };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchRegistryImport()
    .then((r) => console.log(JSON.stringify({ ...r, targetMs: 60_000 })))
    .catch((err: unknown) => {
      console.error('bench failed:', err instanceof Error ? err.message : err);
      process.exit(1);
    });
}
