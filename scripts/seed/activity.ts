/**
 * Demo tasks sent down and activity posts (工作动态), so town staff and the city open a populated board and post
 * list in `npm start`. Everything goes through the real `cases` and `tasks` handlers (a handler context over a
 * wx-server-sdk instance connected to the same cloud, as the aid seed does) with the clock set per step: fan-out,
 * capture tickets, photo proof with hashes, content checks and history are what the functions would have written.
 * Every title starts with 【演示】 and every text says it is demo data.
 *
 * - the city's visit task to 万家乡's 14 villages (deadline in 2 days: yellow) at every step: accepted, sent back,
 *   reported, an extension asked, signed, and villages that have not signed;
 * - 万家乡's report form to its villages, overdue (red) for those that have not reported;
 * - the city's notice to every town, half of them signed;
 * - posts: published and featured, a video waiting for a person, waiting for review, recommended to the city, a
 *   town's own post at the city, and another town's published post.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import type { FieldKeys } from '../../domain/security/crypto';
import type { HandlerContext, Database } from '../../domain/runtime/context';
import { createLogger } from '../../domain/runtime/log';
import '../../domain/catalog';
import { casesHandlers } from '../../domain/cases/handlers';
import { tasksHandlers } from '../../domain/tasks/handlers';
import { newUploadPath } from '../../domain/cases/uploads';
import { getCase } from '../../domain/cases/store';
import { chinaDate } from '../../common/china-time';
import { casesContract } from '../../typings/cases';
import { tasksContract } from '../../typings/tasks';
import { demoPhoto } from './demo-image';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const collector = (v: number, town = 't15') => `demo-collector-${town}-v${String(v).padStart(2, '0')}`;
const DEMO = '（演示数据）';

type Contract = Record<string, { input: { parse(i: unknown): unknown } }>;
type HandlerMap = Record<string, (input: unknown, ctx: HandlerContext) => Promise<unknown>>;

/**
 * Seed the demo tasks and posts (see the module comment). Needs the grid, people and staff seeded first; `keys` are
 * the field-encryption keys the functions use (the local cloud's dev keys), set while the handlers run.
 */
export async function seedActivity(app: AdminApp, keys?: FieldKeys): Promise<{ tasks: number; posts: number }> {
  const saved = { data: process.env.UNION_DATA_KEY, index: process.env.UNION_INDEX_KEY };
  if (keys) {
    process.env.UNION_DATA_KEY = keys.dataKey;
    process.env.UNION_INDEX_KEY = keys.indexKey;
  }
  try {
    return await run(app);
  } finally {
    if (keys) restore(saved);
  }
}

function restore(saved: { data?: string; index?: string }): void {
  if (saved.data === undefined) delete process.env.UNION_DATA_KEY;
  else process.env.UNION_DATA_KEY = saved.data;
  if (saved.index === undefined) delete process.env.UNION_INDEX_KEY;
  else process.env.UNION_INDEX_KEY = saved.index;
}

async function run(app: AdminApp): Promise<{ tasks: number; posts: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as { createNewInstance(c: object): HandlerContext['cloud'] };
  const { env, serviceUrl } = (app as unknown as { config: { env: string; serviceUrl: string } }).config;
  const cloud = sdk.createNewInstance({ env, serviceUrl, secretId: 'local', secretKey: 'local', timeout: 60_000 });
  const db = cloud.database() as unknown as Database;
  const start = Date.now();
  let seq = 0;
  const base: Base = { cloud, db, serviceUrl, start, seq: () => (seq += 1) };
  const story: Story = {
    flow: (at) => storyline(base, at),
    start,
    day: (offset) => chinaDate(new Date(start + offset * DAY)),
  };
  await Promise.all([visitTask(story), formTask(story), noticeTask(story), posts(story)]);
  return { tasks: 3, posts: 6 };
}

/** What every storyline shares: the SDK connected to the cloud, the start, and a request counter. */
interface Base {
  cloud: HandlerContext['cloud'];
  db: Database;
  serviceUrl: string;
  start: number;
  seq(): number;
}

/**
 * One storyline with its own clock: the storylines touch different cases, so they run side by side and the demo
 * is written in a few seconds.
 */
