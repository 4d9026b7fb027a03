/**
 * Benchmark: the long jobs at the article's scale and CloudBase's latency (the local cloud adds 15 ms to every
 * database request and 150 ms to every open-API call): the overdue scan over 400 overdue cases (the `scheduler`
 * function, timeout 60 s) and publishing a notice of 500 approved aid cases (the `aid` function, timeout 20 s).
 * Each run of a job stops taking chunks at its budget and the next run resumes from the saved cursor; printed:
 * every run's time next to the function's timeout, how many runs it took, and the total.
 *
 *   npx tsx scripts/bench/long-jobs.ts              # 400 overdue cases, 500 notice cases
 *   BENCH_SCALE=0.2 npx tsx scripts/bench/long-jobs.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../local/cloud/server';
import { createAdminApp, type AdminApp } from '../../local/cloud/sdk';
import { buildFunction, functionNames } from '../build-functions';
import { seedGrid } from '../seed/index';
import { seedPeople } from '../seed/people';
import { readFunctionConfig } from '../deploy-config';
import { SCAN_BUDGET_MS } from '../../domain/cases/overdue';
import { AID_BUDGET_MS } from '../../domain/aid/publication';
import { hardshipForm, hardshipRoundConfig } from '../../tests/support/aid';
import { fakeIdNumber, fakeName } from '../seed/people';

const LATENCY = { databaseMs: 15, openapiMs: 150 };
const DAY = 86_400_000;

interface JobRuns {
  job: string;
  items: number;
  timeoutS: number;
  budgetS: number;
  runs: number[];
  totalS: number;
  complete: boolean;
}

type Call = { ok: boolean; data: any; code?: string; message?: string }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function call(cloud: LocalCloud, openid: string, fn: string, action: string, input: unknown, rid?: string) {
  const out = await cloud.callFunction(fn, { action, input, ...(rid ? { requestId: rid } : {}) }, { openid });
  return out.result as Call;
}

let seq = 0;
const rid = () => `bench-long-${Date.now()}-${(seq += 1)}`;

/** 400 overdue appeals spread over the villages, each submitted through the cases function. */
async function overdueBench(cloud: LocalCloud, count: number): Promise<JobRuns> {
  const form = {
    category: 'wage_arrears',
    facts: '在外地务工，老板拖欠工资，多次讨要未果。',
    employer: '示例建筑有限公司',
    workCity: '深圳',
    contactPreference: 'phone',
    amountOwedFen: 300_000,
  };
  const submitters = Array.from({ length: 20 }, (_, i) => `demo-migrant-${i + 1}`);
  for (let i = 0; i < count; i += 8)
    await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, (_, j) =>
        call(cloud, submitters[(i + j) % submitters.length], 'cases', 'submit', { type: 'appeal', form }, rid()),
      ),
    );
  process.env.UNION_CLOCK_OFFSET_MS = String(5 * DAY);
  cloud.setLatency(LATENCY);
  const runs: number[] = [];
  let complete = false;
  const started = Date.now();
  while (!complete && runs.length < 30) {
    const t = Date.now();
    const out = (await cloud.fireTimer('scheduler', 'overdueScan')) as Call;
    runs.push(Date.now() - t);
    complete = Boolean(out.data?.overdue?.complete);
  }
  cloud.setLatency({ databaseMs: 0, openapiMs: 0 });
  delete process.env.UNION_CLOCK_OFFSET_MS;
  return {
    job: 'overdue scan (scheduler.overdueScan)',
    items: count,
    timeoutS: readFunctionConfig('scheduler').timeout ?? 20,
    budgetS: SCAN_BUDGET_MS / 1000,
    runs,
    totalS: (Date.now() - started) / 1000,
    complete,
  };
}

