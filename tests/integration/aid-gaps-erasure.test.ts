/**
 * Carrying out a person's deletion request (`people.resolveDataRequest`) erases their aid data, through the
 * real wx-server-sdk against the local cloud: drafts deleted, an application in review withdrawn and erased,
 * a paid application reduced to its payment record (amount, date, masked name), nothing decryptable left;
 * an approved application still in payment holds the deletion back.
 */
import { FieldCipher } from '../../domain/security/crypto';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import {
  DEMO_APPLICANTS as D,
  hardshipForm,
  hardshipRoundConfig,
  importSamples,
  studentForm,
  studentRoundConfig,
  testCard,
  uploadLetters,
  aidCalls,
} from '../support/aid';
import { uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';
const DAY = 86_400_000;
/** An encrypted field as stored: `v1:<iv>:<ct>:<tag>`. */
const ENCRYPTED = /v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g;

describe('a deletion request erases the person’s aid data', () => {
  let cloud: TestCloud;
  const { rid, aid, act, db } = aidCalls(() => cloud, 'erase');
  const people = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'people', action, input);
  const all = async (collection: string, where: Record<string, unknown> = {}) =>
    (await db().collection(collection).where(where).limit(1000).get()).data as Record<string, unknown>[];
  let studentRound: string;
  let hardshipRound: string;
  const ids: Record<string, string> = {};
  const studentCard = testCard(41);
  const hardshipCard = testCard(42);

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    await importSamples(cloud);
    studentRound = (await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() })).data.roundId;
    hardshipRound = (await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() })).data.roundId;
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
    await uploadLetters(cloud, [D.migrant.openid]);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('sets up: a paid student-aid application, a hardship application in review, a draft; another person approved', async () => {
    const paid = await aid(
      D.migrant.openid,
      'submit',
      studentForm(studentRound, D.migrant, D.migrantChild, {
        bankCard: { number: studentCard, bankName: '中国农业银行松滋支行', holderName: D.migrant.name },
      }),
      rid(),
    );
    expect(paid.ok).toBe(true);
    ids.paid = paid.data.caseId;
    expect(
      (
        await aid(COLLECTOR, 'addHomeVisit', {
          caseId: ids.paid,
          visitedOn: '2026-11-20',
          findings: '入户核实：家中两位老人需要照顾。',
          photoFileIds: [await uploadAs(cloud, COLLECTOR)],
        })
      ).ok,
    ).toBe(true);
    for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, ids.paid, 'approve')).ok).toBe(true);
    const notice = await aid(ADMIN, 'publishNotice', { roundId: studentRound }, rid());
    expect(notice.ok).toBe(true);
    process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
    const batch = await aid(ADMIN, 'createPaymentBatch', { noticeId: notice.data.noticeId });
    expect(batch.ok).toBe(true);
    expect((await aid(ADMIN, 'exportBankFile', { batchId: batch.data.batchId, format: 'csv' })).ok).toBe(true);
    const paymentId = batch.data.payments[0].paymentId;
    expect((await aid(ADMIN, 'recordPayment', { paymentId, result: 'paid', paidOn: '2026-12-05' })).ok).toBe(true);

    const review = await aid(
      D.migrant.openid,
      'submit',
      hardshipForm(hardshipRound, D.migrant, {
        applicant: {
          name: D.migrant.name,
          idNumber: D.migrant.idNumber,
          mobile: '13700137000',
          type: 'migrant',
          villageId: D.migrant.villageId,
          employedSince: '2020-03-01',
        },
        bankCard: { number: hardshipCard, bankName: '中国银行松滋支行', holderName: D.migrant.name },
      }),
      rid(),
    );
    expect(review.ok).toBe(true);
    ids.review = review.data.caseId;
    const draft = await aid(D.migrant.openid, 'saveDraft', {
      roundId: studentRound,
      form: { applicant: { name: D.migrant.name, idNumber: D.migrant.idNumber } },
    });
    expect(draft.ok).toBe(true);

    // Someone else, approved by the city and not yet paid.
    const other = await aid(D.hardship.openid, 'submit', hardshipForm(hardshipRound, D.hardship), rid());
    expect(other.ok).toBe(true);
    ids.other = other.data.caseId;
    for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, ids.other, 'approve')).ok).toBe(true);
  });

  it('holds a deletion back while an approved application is still to be published or paid', async () => {
    expect((await people(D.hardship.openid, 'requestDeletion', { reason: '不再使用' })).ok).toBe(true);
    const request = (await people(ADMIN, 'listDataRequests')).data.requests[0];
    const held = await people(ADMIN, 'resolveDataRequest', {
      requestId: request.requestId,
      outcome: 'done',
      note: '按申请删除',
    });
    expect(held).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(held.details).toMatchObject({ caseIds: [ids.other] });
    // Nothing changed: the request is still pending and the person and application are intact.
    expect((await people(ADMIN, 'listDataRequests')).data.requests).toHaveLength(1);
    expect((await people(D.hardship.openid, 'me')).data).not.toBeNull();
    expect((await aid(D.hardship.openid, 'application', { caseId: ids.other })).data.applicant.name).toBe(
      D.hardship.name,
    );
    // The administrator may still refuse it with a note.
    expect(
      (await people(ADMIN, 'resolveDataRequest', { requestId: request.requestId, outcome: 'refused', note: '发放中' }))
        .ok,
    ).toBe(true);
  });

  it('deletes drafts, withdraws and erases an application in review, and keeps only the payment record of a paid one', async () => {
    const personId = (await people(D.migrant.openid, 'me')).data.personId as string;
    const myApps = await all('aid_applications', { personId });
    expect(myApps).toHaveLength(2);
    expect((await all('aid_drafts', { openid: D.migrant.openid })).length).toBe(1);

    expect((await people(D.migrant.openid, 'requestDeletion', {})).ok).toBe(true);
    const request = (await people(ADMIN, 'listDataRequests')).data.requests.find(
      (r: { personId: string }) => r.personId === personId,
    );
    const done = await people(ADMIN, 'resolveDataRequest', {
      requestId: request.requestId,
      outcome: 'done',
      note: '已按申请删除',
    });
    expect(done).toMatchObject({ ok: true, data: { status: 'done' } });

    // Drafts gone; the application in review withdrawn through the engine (history says why), claim released.
    expect(await all('aid_drafts', { openid: D.migrant.openid })).toHaveLength(0);
    const reviewCase = (await all('cases', { _id: ids.review }))[0];
    expect(reviewCase).toMatchObject({ status: 'withdrawn', applicantOpenid: '', applicantName: '已删除' });
    const steps = await all('case_history', { caseId: ids.review });
    expect(steps.find((h) => h.action === 'withdraw')?.reason).toContain('删除个人信息');
    const reviewApp = (await all('aid_applications', { caseId: ids.review }))[0];
    expect(await all('aid_claims', { applicationId: reviewApp._id })).toHaveLength(0);
    expect(reviewApp).toMatchObject({ erased: true, openid: '', child: null, hardshipCause: null });
    expect((reviewApp.applicant as { nameMasked: string }).nameMasked).toBe('已删除');

    // The paid one keeps amount, paid date and masked name, marked erased; the claim stays (no second payment).
    const paidApp = (await all('aid_applications', { caseId: ids.paid }))[0];
    expect(paidApp).toMatchObject({ erased: true, amountFen: 500_000, child: null, homeVisits: [] });
    expect((paidApp.applicant as { nameMasked: string }).nameMasked).toMatch(/\*/);
    expect((paidApp.household as { members: unknown[] }).members).toEqual([]);
    const payment = (await all('payments', { caseId: ids.paid }))[0];
    expect(payment).toMatchObject({ status: 'paid', amountFen: 500_000, paidOn: '2026-12-05', cardEnc: '' });
    expect(payment.maskedName).toMatch(/\*/);
    expect(await all('aid_claims', { applicationId: paidApp._id })).toHaveLength(1);
    const audits = await all('audit_log', { action: 'aid.erase' });
    expect(audits.map((a) => (a.detail as { kept: string }).kept).sort()).toEqual(['none', 'payment_record']);

    // Nothing decryptable remains, and no identifier in plain text, in anything aid keeps about the person.
    const cipher = new FieldCipher(cloud.devKeys);
    const caseIds = [ids.paid, ids.review];
    const kept = [
      ...(await all('aid_applications', { personId })),
      ...(await all('aid_drafts', { openid: D.migrant.openid })),
      ...(await all('payments', { caseId: db().command.in(caseIds) })),
      ...(await all('aid_claims', { caseId: db().command.in(caseIds) })),
      ...(await all('cases', { _id: db().command.in(caseIds) })),
      ...(await all('notices')),
      ...(await all('payment_batches')),
    ];
    const text = JSON.stringify(kept);
    const decryptable = (text.match(ENCRYPTED) ?? []).filter((enc) => {
      try {
        cipher.decrypt(enc);
        return true;
      } catch {
        return false;
      }
    });
    expect(decryptable).toEqual([]);
    for (const secret of [
      D.migrant.name,
      D.migrant.idNumber,
      D.migrantChild.name,
      D.migrantChild.idNumber,
      studentCard,
      hardshipCard,
      '13800138000',
      '13700137000',
      '家中两位老人',
      '武汉示例大学',
    ])
      expect(text).not.toContain(secret);
    // No WeChat link either (the demo person ids happen to contain the demo openid, so the fields are checked).
    expect(kept.filter((d) => d.openid === D.migrant.openid || d.applicantOpenid === D.migrant.openid)).toEqual([]);

    // The person's WeChat no longer reaches the applications.
    expect((await aid(D.migrant.openid, 'mine')).data.items).toEqual([]);
    expect((await aid(D.migrant.openid, 'application', { caseId: ids.paid })).code).toBe('NOT_FOUND');
  });
});
