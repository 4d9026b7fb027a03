/**
 * Demo data of the aid programmes: the four reference datasets (the generated samples), a 2026 student-aid
 * round and a hardship round, the 低保 line, and applications at different steps — paid, in public notice,
 * at town review, at village verification with a home visit. Applications go through the real aid and
 * case-engine code (a handler context over a wx-server-sdk instance connected to the same cloud), with the
 * clock set per step so the paid one's notice period is over.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import type { FieldKeys } from '../../domain/security/crypto';
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import { aidHandlers } from '../../domain/aid/handlers';
import { importReferenceRows, type ImportDb } from '../../domain/aid/reference-import';
import { actOnCase } from '../../domain/cases/service';
import { newUploadPath } from '../../domain/cases/uploads';
import { getCase } from '../../domain/cases/store';
import { AID } from '../../domain/aid/case-types';
import { chinaDate } from '../../common/china-time';
import { loadActor } from '../../domain/people/actor';
import { aidContract, REFERENCE_DATASETS } from '../../typings/aid';
import { DEMO_APPLICANTS as D, DEMO_UNIT, sampleRows } from './reference-samples';
import { demoPhoto } from './demo-image';

const DAY = 86_400_000;
const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';

const card = (n: number) => {
  const body = `62170000${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
};

/** Seed the aid demo data (see the module comment). */
export async function seedAid(app: AdminApp, keys?: FieldKeys): Promise<void> {
  const saved = { data: process.env.UNION_DATA_KEY, index: process.env.UNION_INDEX_KEY };
  if (keys) {
    process.env.UNION_DATA_KEY = keys.dataKey;
    process.env.UNION_INDEX_KEY = keys.indexKey;
  }
  try {
    await run(app, keys ?? { dataKey: process.env.UNION_DATA_KEY ?? '', indexKey: process.env.UNION_INDEX_KEY ?? '' });
  } finally {
    if (keys) {
      process.env.UNION_DATA_KEY = saved.data;
      process.env.UNION_INDEX_KEY = saved.index;
      if (saved.data === undefined) delete process.env.UNION_DATA_KEY;
      if (saved.index === undefined) delete process.env.UNION_INDEX_KEY;
    }
  }
}