/** One approved hardship application through the real functions, then cloned to `count` approved cases. */
async function approvedCases(cloud: LocalCloud, app: AdminApp, count: number): Promise<string> {
  const ADMIN = 'demo-admin';
  const saved = await call(cloud, ADMIN, 'aid', 'saveRound', { status: 'open', config: hardshipRoundConfig() });
  if (!saved.ok) throw new Error(`saveRound failed: ${saved.code} ${saved.message}`);
  const round = saved.data.roundId as string;
  await call(cloud, ADMIN, 'aid', 'setPovertyLine', { year: 2026, monthlyFen: 75_000 });
  const n = 3;
  const person = {
    openid: `demo-migrant-${n}`,
    name: fakeName(n - 1),
    idNumber: fakeIdNumber(n - 1),
    villageId: 't15-v01',
    householdSize: 3,
  };
  const submitted = await call(
    cloud,
    person.openid,
    'aid',
    'submit',
    hardshipForm(round, person, {
      applicant: {
        name: person.name,
        idNumber: person.idNumber,
        mobile: '13800000003',
        type: 'worker',
        villageId: 't15-v01',
      },
    }),
    rid(),
  );
  if (!submitted.ok) throw new Error(`submit failed: ${submitted.code} ${submitted.message}`);
  const caseId = submitted.data.caseId as string;
  for (const who of ['demo-collector-t15-v01', 'demo-town-t15', ADMIN]) {
    const c = await call(cloud, who, 'cases', 'get', { caseId });
    const a = await call(cloud, who, 'cases', 'act', { caseId, action: 'approve', version: c.data.version });
    if (!a.ok) throw new Error(`approve failed: ${a.code} ${a.message}`);
  }
  // Clone the approved case, its history and its application (new ids), as if `count` people had applied.
  const db = app.database();
  const [caseDoc] = (await db.collection('cases').doc(caseId).get()).data as Array<Record<string, unknown>>;
  const history = (await db.collection('case_history').where({ caseId }).get()).data as Array<Record<string, unknown>>;
  const [appDoc] = (await db.collection('aid_applications').where({ caseId }).get()).data as Array<
    Record<string, unknown>
  >;
  for (let i = 1; i < count; i += 1) {
    const id = `${caseId.slice(0, 20)}${String(i).padStart(4, '0')}`;
    const { _id: _c, ...c } = caseDoc;
    await db.collection('cases').add({ ...c, _id: id });
    await db
      .collection('case_history')
      .add(history.map(({ _id, ...h }) => ({ ...h, _id: String(_id).replace(caseId, id), caseId: id })));
    const { _id: _a, ...a } = appDoc;
    const applicant = a.applicant as Record<string, unknown>;
    await db
      .collection('aid_applications')
      .add({ ...a, _id: `app-${id}`, caseId: id, applicant: { ...applicant, idIndex: `bench-${id}` } });
  }
  return round;
}

async function publicationBench(cloud: LocalCloud, app: AdminApp, count: number): Promise<JobRuns> {
  const round = await approvedCases(cloud, app, count);
  cloud.setLatency(LATENCY);
  const runs: number[] = [];
  const started = Date.now();
  const t = Date.now();
  const published = await call(cloud, 'demo-admin', 'aid', 'publishNotice', { roundId: round });
  runs.push(Date.now() - t);
  if (!published.ok) throw new Error(`publish failed: ${published.code} ${published.message}`);
  const noticeId = published.data.noticeId as string;
  const status = async () =>
    ((await app.database().collection('notices').doc(noticeId).get()).data as Array<{ status: string }>)[0]?.status;
  let complete = (await status()) === 'active';
  while (!complete && runs.length < 30) {
    const r = Date.now();
    await cloud.fireTimer('aid', 'noticeExpiry');
    runs.push(Date.now() - r);
    complete = (await status()) === 'active';
  }
  cloud.setLatency({ databaseMs: 0, openapiMs: 0 });
  return {
    job: 'notice publication (aid.publishNotice, then the noticeExpiry timer)',
    items: count,
    timeoutS: readFunctionConfig('aid').timeout ?? 20,
    budgetS: AID_BUDGET_MS / 1000,
    runs,
    totalS: (Date.now() - started) / 1000,
    complete,
  };
}

/** Run both at `scale` (1 = the article's 400 overdue cases and 500 notice cases). */
export async function benchLongJobs(scale = Number(process.env.BENCH_SCALE ?? 1)): Promise<JobRuns[]> {
  for (const name of functionNames()) await buildFunction(name);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-long-jobs-'));
  const cloud = await startLocalCloud({ port: 0, dataDir, seed: false, quiet: true, timers: false });
  try {
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    await seedGrid(app);
    const people = await seedPeople(app, { keys: cloud.devKeys });
    for (const p of people) cloud.subscribe(p.openid, ['CASE_PROGRESS_TEMPLATE_ID', 'STAFF_TODO_TEMPLATE_ID'], 1000);
    const overdue = await overdueBench(cloud, Math.max(20, Math.round(400 * scale)));
    const publication = await publicationBench(cloud, app, Math.max(20, Math.round(500 * scale)));
    return [overdue, publication];
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchLongJobs().then(
    (results) => {
      console.log(`latency: ${LATENCY.databaseMs} ms per database request, ${LATENCY.openapiMs} ms per open-API call`);
      for (const r of results) {
        console.log(JSON.stringify({ name: 'longJobs', ...r }));
        const longest = Math.max(...r.runs) / 1000;
        console.log(
          `${r.job}, ${r.items} cases: ${r.runs.length} run(s) of ${r.runs.map((ms) => (ms / 1000).toFixed(1)).join(' / ')} s ` +
            `(longest ${longest.toFixed(1)} s; budget ${r.budgetS} s; function timeout ${r.timeoutS} s) — ` +
            `${r.complete ? 'finished' : 'NOT finished'} in ${r.totalS.toFixed(1)} s`,
        );
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
