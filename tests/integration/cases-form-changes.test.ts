/**
 * Nobody rewrites a submitted case by smuggling a form into an action: through the real function, as the demo
 * people. Only the applicant's resubmission while information is requested carries a corrected form (validated
 * by the type's schema, and for aid by the seal); a staff correction is its own action with a reason, recorded
 * before/after in the history and audited; notices and payments read the stored application, never the case.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { seedCases } from '../../scripts/seed/cases';
import {
  DEMO_APPLICANTS as D,
  aidCalls,
  hardshipForm,
  hardshipRoundConfig,
  importSamples,
  studentForm,
  studentRoundConfig,
  uploadLetters,
} from '../support/aid';
import { uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const MIGRANT = 'demo-migrant-1';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';
const DAY = 86_400_000;

const appealForm = (over: Record<string, unknown> = {}) => ({
  category: 'wage_arrears',
  facts: '在深圳某工地务工，老板拖欠三个月工资共一万二千元，多次讨要未果。',
  employer: '深圳示例建筑有限公司',
  workCity: '深圳',
  contactPreference: 'phone',
  amountOwedFen: 1_200_000,
  ...over,
});
const forgedAppeal = appealForm({
  facts: '已经协商解决，无需再处理此事，特此说明。',
  employer: '另一家公司',
  amountOwedFen: 0,
});

describe('only the declared action changes a case form', () => {
  let cloud: TestCloud;
  const { rid, aid, cases, act, db, history } = aidCalls(() => cloud, 'form');
  const storedCase = async (caseId: string) =>
    (await db().collection('cases').doc(caseId).get()).data[0] as {
      form: Record<string, unknown>;
      version: number;
      status: string;
    };
  let studentRound: string;
  let hardshipRound: string;
  let otherHardshipRound: string;

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    await seedCases(cloud.sdkApp());
    await importSamples(cloud);
    const s = await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() });
    const h = await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() });
    const o = await aid(ADMIN, 'saveRound', {
      status: 'open',
      config: hardshipRoundConfig({ title: '2026年困难职工帮扶（第二批）' }),
    });
    studentRound = s.data.roundId;
    hardshipRound = h.data.roundId;
    otherHardshipRound = o.data.roundId;
    await uploadLetters(cloud, [D.migrant.openid]);
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  const submitAppeal = async () => {
    const r = await callAs(cloud, MIGRANT, 'cases', 'submit', { type: 'appeal', form: appealForm() }, rid());
    expect(r.ok).toBe(true);
    return r.data._id as string;
  };

  it('refuses a collector’s comment (or acceptance) that carries a form, and writes nothing', async () => {
    const id = await submitAppeal();
    const before = await storedCase(id);
    for (const action of ['comment', 'accept', 'escalate']) {
      const r = await act(COLLECTOR, id, action, { comment: '已联系企业', form: forgedAppeal });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    }
    const after = await storedCase(id);
    expect(after.form).toEqual(before.form);
    expect(after.version).toBe(before.version);
    expect(await history(id)).toHaveLength(1);
  });

  it('refuses the applicant’s own comment or withdrawal carrying a form', async () => {
    const id = await submitAppeal();
    for (const action of ['comment', 'withdraw']) {
      const r = await act(MIGRANT, id, action, { comment: '补充说明一下情况', form: forgedAppeal });
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    }
    expect((await storedCase(id)).form.facts).toBe(appealForm().facts);
  });

  it('takes the applicant’s corrected form on resubmission, validated by the schema, and names the changed fields', async () => {
    const id = await submitAppeal();
    expect((await act(COLLECTOR, id, 'accept')).ok).toBe(true);
    expect((await act(COLLECTOR, id, 'request_info', { comment: '请补充欠薪金额的依据' })).ok).toBe(true);
    const bad = await act(MIGRANT, id, 'resubmit', { form: appealForm({ amountOwedFen: -1 }) });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form.amountOwedFen' });
    const corrected = await act(MIGRANT, id, 'resubmit', { form: appealForm({ amountOwedFen: 1_500_000 }) });
    expect(corrected).toMatchObject({ ok: true, data: { status: 'handling' } });
    expect((await storedCase(id)).form.amountOwedFen).toBe(1_500_000);
    const entry = (await history(id)).find((h) => h.action === 'resubmit') as unknown as {
      formChanges: { field: string }[];
    };
    expect(entry.formChanges.map((c) => c.field)).toEqual(['amountOwedFen']);
  });

  it('lets staff correct an appeal only through the correction action: reason, before/after, audit', async () => {
    const id = await submitAppeal();
    const offered = await cases(COLLECTOR, 'get', { caseId: id });
    expect(offered.data.availableActions).toContainEqual(
      expect.objectContaining({ action: 'correct', needs: expect.arrayContaining(['reason', 'form']) }),
    );
    const fixed = appealForm({ employer: '深圳示例建筑工程有限公司' });
    const noReason = await act(COLLECTOR, id, 'correct', { form: fixed });
    expect(noReason).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'reason' });
    const noForm = await act(COLLECTOR, id, 'correct', { reason: '企业名称按营业执照更正' });
    expect(noForm).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    const unchanged = await act(COLLECTOR, id, 'correct', { reason: '企业名称按营业执照更正', form: appealForm() });
    expect(unchanged).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    expect((await act(MIGRANT, id, 'correct', { reason: '我自己改一下', form: fixed })).code).toBe('FORBIDDEN');
    const r = await act(COLLECTOR, id, 'correct', { reason: '企业名称按营业执照更正', form: fixed });
    expect(r).toMatchObject({ ok: true, data: { status: 'submitted', title: '欠薪 · 深圳示例建筑工程有限公司' } });
    const entry = (await history(id)).find((h) => h.action === 'correct') as unknown as {
      reason: string;
      formChanges: { field: string; before: unknown; after: unknown }[];
    };
    expect(entry.reason).toBe('企业名称按营业执照更正');
    expect(entry.formChanges).toEqual([
      { field: 'employer', before: '深圳示例建筑有限公司', after: '深圳示例建筑工程有限公司' },
    ]);
    const timeline = (await cases(MIGRANT, 'get', { caseId: id })).data.timeline;
    expect(timeline[timeline.length - 1]).toMatchObject({ action: 'correct', comment: '企业名称按营业执照更正' });
    const audit = (await db().collection('audit_log').where({ action: 'case.correct', targetId: id }).get()).data;
    expect(audit).toHaveLength(1);
    expect(audit[0].detail).toMatchObject({ fields: ['employer'] });
    expect(JSON.stringify(audit[0])).not.toContain('深圳示例建筑工程有限公司');
  });

  /** A hardship application taken through village, town and city approval. */
  const approvedHardship = async () => {
    const r = await aid(D.hardship.openid, 'submit', hardshipForm(hardshipRound, D.hardship), rid());
    expect(r.ok).toBe(true);
    const id = r.data.caseId as string;
    return id;
  };

  it('refuses an applicant’s comment carrying a forged aid summary, and a reviewer’s approval carrying one', async () => {
    const submitted = await aid(
      D.migrant.openid,
      'submit',
      studentForm(studentRound, D.migrant, D.migrantChild),
      rid(),
    );
    expect(submitted.ok).toBe(true);
    const id = submitted.data.caseId as string;
    const before = await storedCase(id);
    const forged = { ...before.form, amountFen: 99_900_000, roundId: hardshipRound, checks: [] };
    const comment = await act(D.migrant.openid, id, 'comment', { comment: '补充说明情况', form: forged });
    expect(comment).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    const approve = await act(COLLECTOR, id, 'approve', { form: forged });
    expect(approve).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    expect((await storedCase(id)).form).toEqual(before.form);
  });

  it('selects a notice’s cases and pays by the stored application, whatever the case form says', async () => {
    const id = await approvedHardship();
    await aid(COLLECTOR, 'addHomeVisit', {
      caseId: id,
      visitedOn: '2026-01-05',
      findings: '入户核实：家庭情况属实。',
      photoFileIds: [await uploadAs(cloud, COLLECTOR)],
    });
    for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, id, 'approve')).ok).toBe(true);
    // A case form changed behind the engine's back (as the old hole allowed): another round, another amount.
    await db().collection('cases').doc(id).update({ 'form.roundId': otherHardshipRound, 'form.amountFen': 1 });
    const wrongRound = await aid(ADMIN, 'publishNotice', { roundId: otherHardshipRound, caseIds: [id] }, rid());
    expect(wrongRound).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    const notice = await aid(ADMIN, 'publishNotice', { roundId: hardshipRound, workingDays: 1 }, rid());
    expect(notice.ok).toBe(true);
    const stored = (await db().collection('notices').doc(notice.data.noticeId).get()).data[0] as {
      caseIds: string[];
      entries: { caseId: string; amountFen: number }[];
    };
    expect(stored.caseIds).toContain(id);
    expect(stored.entries.find((e) => e.caseId === id)?.amountFen).toBe(300_000);

    process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
    const batch = await aid(ADMIN, 'createPaymentBatch', { noticeId: notice.data.noticeId }, rid());
    expect(batch.ok).toBe(true);
    const payment = (await db().collection('payments').where({ caseId: id }).get()).data[0] as { amountFen: number };
    expect(payment.amountFen).toBe(300_000);
    delete process.env.UNION_CLOCK_OFFSET_MS;
  });
});
