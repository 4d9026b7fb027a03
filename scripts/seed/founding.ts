/**
 * Demo foundings (建会申报): one request at every step of `union_founding`, in several towns (most in 万家乡, so
 * `demo-town-t15` has a full 建会申报 board and queue; a large one waits at the city). Everything goes through the
 * real `people`, `cases` and `founding` handlers (a handler context over a wx-server-sdk instance connected to the
 * same cloud, as the activity seed does) with the clock set per step; the 7-day publication is ended by the
 * timer's own system step (`end_notice`, as `scanFoundings` takes it) at its hour, and the timer's run now sends
 * the reminders due — so deadlines, history, claims, join links, the 批复 PDF and the
 * registry entry are what the functions would have written. The enterprises, contacts and workers are GENERATED
 * (示例 in every unit name, 演示数据 in every text; people `demo-enterprise-N` and `demo-recruit-N`).
 *
 * The contact `demo-enterprise-1` (万家乡, recruiting: the join QR code) and the worker `demo-recruit-1`, who joined
 * through that code, are in the preview's person switcher.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import { LOCAL_PROJECT_ENV } from '../../local/cloud/project-env';
import type { FieldKeys } from '../../domain/security/crypto';
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import '../../domain/catalog';
import { casesHandlers } from '../../domain/cases/handlers';
import { foundingHandlers } from '../../domain/founding/handlers';
import { peopleHandlers } from '../../domain/people/handlers';
import { scanFoundings } from '../../domain/founding/scan';
import { actOnCase } from '../../domain/cases/act';
import { getCase } from '../../domain/cases/store';
import { addDays, chinaDate } from '../../common/china-time';
import { casesContract } from '../../typings/cases';
import { foundingContract, type JoinResult } from '../../typings/founding';
import { peopleContract } from '../../typings/people';
import { TOWNS } from '../../domain/grid/data';
import { creditCheckChar, makeIdNumber } from '../../domain/security/validators';
import { fakeName } from './people';
import type { DemoPersonEntry } from './people';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const DEMO = '（演示数据）';
/** The timer acts as the system (as `scan.ts` does). */
const SYSTEM = { openid: '', personId: null, staff: null, system: true };
export const FOUNDING_CONTACT = 'demo-enterprise-1';
export const FOUNDING_RECRUIT = 'demo-recruit-1';

type Contract = Record<string, { input: { parse(i: unknown): unknown } }>;
type HandlerMap = Record<string, (input: unknown, ctx: HandlerContext) => Promise<unknown>>;
const FUNCTIONS = {
  cases: [casesContract, casesHandlers],
  founding: [foundingContract, foundingHandlers],
  people: [peopleContract, peopleHandlers],
} as const;

/** The steps a demo founding is taken through, in order (the last one reached is where it stays). */
export const DEMO_FOUNDING_STEPS = [
  'town_review',
  'city_review',
  'info_requested',
  'refused',
  'withdrawn',
  'recruiting',
  'groups',
  'candidates',
  'candidates_review',
  'notice',
  'notice_review',
  'election',
  'result_review',
  'women_committee',
  'profile',
  'registering',
  'legal_person',
  'certified',
] as const;
export type DemoFoundingStep = (typeof DEMO_FOUNDING_STEPS)[number];

interface Spec {
  until: DemoFoundingStep;
  town: number;
  /** The enterprise's name after the town's stem: `<town>示例<name>`. */
  name: string;
  industry: string;
  employees: number;
  women: number;
  /** Days before now the request was filed, and the days between the steps after it. */
  filed: number;
  gap: number;
  /** Workers who join through the link (0 before recruiting). */
  recruits: number;
}

type Row = [DemoFoundingStep, number, string, string, number, number, number, number, number];
const spec = ([until, town, name, industry, employees, women, filed, gap, recruits]: Row): Spec => ({
  until,
  town,
  name,
  industry,
  employees,
  women,
  filed,
  gap,
  recruits,
});

