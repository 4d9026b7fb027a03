/**
 * Gaps closed after the aid programmes shipped, through the real wx-server-sdk against the local cloud:
 * resubmitting a corrected form after a request for more information, staff told about objections, and the
 * bank files removed from storage once a batch is recorded (or after 24 hours).
 */
import { replay } from '../../domain/cases/machine';
import { makeIdNumber } from '../../domain/security/validators';
import type { TestCloud } from '../support/cloud';
import { startSeededCloud, subscribeDemoPeople } from '../support/people';
import {
  DEMO_APPLICANTS as D,
  importSamples,
  letterOf,
  studentForm,
  studentRoundConfig,
  testCard,
  uploadLetters,
  aidCalls,
} from '../support/aid';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const PUBLIC = 'o-gap-public';
const DAY = 86_400_000;

describe('aid gaps', () => {
  let cloud: TestCloud;
  const { rid, aid, cases, act, db, history } = aidCalls(() => cloud, 'gap');
  let round: string;

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    // Everyone accepted the subscribe dialog: these tests read the messages themselves.
    subscribeDemoPeople(cloud);
    await importSamples(cloud);
    const s = await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() });
    expect(s.ok).toBe(true);
    round = s.data.roundId;
    await uploadLetters(cloud, [D.migrant.openid, D.formerHardship.openid, D.worker.openid]);
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  const ids: Record<string, string> = {};
  /** The second applicant's form (a closed hardship file: high school, no file). */
  const formerForm = () =>
    studentForm(round, D.formerHardship, D.formerHardshipChild, {
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
      bankCard: { number: testCard(7), bankName: '中国邮政储蓄银行', holderName: D.formerHardship.name },
    });

  describe('resubmitting a corrected form after a request for more information', () => {
    const newChild = { name: '周小九', idNumber: makeIdNumber('421087', '20080506', 977) };

    it('validates, re-checks and re-judges the corrected form, and the history shows the resubmission', async () => {
      const first = await aid(D.migrant.openid, 'submit', studentForm(round, D.migrant, D.migrantChild), rid());
      expect(first.data).toMatchObject({ category: 'university_file', amountFen: 500_000 });
      const id = (ids.migrant = first.data.caseId);
      const other = await aid(D.formerHardship.openid, 'submit', formerForm(), rid());
      expect(other).toMatchObject({ ok: true, data: { amountFen: 200_000 } });
      ids.other = other.data.caseId;

      // Not before a reviewer asks for more.
      const early = await aid(D.migrant.openid, 'resubmit', {
        caseId: id,
        form: studentForm(round, D.migrant, D.migrantChild),
      });
      expect(early.code).toBe('PRECONDITION_FAILED');
      expect((await act(COLLECTOR, id, 'request_info', { comment: '子女实际就读高中，请更正学段' })).data.status).toBe(
        'info_requested',
      );

      // The same schema as a submission: a bad child ID number is refused, naming the field; nothing changes.
      const bad = await aid(D.migrant.openid, 'resubmit', {
        caseId: id,
        form: studentForm(round, D.migrant, { ...D.migrantChild, idNumber: '421087200709019999' }),
      });
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(bad.field).toContain('child.idNumber');
      // Another person cannot resubmit it (NOT_FOUND, not the data).
      const stranger = await aid(D.worker.openid, 'resubmit', {
        caseId: id,
        form: studentForm(round, D.migrant, D.migrantChild),
      });
      expect(stranger.code).toBe('NOT_FOUND');
      // The case engine refuses a replayed (already sealed) summary: corrections go through aid.resubmit only.
      const current = (await cases(D.migrant.openid, 'get', { caseId: id })).data;
      expect((await act(D.migrant.openid, id, 'resubmit', { form: current.form })).code).toBe('PRECONDITION_FAILED');
      // Duplicates still hold: the other applicant's child cannot be moved onto this application.
      const dup = await aid(D.migrant.openid, 'resubmit', {
        caseId: id,
        form: studentForm(round, D.migrant, D.formerHardshipChild),
      });
      expect(dup).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'child.idNumber' });
      // A correction that makes the application ineligible is refused with the reasons; the case waits.
      const excluded = studentForm(round, D.migrant, D.migrantChild);
      const excludedForm = { ...excluded, child: { ...excluded.child, declarations: ['military_academy'] } };
      const ineligible = await aid(D.migrant.openid, 'resubmit', { caseId: id, form: excludedForm });
      expect(ineligible).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
      expect(ineligible.message).toContain('军事院校');
      expect((await cases(D.migrant.openid, 'get', { caseId: id })).data.status).toBe('info_requested');

      // The correction: the child is at senior high, a new bank card; retried with the same request id.
      const corrected = studentForm(round, D.migrant, D.migrantChild, {
        bankCard: { number: testCard(31), bankName: '中国邮政储蓄银行松滋支行', holderName: D.migrant.name },
      });
      const fixedForm = { ...corrected, child: { ...corrected.child, level: 'senior_high', school: '松滋市第一中学' } };
      const requestId = rid();
      const [r1, r2] = await Promise.all([
        aid(D.migrant.openid, 'resubmit', { caseId: id, version: current.version, form: fixedForm }, requestId),
        aid(D.migrant.openid, 'resubmit', { caseId: id, version: current.version, form: fixedForm }, requestId),
      ]);
      expect(r1.ok && r2.ok).toBe(true);
      expect(r2.data.resubmissions).toHaveLength(1);
      expect(r1.data).toMatchObject({
        caseStatus: 'village_review',
        category: 'high_school_file',
        amountFen: 300_000,
        child: { level: 'senior_high', school: '松滋市第一中学' },
        bankCard: { last4: testCard(31).slice(-4) },
      });
      expect(r1.data.eligibility).toMatchObject({ eligible: true, rulesVersion: expect.any(String) });
      expect(r1.data.eligibility.reasons.length).toBeGreaterThan(0);
      expect(r1.data.resubmissions[0]).toMatchObject({
        revision: 1,
        changed: expect.arrayContaining(['子女就学信息', '银行卡']),
        eligible: true,
        amountFen: 300_000,
      });
      expect(r1.data.resubmissions[0].changed).not.toContain('家庭成员及收入');
      // The reference cross-check ran again (same people: matches).
      expect(r1.data.verification.find((c: { dataset: string; subject: string }) => c.subject === 'child').status).toBe(
        'match',
      );

      // The engine's case: one resubmit step, the new summary (revision 1, new amount), eligibility updated.
      const steps = await history(id);
      const resubmits = steps.filter((h) => h.action === 'resubmit');
      expect(resubmits).toHaveLength(1);
      expect(resubmits[0].comment).toContain('子女就学信息');
      expect(replay(steps)).toMatchObject({ status: 'village_review' });
      const staffView = (await cases(COLLECTOR, 'get', { caseId: id })).data;
      expect(staffView.form).toMatchObject({ revision: 1, amountFen: 300_000, category: 'high_school_file' });
      expect(staffView.eligibility).toMatchObject({ eligible: true });
      expect(JSON.stringify(staffView)).not.toContain(D.migrant.idNumber);
      const own = (await aid(D.migrant.openid, 'application', { caseId: id })).data;
      expect(own.steps.map((s: { label: string }) => s.label).join('\n')).toContain('已更正申请表');
      // Stored encrypted: the new card is not in the document; a replay of the revision-1 summary is refused too.
      const stored = (await db().collection('aid_applications').where({ caseId: id }).get()).data[0];
      expect(JSON.stringify(stored)).not.toContain(testCard(31));
      expect(stored.amountFen).toBe(300_000);
      expect((await act(COLLECTOR, id, 'request_info', { comment: '请再核对一次' })).ok).toBe(true);
      expect((await act(D.migrant.openid, id, 'resubmit', { form: staffView.form })).code).toBe('PRECONDITION_FAILED');
    });

    it('moves the round claim when the child changes, so the old child is free and the new one is taken', async () => {
      const id = ids.migrant;
      const claimsOf = async () =>
        (await db().collection('aid_claims').where({ caseId: id }).get()).data.map((c: { _id: string }) => c._id);
      const before = await claimsOf();
      expect(before).toHaveLength(1);
      const moved = await aid(D.migrant.openid, 'resubmit', {
        caseId: id,
        form: studentForm(round, D.migrant, newChild),
        comment: '更正为次子的就学信息',
      });
      expect(moved.ok).toBe(true);
      // Not in household registration: the cross-check says so to reviewers.
      expect(
        moved.data.verification.find((c: { dataset: string; subject: string }) => c.subject === 'child').status,
      ).toBe('not_found');
      expect(moved.data.resubmissions).toHaveLength(2);
      const after = await claimsOf();
      expect(after).toHaveLength(1);
      expect(after[0]).not.toBe(before[0]);
      const notes = (await history(id)).filter((h) => h.action === 'resubmit').map((h) => h.comment);
      expect(notes).toEqual([expect.stringContaining('子女就学信息'), '更正为次子的就学信息']);
    });
  });

  describe('after approval: objections reach staff, bank files leave storage', () => {
    let noticeId: string;
    let batchId: string;

    it('tells the city administrators and the town staff of the case when someone objects', async () => {
      for (const id of [ids.migrant, ids.other])
        for (const who of [COLLECTOR, TOWN, ADMIN]) expect((await act(who, id, 'approve')).ok).toBe(true);
      const notice = await aid(ADMIN, 'publishNotice', { roundId: round }, rid());
      expect(notice.data.entries).toHaveLength(2);
      noticeId = notice.data.noticeId;
      const entryId = (await db().collection('notices').doc(noticeId).get()).data[0].entries.find(
        (e: { caseId: string }) => e.caseId === ids.migrant,
      ).entryId as string;
      const staffNotes = async () =>
        (await db().collection('notifications').where({ caseId: ids.migrant, purpose: 'staff_reminder' }).get())
          .data as { touser: string; status: string; page: string; data: unknown }[];
      const before = (await staffNotes()).length;
      const reason = '该户在外地有经营性收入，申请情况不实。';
      const filed = await aid(PUBLIC, 'fileObjection', { noticeId, entryId, reason });
      expect(filed.ok).toBe(true);
      const notes = (await staffNotes()).slice(before);
      expect(notes.map((n) => n.touser).sort()).toEqual([ADMIN, TOWN].sort());
      expect(notes.every((n) => n.status === 'sent')).toBe(true);
      expect(notes.find((n) => n.touser === ADMIN)?.page).toContain(noticeId);
      // The town staff's page is the aid application, which they may open (scope by the applicant's village).
      expect(notes.find((n) => n.touser === TOWN)?.page).toBe(`pages/aid-application/index?id=${ids.migrant}`);
      expect((await aid(TOWN, 'application', { caseId: ids.migrant })).ok).toBe(true);
      // No objection text and no personal data in the message.
      expect(JSON.stringify(notes)).not.toContain('经营性收入');
      expect(JSON.stringify(notes)).not.toContain(D.migrant.name);
      // A duplicate objection is refused and tells nobody again.
      expect((await aid(PUBLIC, 'fileObjection', { noticeId, entryId, reason })).code).toBe('DUPLICATE');
      expect((await staffNotes()).length).toBe(before + 2);
      process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
      const open = await aid(ADMIN, 'objections', { noticeId, status: 'open' });
      expect(
        (
          await aid(ADMIN, 'resolveObjection', {
            objectionId: open.data.items[0].objectionId,
            outcome: 'dismissed',
            reply: '经核实收入情况属实，异议不成立。',
          })
        ).ok,
      ).toBe(true);
    });

    it('deletes a bank file 24 hours after its export, refuses to serve it again, and re-exports a new audited file', async () => {
      const batch = await aid(ADMIN, 'createPaymentBatch', { noticeId });
      expect(batch.data.count).toBe(2);
      batchId = batch.data.batchId;
      const csv = await aid(ADMIN, 'exportBankFile', { batchId, format: 'csv' });
      expect(csv.ok).toBe(true);
      expect((await fetch(csv.data.tempFileURL)).status).toBe(200);
      expect(csv.data.deleteBy).toEqual(expect.any(String));
      // Served again while it lives (a fresh link, audited).
      const again = await aid(ADMIN, 'exportBankFile', { batchId, fileID: csv.data.fileID });
      expect(again).toMatchObject({ ok: true, data: { fileID: csv.data.fileID } });
      expect(await (await fetch(again.data.tempFileURL)).text()).toContain(testCard(31).slice(0, 6));
      expect((await aid(TOWN, 'exportBankFile', { batchId, fileID: csv.data.fileID })).code).toBe('FORBIDDEN');

      const payments = (await aid(ADMIN, 'paymentBatch', { batchId })).data.payments as {
        paymentId: string;
        caseId: string;
      }[];
      const first = payments.find((p) => p.caseId === ids.migrant) as { paymentId: string };
      expect(payments.map((p) => p.caseId).sort()).toEqual([ids.migrant, ids.other].sort());
      expect((await aid(ADMIN, 'recordPayment', { paymentId: first.paymentId, result: 'paid' })).ok).toBe(true);
      // One payment left: the file stays; the timer within 24 hours keeps it.
      await cloud.fireTimer('aid', 'noticeExpiry');
      expect((await fetch(csv.data.tempFileURL)).status).toBe(200);

      // 25 hours later the timer deletes it; it is never served again.
      process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY + 25 * 3600_000);
      await cloud.fireTimer('aid', 'noticeExpiry');
      expect((await fetch(csv.data.tempFileURL)).status).toBe(404);
      const refused = await aid(ADMIN, 'exportBankFile', { batchId, fileID: csv.data.fileID });
      expect(refused).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', field: 'fileID' });
      const view = (await aid(ADMIN, 'paymentBatch', { batchId })).data;
      expect(view.exports).toEqual([
        expect.objectContaining({ fileID: csv.data.fileID, deletedAt: expect.any(String) }),
      ]);

      // A re-export makes a new file (only the payment still pending), audited.
      const xlsx = await aid(ADMIN, 'exportBankFile', { batchId, format: 'xlsx' });
      expect(xlsx).toMatchObject({ ok: true, data: { count: 1 } });
      expect(xlsx.data.fileID).not.toBe(csv.data.fileID);
      expect((await fetch(xlsx.data.tempFileURL)).status).toBe(200);
      const exportsAudited = (await db().collection('audit_log').where({ action: 'aid.exportBankFile' }).get()).data;
      expect(exportsAudited).toHaveLength(2);
    });

    it('deletes the bank files as soon as the batch is fully recorded', async () => {
      const view = (await aid(ADMIN, 'paymentBatch', { batchId })).data;
      const live = view.exports.find((e: { deletedAt: string | null }) => !e.deletedAt);
      expect(live).toBeTruthy();
      const url = (await aid(ADMIN, 'exportBankFile', { batchId, fileID: live.fileID })).data.tempFileURL as string;
      expect((await fetch(url)).status).toBe(200);
      const second = view.payments.find((p: { caseId: string }) => p.caseId === ids.other);
      expect((await aid(ADMIN, 'recordPayment', { paymentId: second.paymentId, result: 'paid' })).ok).toBe(true);
      const done = (await aid(ADMIN, 'paymentBatch', { batchId })).data;
      expect(done.status).toBe('completed');
      expect(done.exports.every((e: { deletedAt: string | null }) => e.deletedAt)).toBe(true);
      expect((await fetch(url)).status).toBe(404);
      expect((await aid(ADMIN, 'exportBankFile', { batchId, fileID: live.fileID })).code).toBe('PRECONDITION_FAILED');
      expect((await aid(ADMIN, 'exportBankFile', { batchId, format: 'csv' })).code).toBe('PRECONDITION_FAILED');
      const deletions = (await db().collection('audit_log').where({ action: 'aid.deleteBankFile' }).get()).data;
      expect(deletions.map((d: { detail: { reason: string } }) => d.detail.reason).sort()).toEqual([
        'completed',
        'expired',
      ]);
      const stored = (await db().collection('payment_batches').doc(batchId).get()).data[0];
      expect(stored.filesLive).toBe(false);
    });
  });
});