function storyline(base: Base, startAt: number) {
  const { cloud, db, serviceUrl, start } = base;
  let clock = startAt;
  const ctx = (openid: string, functionName: string): HandlerContext => ({
    cloud,
    db,
    identity: { openid, appid: 'seed', unionid: '', clientIp: '127.0.0.1', source: 'seed', timer: false },
    functionName,
    requestId: `seed-activity-${start}-${base.seq()}`,
    now: () => new Date(clock),
    log: createLogger('seed-activity'),
  });
  const invoke = async (fn: 'cases' | 'tasks', openid: string, action: string, input: unknown) => {
    const contract = (fn === 'cases' ? casesContract : tasksContract) as unknown as Contract;
    const handlers = (fn === 'cases' ? casesHandlers : tasksHandlers) as unknown as HandlerMap;
    return handlers[action](contract[action].input.parse(input), ctx(openid, fn));
  };
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const c = await getCase(db, caseId);
    if (!c) throw new Error(`demo activity: ${caseId} missing`);
    await invoke('cases', openid, 'act', { caseId, action, version: c.version, ...extra });
  };
  const submit = async (openid: string, type: string, form: object) =>
    ((await invoke('cases', openid, 'submit', { type, form })) as { _id: string })._id;
  /** A file `openid` uploads under their own prefix through the client route, as the mini-program does. */
  const upload = async (openid: string, ext: 'png' | 'mp4', body: Buffer): Promise<string> => {
    const { cloudPath } = newUploadPath(openid, ext, new Date(clock));
    const url = `${serviceUrl.replace(/\/admin$/, '/wx/uploadFile')}?cloudPath=${encodeURIComponent(cloudPath)}`;
    const res = await fetch(url, { method: 'POST', headers: { 'x-wx-openid': openid }, body });
    const out = (await res.json()) as { fileID?: string; errMsg?: string };
    if (!out.fileID) throw new Error(`demo activity upload failed: ${out.errMsg ?? res.status}`);
    return out.fileID;
  };
  const photo = (openid: string, paper: [number, number, number]) => upload(openid, 'png', demoPhoto(paper));
  /** A photo taken on site: ticket first, then the camera, the place as the phone gave it (or refused). */
  const sitePhoto = async (openid: string, caseId: string, located: boolean) => {
    const { captureId } = (await invoke('tasks', openid, 'captureStart', { caseId })) as { captureId: string };
    clock += 2 * 60_000;
    return {
      fileID: await photo(openid, [226, 240, 226]),
      captureId,
      location: located
        ? { latitude: 30.18 + base.seq() / 10_000, longitude: 111.76, accuracy: 20 + (base.seq() % 30) }
        : null,
      locationRefused: !located,
    };
  };
  const report = async (openid: string, caseId: string, note: string, located = true) => {
    const photos = [await sitePhoto(openid, caseId, located)];
    await act(openid, caseId, 'report', { inputs: { report: { photos, note: `${note}${DEMO}` } } });
  };
  return {
    act,
    submit,
    report,
    upload,
    photo,
    at: (ms: number) => (clock = ms),
    tick: (ms: number) => (clock += ms),
    now: () => clock,
  };
}

type Story = { flow: (at: number) => ReturnType<typeof storyline>; start: number; day: (offset: number) => string };

// 1. The city's visit task to 万家乡's villages, issued 9 days ago, due in 2 days (yellow).
async function visitTask(story: Story): Promise<void> {
  const { start, day } = story;
  const f = story.flow(story.start);
  const { act, submit, report } = f;
  f.at(start - 9 * DAY);
  const visit = await submit(ADMIN, 'task', {
    kind: 'visit',
    title: '【演示】冬季困难职工家庭入户走访',
    instructions: `请各村入户走访困难职工家庭，查看取暖和就医情况，在现场拍照上报。${DEMO}`,
    deadline: day(2),
    reach: 'villages',
    recipients: ['t15'],
  });
  const part = (v: number) => `${visit}-t15-v${String(v).padStart(2, '0')}`;
  f.tick(5 * HOUR);
  for (const v of [1, 2, 3, 4, 5, 6, 7]) {
    await act(collector(v), part(v), 'sign');
    f.tick(HOUR);
  }
  f.at(start - 4 * DAY);
  await report(collector(2), part(2), '已走访本村 6 户困难职工家庭，取暖设施正常');
  await report(collector(3), part(3), '已走访 4 户', false);
  f.tick(6 * HOUR);
  await act(ADMIN, part(2), 'accept_report', { inputs: { opinion: '走访到位，照片清楚' } });
  await act(ADMIN, part(3), 'send_back', { reason: '照片看不清门牌，请补拍一张' });
  f.at(start - 2 * DAY);
  await report(collector(4), part(4), '已走访 5 户，其中 1 户需申请困难帮扶');
  await act(collector(5), part(5), 'request_extension', {
    inputs: { extension: { newDate: day(6), reason: `连日降雨，部分山区农户无法入户${DEMO}` } },
  });
}

