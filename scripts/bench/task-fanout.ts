/**
 * Benchmark: a task sent to all 273 villages of the city at CloudBase's latency (the local cloud adds 15 ms to
 * every database request and 150 ms to every open-API call). The submission (`cases.submit`, timeout 20 s)
 * creates children for at most its 10 s budget; the scheduler's timer (`fanOutResume`, timeout 60 s) creates the
 * rest. Printed: the submission's time, each timer run, the total until all 273 parts exist; then the issuer's
 * board over 273 parts and one tap reminding all 273 (staff of each village and its town).
 *
 *   npx tsx scripts/bench/task-fanout.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../local/cloud/server';
import { createAdminApp } from '../../local/cloud/sdk';
import { buildFunction, functionNames } from '../build-functions';
import { seedGrid } from '../seed/index';
import { seedPeople } from '../seed/people';
import { readFunctionConfig } from '../deploy-config';

const LATENCY = { databaseMs: 15, openapiMs: 150 };
const ADMIN = 'demo-admin';

type Call = { ok: boolean; data: any; code?: string; message?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(cloud: LocalCloud, fn: string, action: string, input: unknown, rid?: string): Promise<Call> {
  const out = await cloud.callFunction(fn, { action, input, ...(rid ? { requestId: rid } : {}) }, { openid: ADMIN });
  return out.result as Call;
}

const deadline = () => new Date(Date.now() + 8 * 3600_000 + 14 * 86_400_000).toISOString().slice(0, 10);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = Date.now();
  const out = await fn();
  return [out, Date.now() - t];
}

export async function benchTaskFanOut() {
  for (const name of functionNames()) await buildFunction(name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-task-fanout-'));
  const cloud = await startLocalCloud({ port: 0, dataDir, seed: false, quiet: true, timers: false });
  try {
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    await seedGrid(app);
    const people = await seedPeople(app, { keys: cloud.devKeys });
    for (const p of people) cloud.subscribe(p.openid, ['CASE_PROGRESS_TEMPLATE_ID', 'STAFF_TODO_TEMPLATE_ID'], 1000);
    cloud.setLatency(LATENCY);
    const form = {
      kind: 'visit',
      title: '全市困难职工冬季走访',
      instructions: '各村入户走访困难职工家庭，拍摄现场照片上报。',
      deadline: deadline(),
      reach: 'villages',
      recipients: ['city'],
    };
    const started = Date.now();
    const [submitted, submitMs] = await timed(() =>
      call(cloud, 'cases', 'submit', { type: 'task', form }, `bench-fanout-${Date.now()}`),
    );
    if (!submitted.ok) throw new Error(`submit failed: ${submitted.code} ${submitted.message}`);
    const taskId = submitted.data._id as string;
    const afterSubmit = submitted.data.children.created as number;
    const runs: number[] = [];
    let pending = Boolean(submitted.data.children.pending);
    while (pending && runs.length < 20) {
      const [out, ms] = await timed(() => cloud.fireTimer('scheduler', 'overdueScan') as Promise<Call>);
      runs.push(ms);
      pending = (out.data?.fanout?.pending ?? 1) > 0;
    }
    const totalMs = Date.now() - started;
    const [board, boardMs] = await timed(() => call(cloud, 'tasks', 'board', { taskId }));
    const [remind, remindMs] = await timed(() => call(cloud, 'tasks', 'remind', { taskId }));
    return {
      taskId,
      submitMs,
      afterSubmit,
      runs,
      totalMs,
      complete: !pending,
      parts: board.data?.created as number,
      boardMs,
      reminded: remind.data?.reminded as number,
      remindMs,
      casesTimeoutS: readFunctionConfig('cases').timeout ?? 20,
      schedulerTimeoutS: readFunctionConfig('scheduler').timeout ?? 60,
      tasksTimeoutS: readFunctionConfig('tasks').timeout ?? 20,
    };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchTaskFanOut().then(
    (r) => {
      const s = (ms: number) => (ms / 1000).toFixed(1);
      console.log(`latency: ${LATENCY.databaseMs} ms per database request, ${LATENCY.openapiMs} ms per open-API call`);
      console.log(JSON.stringify({ name: 'taskFanOut', ...r }));
      console.log(
        `task to all villages: submit ${s(r.submitMs)} s (function timeout ${r.casesTimeoutS} s) created ${r.afterSubmit}; ` +
          `then ${r.runs.length} timer run(s) of ${r.runs.map(s).join(' / ') || '—'} s (timeout ${r.schedulerTimeoutS} s); ` +
          `${r.complete ? 'all' : 'NOT all'} ${r.parts} parts in ${s(r.totalMs)} s`,
      );
      console.log(
        `board over ${r.parts} parts: ${s(r.boardMs)} s; one-tap reminder of ${r.reminded} parts: ${s(r.remindMs)} s ` +
          `(function timeout ${r.tasksTimeoutS} s)`,
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
