/**
 * `npm start`'s demo has tasks sent down and activity posts (`scripts/seed/activity.ts`), made through the real
 * handlers and marked 【演示】: the city opens a board with villages at every step and yellow lights, the town a red
 * overdue report form and the city's notice to sign, a collector its parts; the town reviews a post whose video
 * waits for a person, the city a recommended post and the town's own.
 */
import { seedActivity } from '../../scripts/seed/activity';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import type { TestCloud } from '../support/cloud';

jest.setTimeout(300_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';

describe('demo tasks and posts', () => {
  let cloud: TestCloud;
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input);

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedActivity(cloud.sdkApp(), cloud.devKeys);
  });
  afterAll(async () => cloud?.close());

  it('gives the city a board of the visit task at every step, and its notice to the towns', async () => {
    const issued = await call(ADMIN, 'tasks', 'list', { box: 'issued' });
    const titles = issued.data.items.map((t: { title: string }) => t.title);
    expect(titles).toEqual(
      expect.arrayContaining(['【演示】冬季困难职工家庭入户走访', '【演示】关于开展元旦春节送温暖活动的通知']),
    );
    const visit = issued.data.items.find((t: { kindLabel: string }) => t.kindLabel === '走访任务');
    const board = await call(ADMIN, 'tasks', 'board', { taskId: visit.caseId });
    expect(board.data).toMatchObject({ total: 14, signed: 7, finished: 1, unsigned: 7, late: 0 });
    const rows = board.data.towns[0].rows as { statusLabel: string; light: string }[];
    expect(new Set(rows.map((r) => r.statusLabel))).toEqual(
      new Set(['待签收', '办理中', '待验收', '延期待批', '已完成']),
    );
    expect(rows.filter((r) => r.light === 'yellow')).toHaveLength(13);
    const notice = issued.data.items.find((t: { kindLabel: string }) => t.kindLabel === '通知');
    const towns = await call(ADMIN, 'tasks', 'board', { taskId: notice.caseId });
    expect(towns.data).toMatchObject({ total: 16, signed: 8, finished: 8, unsigned: 8 });
  });

  it('gives the town its overdue report form and the notice to sign, and a collector its parts', async () => {
    const issued = await call(TOWN, 'tasks', 'list', { box: 'issued' });
    expect(issued.data.items).toHaveLength(1);
    const board = await call(TOWN, 'tasks', 'board', { taskId: issued.data.items[0].caseId });
    expect(board.data).toMatchObject({ total: 14, finished: 1, late: 13 });
    const received = await call(TOWN, 'tasks', 'list', { box: 'received' });
    expect(received.data.items).toEqual([expect.objectContaining({ kindLabel: '通知', statusLabel: '待签收' })]);
    const mine = await call(COLLECTOR, 'tasks', 'list', { box: 'received' });
    expect(mine.data.items.map((t: { light: string }) => t.light).sort()).toEqual(['red', 'yellow']);
    const part = mine.data.items.find((t: { light: string }) => t.light === 'yellow');
    const detail = await call(COLLECTOR, 'cases', 'get', { caseId: part.caseId });
    expect(detail.data.timeline.map((s: { actionLabel: string }) => s.actionLabel)).toEqual(['下发', '签收']);
  });

  it('gives the town posts to review (a video waiting for a person) and the city the ones above', async () => {
    const review = await call(TOWN, 'posts', 'list', { box: 'review' });
    expect(review.data.items).toHaveLength(2);
    expect(review.data.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ hasVideo: true, videoStatus: '视频待人工审核' })]),
    );
    const city = await call(ADMIN, 'posts', 'list', { box: 'review' });
    expect(city.data.items.map((p: { statusLabel: string }) => p.statusLabel).sort()).toEqual([
      '已推荐至市总',
      '待审核',
    ]);
    const feed = await call(ADMIN, 'posts', 'list', { box: 'feed' });
    expect(feed.data.items.map((p: { poster: string }) => p.poster)).toEqual(expect.arrayContaining(['翠林山村']));
    expect(feed.data.items.every((p: { title: string }) => p.title.startsWith('【演示】'))).toBe(true);
    expect(feed.data.items.some((p: { featured: boolean }) => p.featured)).toBe(true);
    const townFeed = await call(TOWN, 'posts', 'list', { box: 'feed' });
    expect(townFeed.data.items.length).toBe(feed.data.items.length - 1);
  });
});