// 2. 万家乡's report form to its villages, issued 20 days ago, overdue for 3 days (red where not reported).
async function formTask(story: Story): Promise<void> {
  const { start, day } = story;
  const f = story.flow(story.start);
  const { act, submit } = f;
  f.at(start - 20 * DAY);
  const form = await submit(TOWN, 'task', {
    kind: 'form',
    title: '【演示】会员实名制数据月报',
    instructions: `请填报本村工会会员人数和本月新入会人数。${DEMO}`,
    deadline: day(-3),
    reach: 'villages',
    recipients: ['t15'],
    fields: [
      { key: 'f1', label: '会员人数', kind: 'number', required: true },
      { key: 'f2', label: '本月新入会人数', kind: 'number', required: true },
    ],
  });
  const formPart = (v: number) => `${form}-t15-v${String(v).padStart(2, '0')}`;
  f.tick(DAY);
  for (const [v, members, joined] of [
    [2, 86, 3],
    [3, 112, 5],
    [6, 64, 0],
  ] as const) {
    await act(collector(v), formPart(v), 'sign');
    f.tick(HOUR);
    await act(collector(v), formPart(v), 'report', {
      inputs: { report: { answers: { f1: String(members), f2: String(joined) }, note: DEMO } },
    });
  }
  for (const v of [1, 4]) await act(collector(v), formPart(v), 'sign');
  f.tick(DAY);
  await act(TOWN, formPart(2), 'accept_report', { inputs: { opinion: '数据已核对' } });
}

// 3. The city's notice to every town, 2 days ago, due in 10 days; half the towns signed.
async function noticeTask(story: Story): Promise<void> {
  const { start, day } = story;
  const f = story.flow(story.start);
  const { act, submit } = f;
  f.at(start - 2 * DAY);
  const towns = Array.from({ length: 16 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`);
  const notice = await submit(ADMIN, 'task', {
    kind: 'notice',
    title: '【演示】关于开展元旦春节送温暖活动的通知',
    instructions: `请各乡镇工会摸清困难职工底数，做好送温暖准备工作。${DEMO}`,
    deadline: day(10),
    reach: 'nodes',
    recipients: towns,
  });
  f.tick(3 * HOUR);
  for (const t of towns.slice(0, 8).filter((t) => t !== 't15')) {
    await act(`demo-town-${t}`, `${notice}-${t}`, 'sign');
    f.tick(HOUR);
  }
}

// 4. Posts, spread over the last two days (inside this month where it allows).
async function posts(story: Story): Promise<void> {
  const { start } = story;
  const f = story.flow(story.start);
  const { act, submit, upload, photo } = f;
  const monthStart = Date.parse(`${chinaDate(new Date(start)).slice(0, 8)}01T00:00:00+08:00`);
  f.at(Math.max(start - 2 * DAY, monthStart + HOUR));
  const step = () => f.at(Math.min(f.now() + 2 * HOUR, start - 10 * 60_000));
  const post = async (openid: string, kind: string, title: string, text: string, photos: number, video = false) => {
    const files: string[] = [];
    for (let i = 0; i < photos; i += 1) files.push(await photo(openid, [236, 228 - i * 12, 214]));
    const clip = video
      ? { fileID: await upload(openid, 'mp4', Buffer.alloc(120_000, 7)), durationS: 42, sizeBytes: 120_000 }
      : null;
    const id = await submit(openid, 'post', { kind, title, text: `${text}${DEMO}`, photos: files, video: clip });
    step();
    return id;
  };
  const featured = await post(
    collector(1),
    'hardship_visit',
    '【演示】翠林山村走访慰问困难职工',
    '村工会主席带队走访三户困难职工家庭，了解就医和子女上学情况，送去米面油等慰问品。',
    3,
  );
  await act(TOWN, featured, 'publish');
  await act(TOWN, featured, 'feature');
  step();
  await post(
    collector(2),
    'meeting',
    '【演示】村工会委员会季度例会',
    '村工会委员会召开第四季度例会，通报会员发展情况，部署送温暖活动。',
    1,
    true,
  );
  await post(
    collector(3),
    'training',
    '【演示】农民工安全生产培训',
    '邀请乡镇安监站讲解建筑工地安全常识，40 名返乡农民工参加。',
    2,
  );
  const recommended = await post(
    collector(4),
    'moral_lecture',
    '【演示】道德讲堂：身边的好人好事',
    '村道德讲堂请两位劳动模范讲述扎根农村、带领乡亲致富的故事。',
    2,
  );
  await act(TOWN, recommended, 'publish');
  await act(TOWN, recommended, 'recommend');
  await post(
    TOWN,
    'survey',
    '【演示】万家乡企业建会情况调研',
    '乡工会走访辖区 12 家非公企业，摸排未建会企业和职工人数，形成调研报告报市总。',
    2,
  );
  const elsewhere = await post(
    collector(1, 't14'),
    'visit',
    '【演示】走访辖区企业一线职工',
    '村工会走访两家企业一线职工，宣传工会入会和维权渠道。',
    1,
  );
  await act('demo-town-t14', elsewhere, 'publish');
}
