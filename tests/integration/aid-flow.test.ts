/**
 * Both aid programmes end to end through the real wx-server-sdk against the local cloud, as the demo people:
 * submit → village verification (home visit) → town review → city approval → public notice (masked, consent,
 * objections, expiry) → payment batch → bank file → paid / failed → corrected → retried → paid.
 */
import { replay } from '../../domain/cases/machine';
import type { TestCloud } from '../support/cloud';
import { startSeededCloud, subscribeDemoPeople } from '../support/people';
import {
  DEMO_APPLICANTS as D,
  hardshipForm,
  hardshipRoundConfig,
  importSamples,
  studentForm,
  studentRoundConfig,
  testCard,
  letterOf,
  uploadLetters,
  aidCalls,
  OPINION,
} from '../support/aid';
import { uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';
const OTHER_COLLECTOR = 'demo-collector-t01-v01';
const PUBLIC = 'o-public-reader';
const DAY = 86_400_000;

describe('aid programmes from application to bank card', () => {
  let cloud: TestCloud;
  const { rid, aid, cases, act, db, history } = aidCalls(() => cloud, 'aid');
  let studentRound: string;
  let hardshipRound: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    // Everyone accepted the subscribe dialog: these tests read the messages themselves.
    subscribeDemoPeople(cloud);
    await importSamples(cloud);
    const s = await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() });
    const h = await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() });
    expect([s.ok, h.ok]).toEqual([true, true]);
    studentRound = s.data.roundId;
    hardshipRound = h.data.roundId;
    await uploadLetters(cloud, [D.migrant.openid, D.formerHardship.openid]);
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('lets only the city administrator configure rounds and the 低保 line', async () => {
    expect((await aid(TOWN, 'saveRound', { status: 'open', config: studentRoundConfig() })).code).toBe('FORBIDDEN');
    expect((await aid(D.migrant.openid, 'setPovertyLine', { year: 2026, monthlyFen: 1 })).code).toBe('FORBIDDEN');
    const open = await aid(D.migrant.openid, 'rounds');
    expect(open.data.rounds.map((r: { roundId: string }) => r.roundId)).toEqual(
      expect.arrayContaining([studentRound, hardshipRound]),
    );
    expect(open.data.rounds.find((r: { roundId: string }) => r.roundId === studentRound).povertyLineFen).toBe(75_000);
  });

  it('keeps a draft server-side, encrypted, until the application is submitted', async () => {
    const form = studentForm(studentRound, D.migrant, D.migrantChild);
    expect((await aid(D.migrant.openid, 'saveDraft', { roundId: studentRound, form })).ok).toBe(true);
    const draft = await aid(D.migrant.openid, 'getDraft', { roundId: studentRound });
    expect(draft.data.form).toEqual(form);
    // Stored encrypted: no ID number in the document.
    const stored = (await db().collection('aid_drafts').where({ roundId: studentRound }).get()).data;
    expect(JSON.stringify(stored)).not.toContain(D.migrant.idNumber);
    // Another person does not see it.
    expect((await aid(D.hardship.openid, 'getDraft', { roundId: studentRound })).data).toBeNull();
  });

  it('runs student aid through every step and role', async () => {
    const submitted = await aid(
      D.migrant.openid,
      'submit',
      studentForm(studentRound, D.migrant, D.migrantChild),
      rid(),
    );
    expect(submitted).toMatchObject({
      ok: true,
      data: { stage: 'in_review', caseStatus: 'village_review', category: 'university_file', amountFen: 500_000 },
    });
    const id = (ids.student = submitted.data.caseId);
    expect(submitted.data.eligibility.reasons.every((r: { passed: boolean }) => r.passed)).toBe(true);
    // Cross-checks: household and child registration match, the hardship archive confirms the file, not on the 低保 list.
    const checks = Object.fromEntries(
      submitted.data.verification.map((c: { dataset: string; subject: string; status: string }) => [
        `${c.dataset}:${c.subject}`,
        c.status,
      ]),
    );
    expect(checks).toEqual({
      'household:applicant': 'match',
      'household:child': 'match',
      'hardship_archive:applicant': 'match',
      'civil_affairs:applicant': 'not_found',
    });
    expect(submitted.data.applicant.idNumber).toMatch(/^4210\*+\d{4}$/);
    expect(submitted.data.bankCard).toMatchObject({ last4: testCard(1).slice(-4), luhnWarning: false });
    // The draft is gone once submitted.
    expect((await aid(D.migrant.openid, 'getDraft', { roundId: studentRound })).data).toBeNull();

    // Village: another village's collector cannot see it; the home village's collector visits and approves.
    expect((await aid(OTHER_COLLECTOR, 'application', { caseId: id })).code).toBe('NOT_FOUND');
    // The checks are on the case the engine shows reviewers, too.
    const generic = await cases(COLLECTOR, 'get', { caseId: id });
    expect(generic.data.form.checks).toContainEqual({
      dataset: 'household',
      subject: 'child',
      status: 'match',
      differences: [],
    });
    expect(generic.data.eligibility).toMatchObject({ eligible: true, rulesVersion: expect.any(String) });
    expect(JSON.stringify(generic.data)).not.toContain(D.migrant.idNumber);
    const reviewerView = await aid(COLLECTOR, 'application', { caseId: id });
    expect(reviewerView.data.applicant.name).toContain('*');
    expect(reviewerView.data.child.name).toContain('*');
    const visit = await aid(COLLECTOR, 'addHomeVisit', {
      caseId: id,
      visitedOn: '2026-11-20',
      findings: '入户核实：家庭情况属实，子女已被录取。',
      photoFileIds: [await uploadAs(cloud, COLLECTOR)],
    });
    expect(visit.data.homeVisits).toHaveLength(1);
    expect((await act(TOWN, id, 'approve')).code).toBe('FORBIDDEN');
    expect((await act(COLLECTOR, id, 'approve')).data).toMatchObject({ status: 'town_review', level: 'town' });
    expect(
      (await aid(COLLECTOR, 'addHomeVisit', { caseId: id, visitedOn: '2026-11-20', findings: '再次走访情况说明' }))
        .code,
    ).toBe('PRECONDITION_FAILED');
    // Town asks for more information; the applicant answers; the town approves.
    expect((await act(TOWN, id, 'request_info', { comment: '请补充学校缴费通知单说明' })).data.status).toBe(
      'info_requested',
    );
    expect((await act(D.migrant.openid, id, 'resubmit', { form: { x: 1 } })).ok).toBe(false);
    expect((await act(D.migrant.openid, id, 'resubmit', { comment: '缴费通知单已补充上传' })).data.status).toBe(
      'town_review',
    );
    expect((await act(TOWN, id, 'approve')).data).toMatchObject({ status: 'city_review', level: 'city' });
    expect((await act(ADMIN, id, 'approve')).data.status).toBe('approved');
    expect((await aid(D.migrant.openid, 'application', { caseId: id })).data).toMatchObject({ stage: 'approved' });
  });

  it('runs hardship aid through every step, with a refusal that needs a reason', async () => {
    const deep = await aid(D.hardship.openid, 'submit', hardshipForm(hardshipRound, D.hardship), rid());
    expect(deep).toMatchObject({ ok: true, data: { category: 'deep', amountFen: 300_000 } });
    const checks = Object.fromEntries(
      deep.data.verification.map((c: { dataset: string; status: string }) => [c.dataset, c.status]),
    );
    expect(checks).toMatchObject({ civil_affairs: 'match', hardship_archive: 'match', household: 'match' });
    ids.hardship = deep.data.caseId;
    for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, ids.hardship, 'approve')).ok).toBe(true);

    // A worker without publication consent, 意外致困 (costs above 80% of income); unit checked in the business registry.
    const accident = await aid(
      D.worker.openid,
      'submit',
      hardshipForm(hardshipRound, D.worker, {
        applicant: {
          name: D.worker.name,
          idNumber: D.worker.idNumber,
          mobile: '13700137000',
          type: 'worker',
          villageId: D.worker.villageId,
          unitName: '松滋示例机械有限公司',
          unitCreditCode: '91421087MA0001001H',
        },
        household: {
          members: [
            { relation: 'self', annualIncomeFen: 6_000_000 },
            { relation: 'spouse', annualIncomeFen: 3_000_000 },
            { relation: 'child', annualIncomeFen: 0 },
          ],
          annualHardshipCostFen: 8_000_000,
        },
        hardshipCause: { kind: 'accident', description: '家人遭遇交通事故，医疗费用高昂。' },
        bankCard: { number: testCard(3), bankName: '中国工商银行松滋支行', holderName: D.worker.name },
        consents: { sensitiveData: true, publicNotice: false },
      }),
      rid(),
    );
    expect(accident).toMatchObject({ ok: true, data: { category: 'accident', amountFen: 500_000 } });
    expect(accident.data.verification.find((c: { dataset: string }) => c.dataset === 'business')).toMatchObject({
      status: 'match',
    });
    ids.noConsent = accident.data.caseId;
    for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, ids.noConsent, 'approve')).ok).toBe(true);

    // A relative-hardship migrant refused at the town, with a reason.
    const refusedCase = await aid(
      D.migrant2.openid,
      'submit',
      hardshipForm(hardshipRound, D.migrant2, {
        applicant: {
          name: D.migrant2.name,
          idNumber: D.migrant2.idNumber,
          mobile: '13600136000',
          type: 'migrant',
          villageId: D.migrant2.villageId,
          employedSince: '2024-01-01',
        },
        household: {
          members: [
            { relation: 'self', annualIncomeFen: 4_000_000 },
            { relation: 'spouse', annualIncomeFen: 0 },
            { relation: 'child', annualIncomeFen: 0 },
          ],
          annualHardshipCostFen: 0,
        },
        bankCard: { number: testCard(4), bankName: '中国银行松滋支行', holderName: D.migrant2.name },
      }),
      rid(),
    );
    expect(refusedCase).toMatchObject({ ok: true, data: { category: 'relative' } });
    const rid2 = refusedCase.data.caseId;
    expect((await act(COLLECTOR, rid2, 'approve')).ok).toBe(true);
    expect((await act(TOWN, rid2, 'refuse')).code).toBe('INVALID_INPUT');
    expect((await act(TOWN, rid2, 'refuse', { reason: '家庭收入核实后高于标准' })).data.status).toBe('refused');
    expect((await aid(D.migrant2.openid, 'application', { caseId: rid2 })).data.stage).toBe('closed');
  });

  it('of 10 parallel city approvals of one case exactly one wins', async () => {
    const r = await aid(
      D.formerHardship.openid,
      'submit',
      studentForm(studentRound, D.formerHardship, D.formerHardshipChild, {
        applicant: {
          name: D.formerHardship.name,
          idNumber: D.formerHardship.idNumber,
          mobile: '13500135000',
          type: 'hardship_worker',
          villageId: D.formerHardship.villageId,
          hardshipFileNo: 'KN2021-0107',
        },
        child: {
          name: D.formerHardshipChild.name,
          idNumber: D.formerHardshipChild.idNumber,
          school: '松滋市第一中学',
          level: 'senior_high',
          admissionLetterFileId: letterOf(D.formerHardship.openid),
          declarations: [],
        },
        household: {
          members: [
            { relation: 'self', annualIncomeFen: 1_000_000 },
            { relation: 'child', annualIncomeFen: 0 },
          ],
          annualHardshipCostFen: 0,
        },
        bankCard: { number: testCard(5), bankName: '中国邮政储蓄银行', holderName: D.formerHardship.name },
      }),
      rid(),
    );
    // The archive says the file was closed (脱困): treated as no file, high school without a file.
    expect(r).toMatchObject({ ok: true, data: { category: 'high_school_no_file', amountFen: 200_000 } });
    expect(r.data.verification.find((c: { dataset: string }) => c.dataset === 'hardship_archive')).toMatchObject({
      status: 'mismatch',
      differences: ['fileStatus'],
    });
    const id = (ids.third = r.data.caseId);
    await act(COLLECTOR, id, 'approve');
    await act(TOWN, id, 'approve');
    const version = (await cases(ADMIN, 'get', { caseId: id })).data.version;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cases(ADMIN, 'act', { caseId: id, action: 'approve', version, ...OPINION })),
    );
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok).every((x) => x.code === 'CONFLICT')).toBe(true);
    expect((await history(id)).filter((h) => h.action === 'approve')).toHaveLength(3);
  });

  let noticeId: string;
  it('publishes a masked notice without the people who did not consent', async () => {
    expect((await aid(TOWN, 'publishNotice', { roundId: hardshipRound })).code).toBe('FORBIDDEN');
    const hardshipNotice = await aid(ADMIN, 'publishNotice', { roundId: hardshipRound }, rid());
    expect(hardshipNotice.ok).toBe(true);
    expect(hardshipNotice.data.entries).toHaveLength(1); // the worker without consent is left out
    // The administrator is told both counts, so the notice and the payment batch agree (issue 12 item 14).
    expect(hardshipNotice.data.caseCount).toBe(2);
    const student = await aid(ADMIN, 'publishNotice', { roundId: studentRound }, rid());
    expect(student.data.entries).toHaveLength(2);
    noticeId = student.data.noticeId;
    ids.hardshipNotice = hardshipNotice.data.noticeId;

    const served = await aid(PUBLIC, 'notice', { noticeId });
    expect(served.ok).toBe(true);
    const text = JSON.stringify(served.data);
    expect(text).not.toMatch(/\d{17}[\dXx]/); // ID numbers
    expect(text).not.toMatch(/1[3-9]\d{9}/); // phones
    expect(text).not.toMatch(/\d{15,19}/); // cards
    for (const secret of [
      D.migrantChild.name,
      '武汉示例大学',
      '本人患慢性病',
      D.migrant.name,
      D.migrant.idNumber.slice(-4),
    ])
      expect(text).not.toContain(secret);
    expect(Object.keys(served.data.entries[0]).sort()).toEqual([
      'amountFen',
      'entryId',
      'maskedName',
      'place',
      'programme',
    ]);
    expect(
      served.data.entries.map((e: { maskedName: string }) => e.maskedName).every((n: string) => n.includes('*')),
    ).toBe(true);
    expect(served.data.howToObject).toContain('0716-6200000');
    const hardshipText = JSON.stringify((await aid(PUBLIC, 'notice', { noticeId: ids.hardshipNotice })).data);
    expect(hardshipText).not.toContain('松滋示例机械'); // the no-consent worker's unit
    const listed = (await aid(PUBLIC, 'notices')).data.notices.map((n: { noticeId: string }) => n.noticeId);
    expect(listed).toEqual(expect.arrayContaining([noticeId, ids.hardshipNotice]));
    expect((await aid(D.migrant.openid, 'application', { caseId: ids.student })).data.stage).toBe('in_notice');
  });

  it('blocks disbursement while an objection is open, and refuses a case whose objection is upheld', async () => {
    const notice = (await aid(PUBLIC, 'notice', { noticeId })).data;
    const entryOf = async (caseId: string) =>
      (await db().collection('notices').doc(noticeId).get()).data[0].entries.find(
        (e: { caseId: string }) => e.caseId === caseId,
      ).entryId as string;
    const studentEntry = await entryOf(ids.student);
    const thirdEntry = await entryOf(ids.third);
    expect(notice.entries.map((e: { entryId: string }) => e.entryId)).toEqual(
      expect.arrayContaining([studentEntry, thirdEntry]),
    );
    const o1 = await aid(PUBLIC, 'fileObjection', {
      noticeId,
      entryId: studentEntry,
      reason: '据了解该户家庭经济条件较好，请核实。',
    });
    expect(o1).toMatchObject({ ok: true, data: { status: 'open' } });
    expect(
      (await aid(PUBLIC, 'fileObjection', { noticeId, entryId: studentEntry, reason: '再次提出同一异议内容' })).code,
    ).toBe('DUPLICATE');
    const o2 = await aid('o-neighbour', 'fileObjection', {
      noticeId,
      entryId: thirdEntry,
      reason: '该户子女已获其他资助，重复申请。',
    });
    expect(o2.ok).toBe(true);

    // After the period (8 days later, the notice runs 5 working days) the notice is no longer served.
    process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
    expect((await aid(PUBLIC, 'notice', { noticeId })).code).toBe('NOT_FOUND');
    expect((await aid(PUBLIC, 'notices')).data.notices).toHaveLength(0);
    expect(
      (await aid(PUBLIC, 'fileObjection', { noticeId, entryId: studentEntry, reason: '期满后提出的异议内容' })).code,
    ).toBe('NOT_FOUND');

    const blocked = await aid(ADMIN, 'createPaymentBatch', { noticeId });
    expect(blocked).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(blocked.message).toContain('异议');

    const objections = await aid(ADMIN, 'objections', { noticeId, status: 'open' });
    expect(objections.data.items).toHaveLength(2);
    const dismissed = await aid(ADMIN, 'resolveObjection', {
      objectionId: o1.data.objectionId,
      outcome: 'dismissed',
      reply: '经核实情况属实，异议不成立。',
    });
    expect(dismissed.data.status).toBe('dismissed');
    const upheld = await aid(ADMIN, 'resolveObjection', {
      objectionId: o2.data.objectionId,
      outcome: 'upheld',
      reply: '经核实已获其他资助。',
    });
    expect(upheld.data.status).toBe('upheld');
    expect((await aid(D.formerHardship.openid, 'application', { caseId: ids.third })).data.stage).toBe(
      'objection_upheld',
    );
    expect((await aid(D.migrant.openid, 'application', { caseId: ids.student })).data.stage).toBe('notice_passed');
  });

  let batchId: string;
  it('creates one payment batch however often it is asked, and never pays one case twice', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => aid(ADMIN, 'createPaymentBatch', { noticeId })));
    expect(results.every((r) => r.ok)).toBe(true);
    batchId = results[0].data.batchId;
    expect(new Set(results.map((r) => r.data.batchId)).size).toBe(1);
    const payments = (await db().collection('payments').where({ batchId }).get()).data;
    expect(payments.map((p: { caseId: string }) => p.caseId)).toEqual([ids.student]);
    expect(results[0].data).toMatchObject({ count: 1, totalFen: 500_000 });
    // A second payment for the same case is refused by the unique index.
    await expect(
      db()
        .collection('payments')
        .add({ ...payments[0], _id: 'forged-second', batchId: 'other' }),
    ).rejects.toBeTruthy();
  });

  it('exports the bank file only for the city administrator, with full card numbers, audited', async () => {
    expect((await aid(TOWN, 'exportBankFile', { batchId, format: 'csv' })).code).toBe('FORBIDDEN');
    const csv = await aid(ADMIN, 'exportBankFile', { batchId, format: 'csv' });
    expect(csv).toMatchObject({ ok: true, data: { count: 1, totalFen: 500_000 } });
    const body = await (await fetch(csv.data.tempFileURL)).text();
    expect(body).toContain(testCard(1));
    expect(body).toContain('5000.00');
    const xlsx = await aid(ADMIN, 'exportBankFile', { batchId, format: 'xlsx' });
    expect(xlsx.data.fileID).toMatch(/\.xlsx$/);
    const audit = (await db().collection('audit_log').where({ action: 'aid.exportBankFile' }).get()).data;
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain(testCard(1));
  });

  it('records a payment once under 10 parallel recordings, and shows the applicant paid with amount and date', async () => {
    const batch = await aid(ADMIN, 'paymentBatch', { batchId });
    const paymentId = batch.data.payments[0].paymentId;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        aid(ADMIN, 'recordPayment', { paymentId, result: 'paid', paidOn: '2026-12-08' }, `pay-${i}-record-req`),
      ),
    );
    expect(results.every((r) => r.ok && r.data.status === 'paid')).toBe(true);
    expect((await history(ids.student)).filter((h) => h.action === 'disburse')).toHaveLength(1);
    expect((await aid(ADMIN, 'recordPayment', { paymentId, result: 'failed', failureReason: '户名不符' })).code).toBe(
      'PRECONDITION_FAILED',
    );
    const mine = await aid(D.migrant.openid, 'mine');
    expect(mine.data.items.find((i: { caseId: string }) => i.caseId === ids.student)).toMatchObject({
      stage: 'paid',
      amountFen: 500_000,
      paidOn: '2026-12-08',
    });
    const view = await aid(D.migrant.openid, 'application', { caseId: ids.student });
    expect(view.data.steps.map((s: { label: string }) => s.label).join('|')).toMatch(
      /提交.*审核通过.*发布公示.*公示期满.*打卡发放.*到账/,
    );
    // Replaying the history reproduces the case; a subscribe message for every status change.
    const h = await history(ids.student);
    const stored = (await db().collection('cases').doc(ids.student).get()).data[0];
    expect(replay(h)).toMatchObject({ status: 'paid', version: stored.version });
    const messages = cloud
      .outbox({ openid: D.migrant.openid })
      .filter((m) => (m as { page?: string }).page?.includes(ids.student));
    expect(messages).toHaveLength(h.filter((x) => x.from !== x.to).length);
  });

  it('retries a failed payment after the applicant corrects the card, without paying twice', async () => {
    process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
    await aid(ADMIN, 'createPaymentBatch', { noticeId: ids.hardshipNotice });
    const hardshipBatch = `pb-${ids.hardshipNotice}`;
    const batch = await aid(ADMIN, 'paymentBatch', { batchId: hardshipBatch });
    expect(batch.data.count).toBe(2); // the listed case and the unlisted (no consent) one
    const failing = batch.data.payments.find((p: { caseId: string }) => p.caseId === ids.hardship);
    const other = batch.data.payments.find((p: { caseId: string }) => p.caseId === ids.noConsent);
    expect((await aid(ADMIN, 'recordPayment', { paymentId: failing.paymentId, result: 'failed' })).field).toBe(
      'failureReason',
    );
    expect(
      (
        await aid(ADMIN, 'recordPayment', {
          paymentId: failing.paymentId,
          result: 'failed',
          failureReason: '账户已销户',
        })
      ).data.status,
    ).toBe('failed');
    expect((await aid(ADMIN, 'recordPayment', { paymentId: other.paymentId, result: 'paid' })).data.status).toBe(
      'paid',
    );
    expect((await aid(D.hardship.openid, 'application', { caseId: ids.hardship })).data.stage).toBe('payment_failed');

    // Nothing to retry until the card is corrected; the applicant corrects it (a card in someone else's name is refused).
    expect((await aid(ADMIN, 'retryFailed', { batchId: hardshipBatch })).code).toBe('PRECONDITION_FAILED');
    const wrongHolder = await aid(D.hardship.openid, 'correctBankCard', {
      caseId: ids.hardship,
      bankCard: { number: testCard(9), bankName: '中国农业银行', holderName: '王某某' },
    });
    expect(wrongHolder.field).toBe('bankCard.holderName');
    const corrected = await aid(D.hardship.openid, 'correctBankCard', {
      caseId: ids.hardship,
      bankCard: { number: testCard(9), bankName: '中国农业银行', holderName: D.hardship.name },
    });
    expect(corrected.data.bankCard.last4).toBe(testCard(9).slice(-4));
    const retries = await Promise.all([
      aid(ADMIN, 'retryFailed', { batchId: hardshipBatch }),
      aid(ADMIN, 'retryFailed', { batchId: hardshipBatch }),
    ]);
    const ok = retries.filter((r) => r.ok);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const live = (await db().collection('payments').where({ caseId: ids.hardship, activeKey: ids.hardship }).get())
      .data;
    expect(live).toHaveLength(1);
    const file = await aid(ADMIN, 'exportBankFile', { batchId: live[0].batchId, format: 'csv' });
    expect(await (await fetch(file.data.tempFileURL)).text()).toContain(testCard(9));
    expect((await aid(ADMIN, 'recordPayment', { paymentId: live[0]._id, result: 'paid' })).data.status).toBe('paid');
    const view = await aid(D.hardship.openid, 'application', { caseId: ids.hardship });
    expect(view.data).toMatchObject({ stage: 'paid', amountFen: 300_000 });
    expect(view.data.payments.map((p: { status: string }) => p.status)).toEqual(['failed', 'paid']);
    // Paid exactly once per case overall.
    const paid = (await db().collection('payments').where({ status: 'paid' }).get()).data.map(
      (p: { caseId: string }) => p.caseId,
    );
    expect(new Set(paid).size).toBe(paid.length);
  });

  it('gives staff a masked overview of a round inside their scope, with totals', async () => {
    const admin = await aid(ADMIN, 'roundApplications', { roundId: hardshipRound });
    expect(admin.data.items.map((i: { stage: string }) => i.stage).sort()).toEqual(['closed', 'paid', 'paid']);
    expect(admin.data.totals).toEqual({ count: 3, approvedFen: 800_000, paidFen: 800_000 });
    expect(JSON.stringify(admin.data)).not.toContain(D.hardship.name);
    const paidOnly = await aid(TOWN, 'roundApplications', { roundId: studentRound, stage: 'paid' });
    expect(paidOnly.data.items.map((i: { caseId: string }) => i.caseId)).toEqual([ids.student]);
    expect((await aid(OTHER_COLLECTOR, 'roundApplications', { roundId: studentRound })).data.items).toEqual([]);
    expect((await aid(D.migrant.openid, 'roundApplications', { roundId: studentRound })).code).toBe('FORBIDDEN');
  });
});
