/**
 * Someone who objects to a public notice follows it in 我的办件: their objections with the notice's title, the line
 * as published, the status and the union's answer; the city admin's list reads the same words, no raw ids
 * (issue 12 items 5 and 7).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { seedAid } from '../../scripts/seed/aid';

jest.setTimeout(120_000);

const OBJECTOR = 'o-objector-1';
const ADMIN = 'demo-admin';

describe('following an objection', () => {
  let cloud: TestCloud;
  let n = 0;
  const aid = (openid: string, action: string, input?: unknown) =>
    callAs(cloud, openid, 'aid', action, input, `myobj-${(n += 1)}-request`);

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedAid(cloud.sdkApp(), cloud.devKeys);
  });
  afterAll(async () => cloud?.close());

  it('lists my objections with the notice, the line, the status and then the answer', async () => {
    const notice = (await aid(OBJECTOR, 'notices')).data.notices[0];
    const detail = (await aid(OBJECTOR, 'notice', { noticeId: notice.noticeId })).data;
    const entry = detail.entries[0];
    const filed = await aid(OBJECTOR, 'fileObjection', {
      noticeId: notice.noticeId,
      entryId: entry.entryId,
      reason: '此人家里开了两家店，不属于困难家庭',
    });
    expect(filed.ok).toBe(true);
    expect(filed.data).toMatchObject({ noticeTitle: notice.title, entryName: entry.maskedName, status: 'open' });
    expect(filed.data.caseId).toBeUndefined();

    const mine = (await aid(OBJECTOR, 'myObjections')).data.items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      noticeTitle: notice.title,
      entryName: entry.maskedName,
      entryPlace: entry.place,
      reason: '此人家里开了两家店，不属于困难家庭',
      status: 'open',
      reply: null,
    });
    expect(mine[0].caseId).toBeUndefined();
    // Nobody else sees it.
    expect((await aid('o-someone-else', 'myObjections')).data.items).toEqual([]);

    // The admin's list names the notice and the line in words.
    const open = (await aid(ADMIN, 'objections', { status: 'open' })).data.items;
    const mineForAdmin = open.find((o: { objectionId: string }) => o.objectionId === filed.data.objectionId);
    expect(mineForAdmin).toMatchObject({ noticeTitle: notice.title, entryName: entry.maskedName });

    await aid(ADMIN, 'resolveObjection', {
      objectionId: filed.data.objectionId,
      outcome: 'dismissed',
      reply: '经核实，该户家庭收入符合条件',
    });
    const after = (await aid(OBJECTOR, 'myObjections')).data.items[0];
    expect(after).toMatchObject({ status: 'dismissed', reply: '经核实，该户家庭收入符合条件' });
    expect(Date.parse(after.resolvedAt)).toBeGreaterThan(0);
  });

  it('asks who is asking', async () => {
    const anonymous = (await cloud.callFunction('aid', { action: 'myObjections' }, { openid: '' })).result as {
      ok: boolean;
      code: string;
    };
    expect(anonymous.ok).toBe(false);
  });
});