/**
 * The demo's foundings: one at each step, 万家乡 (t15) unless said otherwise (columns as `Spec`). Filed so that each
 * reached its step a few days ago, within the step's limit — but for 八宝镇's request the town has not reviewed
 * and 新江口街道's groups the enterprise has not reported: overdue, as supervision should see some.
 */
export const DEMO_FOUNDINGS: readonly Spec[] = (
  [
    ['recruiting', 15, '电子科技有限公司', '电子元件制造', 18, 9, 16, 4, 2],
    ['town_review', 15, '农机修造有限公司', '机械制造', 40, 8, 2, 1, 0],
    ['town_review', 3, '米业有限公司', '粮食加工', 26, 10, 18, 1, 0],
    ['city_review', 15, '新材料股份有限公司', '新材料制造', 320, 96, 9, 4, 0],
    ['info_requested', 15, '茶叶加工有限公司', '茶叶加工', 22, 14, 12, 5, 0],
    ['refused', 7, '商贸有限公司', '商贸零售', 12, 5, 20, 6, 0],
    ['withdrawn', 10, '运输有限公司', '道路运输', 9, 1, 25, 4, 0],
    ['groups', 1, '包装印刷有限公司', '包装印刷', 15, 6, 30, 5, 3],
    ['candidates', 15, '竹制品有限公司', '竹木制品加工', 11, 4, 21, 5, 3],
    ['candidates_review', 15, '建筑工程有限公司', '建筑工程', 16, 2, 24, 5, 3],
    ['notice', 15, '生态农业有限公司', '种植养殖', 13, 6, 30, 6, 3],
    ['notice_review', 12, '水泥制品有限公司', '建材制造', 14, 3, 36, 5, 3],
    ['election', 15, '服装有限公司', '服装加工', 12, 9, 40, 5, 3],
    ['result_review', 15, '物流有限公司', '物流仓储', 10, 2, 43, 5, 3],
    ['women_committee', 2, '纺织有限公司', '纺织', 60, 40, 53, 5, 25],
    ['profile', 15, '食品有限公司', '食品加工', 14, 7, 48, 5, 3],
    ['registering', 15, '酒店管理有限公司', '酒店餐饮', 15, 10, 52, 5, 3],
    ['legal_person', 15, '光伏科技有限公司', '电力设备制造', 17, 3, 65, 5, 3],
    // Founded three years ago: its legal-person certificate runs out in 20 days (the timer has reminded it).
    ['certified', 15, '矿泉水有限公司', '饮料制造', 12, 5, 1190, 6, 3],
  ] as Row[]
).map(spec);

/** The steps that branch off the review (returned, refused, withdrawn; the city's review above 300 workers). */
const SIDE_EXITS: readonly DemoFoundingStep[] = ['city_review', 'info_requested', 'refused', 'withdrawn'];
/** The order the happy path takes: every other step, in the order above. */
const PATH = DEMO_FOUNDING_STEPS.filter((s) => !SIDE_EXITS.includes(s));

const townId = (n: number) => `t${String(n).padStart(2, '0')}`;
const townName = (n: number) => TOWNS[n - 1].name;
const stem = (n: number) => townName(n).replace(/(街道|土家族乡|镇|乡)$/, '');

/** A valid enterprise credit code for demo founding `k` (not one of the registry seed's). */
const enterpriseCode = (k: number) => {
  const first17 = `91421087MA${String(60_000 + k).padStart(7, '0')}`.slice(0, 17);
  return first17 + creditCheckChar(first17);
};
/** A valid union credit code (工会: `81`) for the certificate of founding `k`. */
const unionCode = (k: number) => {
  const first17 = `81421087MC${String(70_000 + k).padStart(7, '0')}`.slice(0, 17);
  return first17 + creditCheckChar(first17);
};

/**
 * Seed the demo foundings (see the module comment). Needs the grid, people, staff and registry seeded first;
 * `keys` are the field-encryption keys the functions use. Returns the two people for the person switcher.
 */
