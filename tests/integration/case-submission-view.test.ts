/**
 * What people see of a case: the applicant their whole submission, staff a readable Chinese summary built from
 * the type's declaration (labels, money in 元, places by name, no internal id, hash or English field name), the
 * applicant's phone masked with an audited reveal for the staff handling it, who applied in the queue, and each
 * reply once (issue 12 items 1, 7, 9, 10).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import { uploadAs } from '../support/uploads';
import { seedAid } from '../../scripts/seed/aid';
import type { CaseDetail, SubmissionLine } from '../../typings/cases';

jest.setTimeout(120_000);

const MIGRANT = 'demo-migrant-1';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t01';

/** Anything a staff screen must never show: long hex ids/hashes, English programme or field names, raw booleans. */
const RAW = /[0-9a-f]{24,}|student_aid|hardship_aid|applicationId|amountFen|personId|roundId|seal|\btrue\b|\bfalse\b/;

describe('what a case shows to whom', () => {
  let cloud: TestCloud;
  let rid = 0;
  const call = <T = CaseDetail>(openid: string, action: string, input?: unknown, requestId?: string) =>
    callAs<T>(cloud, openid, 'cases', action, input, requestId);

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedAid(cloud.sdkApp(), cloud.devKeys);
  });
  afterAll(async () => cloud?.close());

  async function appeal(): Promise<CaseDetail> {
    const photo = await uploadAs(cloud, MIGRANT);
    const form = {
      category: 'wage_arrears',
      facts: '在深圳龙华区工地做木工，包工头拖欠三个月工资共一万八千元，多次讨要无果。',
      employer: '深圳示例建筑劳务有限公司',
      workCity: '深圳',
      contactPreference: 'phone',
      amountOwedFen: 1_800_000,
      attachments: [photo],
    };
    const r = await call(MIGRANT, 'submit', { type: 'appeal', form }, `view-${(rid += 1)}-submit`);
    expect(r.ok).toBe(true);
    return r.data;
  }

  const byLabel = (lines: SubmissionLine[]) => Object.fromEntries(lines.map((l) => [l.label, l]));

  it('shows the applicant everything they filed: facts, employer, amount in 元, their photos', async () => {
    const c = await appeal();
    const mine = (await call(MIGRANT, 'get', { caseId: c._id })).data;
    const lines = byLabel(mine.submission);
    expect(lines['事实经过']).toMatchObject({ kind: 'longtext', value: expect.stringContaining('一万八千元') });
    expect(lines['用人单位'].value).toBe('深圳示例建筑劳务有限公司');
    expect(lines['被拖欠的工资'].value).toBe('18,000.00 元');
    expect(lines['希望的联系方式'].value).toBe('电话联系');
    expect(lines['照片和材料']).toMatchObject({ kind: 'files', files: [expect.stringMatching(/^cloud:\/\//)] });
    expect(mine.contact).toBeNull();
  });

  it('shows staff a Chinese summary of an aid application: no ids, hashes or English names', async () => {
    const queue = await call<{ items: { _id: string; type: string }[] }>(COLLECTOR, 'queue', { type: 'hardship_aid' });
    const aidCase = queue.data.items[0];
    expect(aidCase).toBeDefined();
    const detail = (await call(COLLECTOR, 'get', { caseId: aidCase._id })).data;
    const labels = detail.submission.map((l) => l.label);
    expect(labels).toEqual(
      expect.arrayContaining(['申报批次', '资助类别', '拟资助金额', '户籍村（社区）', '资格审查']),
    );
    for (const l of detail.submission) {
      expect(l.label).toMatch(/^[\u4e00-\u9fff（）/]+$/);
      expect(`${l.label} ${l.value}`).not.toMatch(RAW);
    }
    expect(byLabel(detail.submission)['拟资助金额'].value).toMatch(/^\d{1,3}(,\d{3})*\.\d{2} 元$/);
    expect(byLabel(detail.submission)['户籍村（社区）'].value).toBe('万家乡翠林山村');
    // A reference check reads as words: what was found, whether it matters, what to verify.
    const check = detail.submission.find((l) => l.label.startsWith('民政低保/特困名单'));
    expect(check?.value).toMatch(/[。，]/);
  });

  it('shows the staff handling a case the applicant’s phone masked, reveals it in full once asked, audited', async () => {
    const c = await appeal();
    const staffView = (await call(TOWN, 'get', { caseId: c._id })).data;
    expect(staffView.contact).toEqual({
      name: c.applicantName,
      phoneMasked: expect.stringMatching(/^1\d{2}\*{4}\d{4}$/),
    });
    const before = (await cloud.db.find('audit_log', { limit: 1000 })).length;
    const revealed = await call<{ phone: string }>(TOWN, 'revealPhone', { caseId: c._id });
    expect(revealed.data.phone).toMatch(/^1\d{10}$/);
    expect(revealed.data.phone.slice(-4)).toBe(staffView.contact?.phoneMasked?.slice(-4));
    const audit = (await cloud.db.find('audit_log', { limit: 1000 })) as Array<Record<string, unknown>>;
    expect(audit.length).toBe(before + 1);
    expect(audit.find((a) => a.action === 'case.revealPhone' && a.targetId === c._id)).toMatchObject({
      openid: TOWN,
      role: 'town_staff',
    });
    // Nobody else: not the applicant, not staff of another town.
    expect((await call(MIGRANT, 'revealPhone', { caseId: c._id })).code).toBe('FORBIDDEN');
    expect((await call(OTHER_TOWN, 'revealPhone', { caseId: c._id })).code).toBe('NOT_FOUND');
    expect((await call('o-stranger', 'revealPhone', { caseId: c._id })).code).toBe('NOT_FOUND');
  });

  it('tells staff who applied in the queue: masked name, village, and since when it waits', async () => {
    const c = await appeal();
    const queue = await call<{ items: CaseDetail[] }>(COLLECTOR, 'queue', { type: 'appeal', limit: 100 });
    const row = queue.data.items.find((i) => i._id === c._id);
    expect(row).toMatchObject({ applicantName: c.applicantName, applicantPlace: '万家乡翠林山村' });
    expect(row?.applicantName).toContain('*');
    expect(Date.parse(row?.stepSince ?? '')).toBeGreaterThan(Date.now() - 3600_000);
  });

  it('marks a reply as part of the thread, so a page shows its text once; a request for more stays a step', async () => {
    const c = await appeal();
    const act = async (openid: string, action: string, extra: Record<string, unknown> = {}) => {
      const now = (await call(openid, 'get', { caseId: c._id })).data;
      const r: CallResult<CaseDetail> = await call(
        openid,
        'act',
        { caseId: c._id, action, version: now.version, ...extra },
        `view-${(rid += 1)}-${action}`,
      );
      expect(r.ok).toBe(true);
      return r.data;
    };
    await act(COLLECTOR, 'accept');
    await act(COLLECTOR, 'request_info', { comment: '请补充工资条照片' });
    await act(MIGRANT, 'comment', { comment: '工资条明天补上' });
    const detail = (await call(MIGRANT, 'get', { caseId: c._id })).data;
    const step = (action: string) => detail.timeline.find((e) => e.action === action);
    expect(step('comment')).toMatchObject({ inThread: true, comment: '工资条明天补上' });
    expect(step('request_info')?.inThread).toBeUndefined();
    expect(detail.messages.map((m) => m.text)).toEqual(['请补充工资条照片', '工资条明天补上']);
  });
});
