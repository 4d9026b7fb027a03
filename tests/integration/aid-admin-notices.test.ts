/**
 * `aid.adminNotices`: the city administrator's list of every notice (running and ended) with counts, open
 * objections and its payment batch, through the real wx-server-sdk; nobody else may list them, and the list
 * carries no names or case ids.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const PUBLIC = 'o-public-reader';
const DAY = 86_400_000;

describe('aid.adminNotices', () => {
  let cloud: TestCloud;
  const aid = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'aid', action, input);
  const now = Date.now();
  const notice = (id: string, publishedAgo: number, endsIn: number, status = 'active') => ({
    _id: id,
    roundId: 'r-admin-notices',
    programme: 'student_aid',
    title: `公示${id}`,
    status,
    publishedAt: new Date(now - publishedAgo),
    endsAt: new Date(now + endsIn),
    publishedOn: '2026-11-01',
    endsOn: '2026-11-08',
    howToObject: '如有异议请联系',
    entries: [
      {
        entryId: `e-${id}-1`,
        caseId: `case-${id}-1`,
        maskedName: '张*三',
        place: '某村',
        programme: '金秋助学',
        amountFen: 1,
      },
    ],
    caseIds: [`case-${id}-1`, `case-${id}-2`],
    plannedCaseIds: [`case-${id}-1`, `case-${id}-2`],
    createdBy: 'staff-x',
  });
  const objection = (id: string, noticeId: string, status: string) => ({
    _id: id,
    noticeId,
    entryId: `e-${noticeId}-1`,
    caseId: `case-${noticeId}-1`,
    reason: '此人家境较好，请核实',
    held: false,
    filerOpenid: PUBLIC,
    status,
    reply: null,
    filedAt: new Date(now - DAY),
    resolvedAt: null,
    resolvedBy: null,
  });

  beforeAll(async () => {
    cloud = await startSeededCloud();
    const db = cloud.sdkApp().database();
    // Running (two open objections, one settled), ended with a batch, ended earlier, and one published in the
    // same millisecond as the ended one (keyset tie on publishedAt).
    await db.collection('notices').add(notice('nRunning', 1 * DAY, 3 * DAY));
    await db.collection('notices').add(notice('nEndedA', 20 * DAY, -10 * DAY, 'ended'));
    await db.collection('notices').add(notice('nEndedB', 20 * DAY, -10 * DAY, 'ended'));
    await db.collection('notices').add(notice('nOld', 40 * DAY, -30 * DAY, 'ended'));
    await db.collection('objections').add(objection('o1', 'nRunning', 'open'));
    await db.collection('objections').add(objection('o2', 'nRunning', 'resolving'));
    await db.collection('objections').add(objection('o3', 'nRunning', 'dismissed'));
    await db.collection('payment_batches').add({
      _id: 'pb-nEndedA',
      roundId: 'r-admin-notices',
      noticeId: 'nEndedA',
      retryOf: null,
      status: 'exported',
      caseIds: ['case-nEndedA-1'],
      totalFen: 1,
      exports: [],
      createdAt: new Date(now - 5 * DAY),
      createdBy: 'staff-x',
    });
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('is refused to anyone but the city administrator', async () => {
    expect((await aid(TOWN, 'adminNotices', {})).code).toBe('FORBIDDEN');
    expect((await aid(PUBLIC, 'adminNotices', {})).code).toBe('FORBIDDEN');
    expect((await aid(ADMIN, 'adminNotices', { limit: 0 })).field).toBe('limit');
    expect((await aid(ADMIN, 'adminNotices', { cursor: '{"$gt":1}' })).field).toBe('cursor');
  });

  it('lists running and ended notices, newest first, with counts, open objections and the batch', async () => {
    const r = await aid(ADMIN, 'adminNotices', {});
    expect(r.ok).toBe(true);
    expect(r.data.nextCursor).toBeNull();
    expect(r.data.items.map((n: { noticeId: string }) => n.noticeId)).toEqual([
      'nRunning',
      'nEndedB',
      'nEndedA',
      'nOld',
    ]);
    const byId = Object.fromEntries(r.data.items.map((n: { noticeId: string }) => [n.noticeId, n]));
    expect(byId.nRunning).toMatchObject({
      status: 'running',
      programme: '金秋助学',
      caseCount: 2,
      listedCount: 1,
      openObjections: 2,
      batch: null,
    });
    expect(byId.nEndedA).toMatchObject({
      status: 'ended',
      openObjections: 0,
      batch: { batchId: 'pb-nEndedA', status: 'exported' },
    });
    expect(byId.nOld).toMatchObject({ status: 'ended', batch: null });
    // The public list serves only the running one.
    const served = (await aid(PUBLIC, 'notices')).data.notices.map((n: { noticeId: string }) => n.noticeId);
    expect(served).toEqual(['nRunning']);
  });

  it('carries no names, case ids, entries or objection text', async () => {
    const text = JSON.stringify((await aid(ADMIN, 'adminNotices', {})).data);
    expect(text).not.toContain('张*三');
    expect(text).not.toContain('case-');
    expect(text).not.toContain('entries');
    expect(text).not.toContain('家境');
    expect(text).not.toContain('某村');
  });

  it('pages with a keyset cursor without skipping or repeating a notice', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const r = await aid(ADMIN, 'adminNotices', { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(r.ok).toBe(true);
      expect(r.data.items.length).toBeLessThanOrEqual(1);
      seen.push(...r.data.items.map((n: { noticeId: string }) => n.noticeId));
      cursor = r.data.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['nRunning', 'nEndedB', 'nEndedA', 'nOld']);
  });
});
