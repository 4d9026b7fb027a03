/**
 * Subscribe messages as WeChat sends them: only to someone who accepted the template in the subscribe dialog,
 * one message per acceptance. A message to someone with none left is recorded `unsubscribed` — expected, not
 * an incident an administrator has to retry — and the case is never touched by it.
 */
import { callAs, startSeededCloud, TEMPLATE_IDS, type CallResult } from '../support/people';
import type { TestCloud } from '../support/cloud';

const MIGRANT = 'demo-migrant-2';
const COLLECTOR = 'demo-collector-t15-v01';
const ADMIN = 'demo-admin';
const form = {
  category: 'wage_arrears',
  facts: '在深圳某工地务工，老板拖欠两个月工资，多次讨要未果。',
  employer: '深圳示例建筑有限公司',
  workCity: '深圳',
  contactPreference: 'phone',
  amountOwedFen: 800_000,
};

describe('subscribe messages', () => {
  let cloud: TestCloud;
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input, `req-subscribe-${Math.random().toString(36).slice(2)}`);
  const notesFor = async (caseId: string) =>
    (await cloud.sdkApp().database().collection('notifications').where({ caseId }).limit(100).get()).data as Array<{
      touser: string;
      status: string;
    }>;

  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('sends one message per accepted subscription and records the rest as unsubscribed, not as incidents', async () => {
    const [progress] = TEMPLATE_IDS;
    cloud.subscribe(MIGRANT, [progress]); // one tap of "allow" when submitting
    const submitted = await call(MIGRANT, 'cases', 'submit', { type: 'appeal', form });
    expect(submitted.ok).toBe(true);
    const id = submitted.data._id as string;
    // The collector never accepted the staff template: their new-case notice is not sent.
    expect((await notesFor(id)).find((n) => n.touser === COLLECTOR)?.status).toBe('unsubscribed');

    const accepted = await call(COLLECTOR, 'cases', 'act', { caseId: id, action: 'accept', version: 1 });
    expect(accepted.ok).toBe(true);
    const comment = await call(COLLECTOR, 'cases', 'act', {
      caseId: id,
      action: 'comment',
      version: accepted.data.version,
      comment: '已联系用人单位，请耐心等待。',
    });
    expect(comment.ok).toBe(true);

    const toApplicant = cloud.outbox({ openid: MIGRANT }).filter((m) => String(m.page).includes(id));
    expect(toApplicant).toHaveLength(1);
    expect(cloud.subscriptionsLeft(MIGRANT, progress)).toBe(0);
    const statuses = (await notesFor(id)).filter((n) => n.touser === MIGRANT).map((n) => n.status);
    expect(statuses.filter((s) => s === 'sent')).toHaveLength(1);
    expect(statuses.filter((s) => s === 'unsubscribed').length).toBeGreaterThanOrEqual(1);

    const incidents = await call(ADMIN, 'cases', 'incidents', {});
    expect(incidents.data.items.filter((i: { caseId: string }) => i.caseId === id)).toEqual([]);
    const after = await call(MIGRANT, 'cases', 'get', { caseId: id });
    expect(after.data).toMatchObject({ status: 'handling', version: comment.data.version });
  });
});