export async function seedFoundings(
  app: AdminApp,
  keys?: FieldKeys,
): Promise<{ foundings: number; people: DemoPersonEntry[] }> {
  // What the functions of the cloud being seeded have (its keys; its stand-ins where the host sets none), while
  // the handlers run here.
  const unset = Object.entries(LOCAL_PROJECT_ENV).filter(([k]) => !process.env[k]);
  const env = {
    ...Object.fromEntries(unset),
    ...(keys ? { UNION_DATA_KEY: keys.dataKey, UNION_INDEX_KEY: keys.indexKey } : {}),
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await run(app);
  } finally {
    for (const [k, v] of Object.entries(saved)) restore(k, v);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

interface Flow {
  call(fn: keyof typeof FUNCTIONS, openid: string, action: string, input: unknown): Promise<unknown>;
  act(openid: string, caseId: string, action: string, extra?: Record<string, unknown>): Promise<void>;
  /** The founding timer's run now (reminders), and its end of one publication (the step it takes at its hour). */
  timer(): Promise<void>;
  endNotice(caseId: string): Promise<void>;
  at(ms: number): void;
  tick(days: number): void;
  now(): number;
}

interface Person {
  openid: string;
  /** Its number among the generated people (name, ID number and village follow from it). */
  i: number;
}

async function run(app: AdminApp): Promise<{ foundings: number; people: DemoPersonEntry[] }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as { createNewInstance(c: object): HandlerContext['cloud'] };
  const { env, serviceUrl } = (app as unknown as { config: { env: string; serviceUrl: string } }).config;
  const cloud = sdk.createNewInstance({ env, serviceUrl, secretId: 'local', secretKey: 'local', timeout: 60_000 });
  const db = cloud.database() as unknown as Database;
  const start = Date.now();
  let seq = 0;
  /** One storyline with its own clock: the foundings touch different cases, so they are written side by side. */
  const storyline = (): Flow => {
    let clock = start;
    const ctx = (openid: string, functionName: string, timer = false): HandlerContext => ({
      cloud,
      db,
      identity: { openid, appid: 'seed', unionid: '', clientIp: '127.0.0.1', source: 'seed', timer },
      functionName,
      requestId: `seed-founding-${start}-${(seq += 1)}`,
      now: () => new Date(clock),
      log: createLogger('seed-founding'),
    });
    const flow: Flow = {
      async call(fn, openid, action, input) {
        const [contract, handlers] = FUNCTIONS[fn] as unknown as [Contract, HandlerMap];
        return handlers[action](contract[action].input.parse(input), ctx(openid, fn));
      },
      async act(openid, caseId, action, extra = {}) {
        const c = await getCase(db, caseId);
        if (!c) throw new Error(`demo founding: ${caseId} missing`);
        await flow.call('cases', openid, 'act', { caseId, action, version: c.version, ...extra });
      },
      async timer() {
        await scanFoundings(ctx('', 'scheduler', true));
      },
      async endNotice(caseId) {
        const c = await getCase(db, caseId);
        if (!c) throw new Error(`demo founding: ${caseId} missing`);
        await actOnCase(ctx('', 'scheduler', true), SYSTEM, { caseId, action: 'end_notice', version: c.version });
      },
      at: (ms) => (clock = ms),
      tick: (days) => (clock = Math.min(clock + days * DAY, start - HOUR)),
      now: () => clock,
    };
    return flow;
  };
  const profile = async (flow: Flow, p: Person, town: number) => {
    const birth = new Date(Date.UTC(1975, 0, 1) + p.i * 97 * DAY).toISOString().slice(0, 10).replace(/-/g, '');
    await flow.call('people', p.openid, 'saveProfile', {
      name: fakeName(900 + p.i),
      idNumber: makeIdNumber('421087', birth, 900 + (p.i % 100)),
      homeVillageId: `${townId(town)}-v${String((p.i % 9) + 1).padStart(2, '0')}`,
      categories: ['worker'],
    });
  };
  let person = 0;
  let recruit = 0;
  const plans = DEMO_FOUNDINGS.map((spec, k) => ({
    spec,
    k,
    contact: { openid: `demo-enterprise-${k + 1}`, i: (person += 1) },
    workers: Array.from({ length: spec.recruits }, () => ({
      openid: `demo-recruit-${(recruit += 1)}`,
      i: (person += 1),
    })),
  }));
  await Promise.all(
    plans.map(async ({ spec, k, contact, workers }) => {
      const flow = storyline();
      await Promise.all([contact, ...workers].map((p) => profile(flow, p, spec.town)));
      await found(
        flow,
        k,
        spec,
        contact.openid,
        workers.map((w) => w.openid),
        start,
      );
    }),
  );
  // The timer's run now: due-soon and overdue reminders, the certificate's 30-day reminder.
  await storyline().timer();
  const first = DEMO_FOUNDINGS[0];
  return {
    foundings: DEMO_FOUNDINGS.length,
    people: [
      {
        openid: FOUNDING_CONTACT,
        name: fakeName(901),
        role: 'worker',
        gridNodeId: `${townId(first.town)}-v02`,
        label: `企业建会联系人（${stem(first.town)}示例${first.name}）`,
      },
      {
        openid: FOUNDING_RECRUIT,
        name: fakeName(902),
        role: 'worker',
        gridNodeId: `${townId(first.town)}-v03`,
        label: `职工（扫码加入${stem(first.town)}示例${first.name}工会）`,
      },
    ],
  };
}

/** Take founding `k` from its request to its step `spec.until`. */
async function found(f: Flow, k: number, spec: Spec, contact: string, workers: string[], start: number) {
  const { act, call, tick } = f;
  const town = `demo-town-${townId(spec.town)}`;
  const unitName = `${stem(spec.town)}示例${spec.name}`;
  f.at(start - spec.filed * DAY + 9 * HOUR);
  const form = {
    unitName,
    creditCode: enterpriseCode(k),
    townId: townId(spec.town),
    address: `${townName(spec.town)}示例工业园 ${k + 3} 号`,
    legalRep: fakeName(950 + k),
    industry: spec.industry,
    employees: spec.employees,
    womenEmployees: spec.women,
    prepGroup: [0, 1, 2].map((i) => ({ name: fakeName(960 + k * 3 + i), post: ['车间主任', '技术员', '会计'][i] })),
    reason: `职工有加入工会的意愿，企业支持建会，请予批准。${DEMO}`,
    partyOpinion: `企业党支部、行政同意建会。${DEMO}`,
  };
  const filed = (await call('cases', contact, 'submit', { type: 'union_founding', form })) as { _id: string };
  const id = filed._id;
  const reached = (s: DemoFoundingStep) => spec.until === s;
  if (reached('town_review')) return;
  tick(spec.gap);
  if (reached('info_requested') || reached('refused')) {
    if (reached('refused'))
      await act(town, id, 'refuse', { reason: `该单位已纳入园区联合工会，请以联合工会形式入会。${DEMO}` });
    else await act(town, id, 'request_info', { comment: `请补充营业执照复印件，并写明职工人数的统计日期。${DEMO}` });
    return;
  }
  if (reached('withdrawn')) {
    await act(contact, id, 'withdraw');
    return;
  }
  await act(town, id, 'approve', { inputs: { opinion: `材料齐全，同意成立筹备组。${DEMO}` } });
  if (reached('city_review')) return;
  const past = (s: DemoFoundingStep) => PATH.indexOf(spec.until) > PATH.indexOf(s);
  tick(1);
  const link = (await call('founding', contact, 'joinLink', { caseId: id })) as { code: string };
  tick(0.3);
  const joined = (await Promise.all(
    workers.map((w) => call('founding', w, 'join', { code: link.code })),
  )) as JoinResult[];
  // The town's union approves their 入会申请 (预备会员 until the union is written) — but the first one of the group
  // still recruiting, who waits in the town's queue.
  tick(1);
  const approved = past('recruiting') ? joined : joined.slice(1);
  await Promise.all(approved.map((j) => j.application && act(town, j.application.caseId, 'approve')));
  if (!past('recruiting')) return;
  tick(spec.gap);
  const members = workers.length;
  await act(contact, id, 'finish_recruiting', { inputs: { step: { members } } });
  if (!past('groups')) return;
  tick(spec.gap);
  const names = Array.from({ length: 6 }, (_, i) => fakeName(1000 + k * 7 + i));
  const groups =
    members >= 10
      ? [
          { name: '生产车间小组', leader: names[1], members: members - 10 },
          { name: '综合管理小组', leader: names[2], members: 10 },
        ]
      : [{ name: '全体职工小组', leader: names[0], members }];
  await act(contact, id, 'report_groups', { inputs: { step: { groups } } });
  if (!past('candidates')) return;
  tick(spec.gap);
  const cand = (name: string, forChairman = false) => ({
    name,
    post: 'staff',
    kinship: 'none',
    foreign: false,
    forChairman,
  });
  const big = members >= 25;
  const list = big
    ? {
        assembly: 'members',
        committeeSeats: 3,
        auditSeats: 1,
        committee: [cand(names[0], true), cand(names[1]), cand(names[2]), cand(names[3])],
        audit: [cand(names[4]), cand(names[5])],
      }
    : { assembly: 'members', committeeSeats: 1, auditSeats: 0, committee: [cand(names[0], true), cand(names[1])] };
  await act(contact, id, 'report_candidates', { inputs: { step: list } });
  if (!past('candidates_review')) return;
  tick(spec.gap);
  // The one still in publication was published 3 days ago.
  if (!past('notice')) f.at(start - 3 * DAY);
  await act(town, id, 'publish_candidates', { inputs: { opinion: `候选人符合条件，同意公示。${DEMO}` } });
  if (!past('notice')) return;
  // The publication ends by the timer 7 days later, at its next run.
  f.at(f.now() + 7 * DAY + 20 * 60_000);
  await f.endNotice(id);
  if (!past('notice_review')) return;
  tick(1);
  await act(town, id, 'approve_candidates', { inputs: { opinion: `公示期满无异议，批准候选人。${DEMO}` } });
  if (!past('election')) return;
  tick(spec.gap);
  const votes = (n: number) => (big ? [members - 2, members - 4, members - 5, 6][n] : [members, 0][n]);
  const result = {
    due: members,
    present: big ? members - 1 : members,
    womenMembers: big ? members : Math.min(members, 1),
    committee: list.committee.map((c, i) => ({ name: c.name, votes: votes(i) })),
    audit: big
      ? [
          { name: names[4], votes: members - 3 },
          { name: names[5], votes: 2 },
        ]
      : [],
    chairman: names[0],
    heldOn: chinaDate(new Date(f.now() - DAY)),
  };
  await act(contact, id, 'report_election', { inputs: { step: result } });
  if (!past('result_review')) return;
  tick(spec.gap);
  const year = chinaDate(new Date(f.now())).slice(0, 4);
  const docNumber = `${stem(spec.town).slice(0, 1)}工〔${year}〕${k + 21}号`;
  await act(town, id, 'approve_result', {
    inputs: { docNumber, termYears: '5', opinion: `同意选举结果，请依法办理法人资格登记。${DEMO}` },
  });
  if (big) {
    if (!past('women_committee')) return;
    tick(spec.gap);
    await act(contact, id, 'report_women', { inputs: { step: { chair: names[1], members: [names[2], names[3]] } } });
  }
  if (!past('profile')) return;
  tick(spec.gap);
  const unionProfile = {
    unionName: `${unitName}工会${big ? '委员会' : '小组'}`,
    address: form.address,
    fullTimeStaff: 0,
    ...(big ? {} : { womenOfficer: names[1] }),
  };
  await act(contact, id, 'report_profile', { inputs: { step: unionProfile } });
  if (!past('registering')) return;
  tick(spec.gap);
  await act(town, id, 'register', { inputs: { opinion: `已核对工会信息，录入工会组织库。${DEMO}` } });
  if (!past('legal_person')) return;
  tick(spec.gap * 2);
  const issuedOn = chinaDate(new Date(f.now() - 2 * DAY));
  const certificate = { unionCreditCode: unionCode(k), issuedOn, validUntil: addDays(chinaDate(new Date(start)), 20) };
  await act(contact, id, 'report_certificate', { inputs: { step: certificate } });
}
