/**
 * A notice period in which nobody consented to be named puts up no public list (never "共 0 人"); the period still
 * runs, and the administrator's counts say how many are in it (issue 12 item 14).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const ADMIN = 'demo-admin';
const PUBLIC = 'o-public-reader';

describe('a notice that names nobody', () => {
  let cloud: TestCloud;
  const aid = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'aid', action, input, `empty-${Math.random().toString(36).slice(2)}-rq`);
  const now = Date.now();
  const notice = (id: string, entries: number) => ({
    _id: id,
    roundId: 'r-empty',
    programme: 'hardship_aid',
    title: `公示${id}`,
    status: 'active',
    publishedAt: new Date(now - 3600_000),
    endsAt: new Date(now + 3 * 86_400_000),
    publishedOn: '2026-11-01',
    endsOn: '2026-11-08',
    howToObject: '如有异议请联系',
    entries: Array.from({ length: entries }, (_, i) => ({
      entryId: `e-${id}-${i}`,
      caseId: `case-${id}-${i}`,
      maskedName: '张*三',
      place: '某村',
      programme: '困难帮扶',
      amountFen: 1,
    })),
    caseIds: [`case-${id}-0`, `case-${id}-1`],
    plannedCaseIds: [`case-${id}-0`, `case-${id}-1`],
    createdBy: 'staff-x',
  });

  beforeAll(async () => {
    cloud = await startSeededCloud();
    const db = cloud.sdkApp().database();
    await db.collection('notices').add(notice('nNobody', 0));
    await db.collection('notices').add(notice('nSomeone', 1));
  });
  afterAll(async () => cloud?.close());

  it('is not served to the public: not listed, not opened, no objection to it', async () => {
    const listed = (await aid(PUBLIC, 'notices')).data.notices.map((n: { noticeId: string }) => n.noticeId);
    expect(listed).toEqual(['nSomeone']);
    expect((await aid(PUBLIC, 'notice', { noticeId: 'nNobody' })).code).toBe('NOT_FOUND');
    expect((await aid(PUBLIC, 'notice', { noticeId: 'nSomeone' })).data.entries).toHaveLength(1);
    expect(
      (await aid(PUBLIC, 'fileObjection', { noticeId: 'nNobody', entryId: 'e-nNobody-0', reason: '请核实此人情况' }))
        .code,
    ).toBe('NOT_FOUND');
  });

  it('still counts for the administrator: two in the period, none listed', async () => {
    const items = (await aid(ADMIN, 'adminNotices', {})).data.items;
    expect(items.find((n: { noticeId: string }) => n.noticeId === 'nNobody')).toMatchObject({
      status: 'running',
      caseCount: 2,
      listedCount: 0,
    });
  });
});