async function run(app: AdminApp, keys: FieldKeys): Promise<void> {
  const rows = sampleRows();
  for (const dataset of REFERENCE_DATASETS) {
    await importReferenceRows(app.database() as unknown as ImportDb, dataset, rows[dataset], keys, {
      adminSdk: true,
      fileName: `${dataset}.csv`,
    });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const base = require('wx-server-sdk') as { createNewInstance(c: object): HandlerContext['cloud'] };
  const { env, serviceUrl } = (app as unknown as { config: { env: string; serviceUrl: string } }).config;
  const cloud = base.createNewInstance({ env, serviceUrl, secretId: 'local', secretKey: 'local', timeout: 60_000 });
  const db = cloud.database() as unknown as Database;
  const start = Date.now();
  let clock = start - 12 * DAY;
  const ctx = (openid: string): HandlerContext => ({
    cloud,
    db,
    identity: { openid, appid: 'seed', unionid: '', clientIp: '127.0.0.1', source: 'seed', timer: false },
    functionName: 'aid',
    now: () => new Date(clock),
    log: createLogger('seed-aid'),
  });
  const call = async <A extends keyof typeof aidContract>(openid: string, action: A, input: unknown) => {
    const parsed = aidContract[action].input.parse(input);
    return (aidHandlers[action] as (i: unknown, c: HandlerContext) => Promise<unknown>)(parsed, ctx(openid));
  };
  /** Approve with an opinion; at the village, after the home visit the approval requires. */
  const approve = async (openid: string, caseId: string) => {
    if ((await getCase(db, caseId))?.status === AID.state.village_review)
      await call(openid, 'addHomeVisit', {
        caseId,
        visitedOn: chinaDate(new Date(clock)),
        findings: '入户核实：家庭情况属实（演示数据）。',
        photoFileIds: [await upload(openid, VISIT)],
      });
    const c = await getCase(db, caseId);
    await actOnCase(ctx(openid), await loadActor(ctx(openid)), {
      caseId,
      action: AID.verb.approve,
      version: c?.version ?? 0,
      inputs: { opinion: '情况属实，同意（演示数据）' },
    });
  };

  const year = new Date(clock).getUTCFullYear();
  const window = { opensOn: `${year - 1}-01-01`, closesOn: `${year + 1}-12-31` };
  const common = {
    applicantTypes: ['worker', 'migrant', 'hardship_worker'],
    objectionContact: '松滋市总工会权益保障部 0716-6200000（演示号码）',
    ...window,
  };
  const student = (await call(ADMIN, 'saveRound', {
    status: 'open',
    config: {
      programme: 'student_aid',
      year,
      title: `${year}年金秋助学`,
      levels: ['senior_high', 'secondary_vocational', 'higher_vocational', 'undergraduate', 'postgraduate'],
      amounts: [
        { category: 'university_file', amountFen: 500_000 },
        { category: 'high_school_file', amountFen: 300_000 },
        { category: 'university_no_file', amountFen: 400_000 },
        { category: 'high_school_no_file', amountFen: 200_000 },
      ],
      exclusions: [
        'military_academy',
        'fee_free_teacher',
        'high_fee_private',
        'self_funded_abroad',
        'funded_elsewhere',
      ],
      ...common,
    },
  })) as { roundId: string };
  const hardship = (await call(ADMIN, 'saveRound', {
    status: 'open',
    config: {
      programme: 'hardship_aid',
      year,
      title: `${year}年困难职工帮扶`,
      amounts: [
        { category: 'deep', amountFen: 300_000 },
        { category: 'relative', amountFen: 200_000 },
        { category: 'accident', amountFen: 500_000 },
      ],
      ...common,
    },
  })) as { roundId: string };
  await call(ADMIN, 'setPovertyLine', { year, monthlyFen: 75_000 });

  const members = (n: number, income: number) =>
    Array.from({ length: n }, (_, i) => ({
      relation: i === 0 ? 'self' : 'other',
      annualIncomeFen: i === 0 ? income : 0,
    }));
  const applicant = (p: typeof D.migrant, type: string, extra: object = {}) => ({
    name: p.name,
    idNumber: p.idNumber,
    mobile: '17000000001',
    type,
    villageId: p.villageId,
    ...extra,
  });
  /**
   * A photo `openid` uploads under their own prefix through the client route, as the mini-program does, so storage
   * records them as its uploader (the storage rules let only them read it; staff see it through the functions).
   */
  const upload = async (openid: string, paper: [number, number, number]): Promise<string> => {
    const { cloudPath } = newUploadPath(openid, 'png', new Date(clock));
    const url = `${serviceUrl.replace(/\/admin$/, '/wx/uploadFile')}?cloudPath=${encodeURIComponent(cloudPath)}`;
    const res = await fetch(url, { method: 'POST', headers: { 'x-wx-openid': openid }, body: demoPhoto(paper) });
    const body = (await res.json()) as { fileID?: string; errMsg?: string };
    if (!body.fileID) throw new Error(`seed upload failed: ${body.errMsg ?? res.status}`);
    return body.fileID;
  };
  const LETTER: [number, number, number] = [255, 244, 214];
  const VISIT: [number, number, number] = [220, 236, 255];
  const submit = async (p: typeof D.migrant, form: object) =>
    ((await call(p.openid, 'submit', form)) as { caseId: string }).caseId;

  // 1. Student aid, migrant worker with a hardship file: approved, published 12 days ago, paid.
  const paid = await submit(D.migrant, {
    roundId: student.roundId,
    applicant: applicant(D.migrant, 'migrant', { employedSince: `${year - 3}-03-01`, hardshipFileNo: 'KN2024-0001' }),
    child: {
      name: D.migrantChild.name,
      idNumber: D.migrantChild.idNumber,
      school: '武汉示例大学',
      level: 'undergraduate',
      admissionLetterFileId: await upload(D.migrant.openid, LETTER),
      declarations: [],
    },
    household: { members: members(4, 3_600_000), annualHardshipCostFen: 0 },
    bankCard: { number: card(1), bankName: '中国农业银行松滋支行', holderName: D.migrant.name },
    consents: { sensitiveData: true, publicNotice: true, guardian: true },
  });
  for (const who of [COLLECTOR, TOWN, ADMIN]) await approve(who, paid);
  clock += DAY;
  await call(ADMIN, 'publishNotice', { roundId: student.roundId });
  clock = start - DAY;
  const notice = await db.collection('aid_applications').where({ caseId: paid }).get();
  const batch = (await call(ADMIN, 'createPaymentBatch', { noticeId: notice.data[0].noticeId })) as {
    payments: { paymentId: string }[];
  };
  await call(ADMIN, 'recordPayment', { paymentId: batch.payments[0].paymentId, result: 'paid' });

  // 2. Hardship aid (deep, on the 低保 list): approved and in public notice now.
  clock = start - 2 * DAY;
  const inNotice = await submit(D.hardship, {
    roundId: hardship.roundId,
    applicant: applicant(D.hardship, 'hardship_worker', { hardshipFileNo: 'KN2022-0031' }),
    household: { members: members(3, 1_200_000), annualHardshipCostFen: 0 },
    hardshipCause: { kind: 'illness', description: '本人患慢性病需长期服药（演示数据）。' },
    bankCard: { number: card(2), bankName: '中国建设银行松滋支行', holderName: D.hardship.name },
    consents: { sensitiveData: true, publicNotice: true },
  });
  for (const who of [COLLECTOR, TOWN, ADMIN]) await approve(who, inNotice);
  clock = start;
  await call(ADMIN, 'publishNotice', { roundId: hardship.roundId });

  // 3. Student aid of a family whose file was closed: at town review.
  const atTown = await submit(D.formerHardship, {
    roundId: student.roundId,
    applicant: applicant(D.formerHardship, 'hardship_worker', { hardshipFileNo: 'KN2021-0107' }),
    child: {
      name: D.formerHardshipChild.name,
      idNumber: D.formerHardshipChild.idNumber,
      school: '松滋市第一中学',
      level: 'senior_high',
      admissionLetterFileId: await upload(D.formerHardship.openid, LETTER),
      declarations: [],
    },
    household: { members: members(2, 1_000_000), annualHardshipCostFen: 0 },
    bankCard: { number: card(3), bankName: '中国邮政储蓄银行', holderName: D.formerHardship.name },
    consents: { sensitiveData: true, publicNotice: true, guardian: true },
  });
  await approve(COLLECTOR, atTown);

  // 4. Hardship aid after an accident, local worker (no publication consent): at village verification, visited.
  const atVillage = await submit(D.worker, {
    roundId: hardship.roundId,
    applicant: applicant(D.worker, 'worker', { unitName: DEMO_UNIT.name, unitCreditCode: DEMO_UNIT.creditCode }),
    household: {
      members: [
        { relation: 'self', annualIncomeFen: 6_000_000 },
        { relation: 'spouse', annualIncomeFen: 3_000_000 },
        { relation: 'child', annualIncomeFen: 0 },
      ],
      annualHardshipCostFen: 8_000_000,
    },
    hardshipCause: { kind: 'accident', description: '家人遭遇交通事故（演示数据）。' },
    bankCard: { number: card(4), bankName: '中国工商银行松滋支行', holderName: D.worker.name },
    consents: { sensitiveData: true, publicNotice: false },
  });
  await call(COLLECTOR, 'addHomeVisit', {
    caseId: atVillage,
    visitedOn: chinaDate(new Date(clock)),
    findings: '入户核实：事故属实，医疗费用票据齐全（演示数据）。',
    photoFileIds: [await upload(COLLECTOR, VISIT)],
  });
}
