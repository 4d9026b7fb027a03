/**
 * Applying for aid through the real SDK: identity, children's data and consents, fuzzed input, duplicates
 * (sequential and concurrent), idempotent retries, eligibility refusals, reference checks before and after an
 * import (through the import command), submissions that bypass the aid function, and the notice-expiry timer.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import {
  DEMO_APPLICANTS as D,
  importSamples,
  hardshipForm,
  hardshipRoundConfig,
  studentForm,
  studentRoundConfig,
  testCard,
  letterOf,
  uploadLetters,
  aidCalls,
  OPINION,
  recordVisit,
} from '../support/aid';
import { fakeIdNumber, fakeName } from '../../scripts/seed/people';
import { sampleRows } from '../../scripts/seed/reference-samples';
import { makeIdNumber } from '../../domain/security/validators';
import { maskIdNumber } from '../../domain/security/mask';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const ROOT = path.resolve(__dirname, '..', '..');
const DAY = 86_400_000;
/** demo-migrant-n as the people seed made them (villages of n > 3 are not needed here). */
const migrantN = (n: number) => ({
  openid: `demo-migrant-${n}`,
  name: fakeName(n - 1),
  idNumber: fakeIdNumber(n - 1),
  villageId: 't15-v01',
  householdSize: 3,
});

describe('applying for aid', () => {
  let cloud: TestCloud;
  const { rid, aid, db } = aidCalls(() => cloud, 'apply');
  const count = async (collection: string, where: object = {}) =>
    (await db().collection(collection).where(where).count()).total as number;
  let studentRound: string;
  let hardshipRound: string;

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    studentRound = (await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() })).data.roundId;
    hardshipRound = (await aid(ADMIN, 'saveRound', { status: 'open', config: hardshipRoundConfig() })).data.roundId;
    await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 });
    // Each applicant's admission letter, uploaded as the mini-program does.
    const applicants = [
      ...Object.values(D).flatMap((p) => ('openid' in p ? [p.openid] : [])),
      ...Array.from({ length: 20 }, (_, i) => `demo-migrant-${i + 1}`),
    ];
    await uploadLetters(cloud, [...new Set(applicants)]);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('reports the imported datasets as not loaded before any is imported, and reads the archive live', async () => {
    // Start from no reference data at all (the demo seed imports the samples) and an empty hardship archive.
    const _ = db().command;
    for (const name of [
      'reference_imports',
      'reference_household',
      'reference_civil_affairs',
      'reference_business',
      'archive_files',
      'archive_people',
    ]) {
      await db()
        .collection(name)
        .where({ _id: _.exists(true) })
        .remove();
    }
    const r = await aid(
      D.hardship.openid,
      'submit',
      hardshipForm(hardshipRound, D.hardship, {
        applicant: {
          name: D.hardship.name,
          idNumber: D.hardship.idNumber,
          mobile: '13900139000',
          type: 'worker',
          villageId: D.hardship.villageId,
        },
      }),
      rid(),
    );
    expect(r.ok).toBe(true);
    // The hardship archive is the registry's own (not an import): not loaded never applies; the person has no file.
    expect(r.data.verification.map((c: { dataset: string; status: string }) => [c.dataset, c.status])).toEqual([
      ['household', 'not_loaded'],
      ['civil_affairs', 'not_loaded'],
      ['hardship_archive', 'not_found'],
    ]);
  });

  it('imports a reference file with the import command, storing ID numbers only as blind index and masked form', async () => {
    const env = {
      ...process.env,
      CLOUD_ADMIN_URL: cloud.adminUrl,
      CLOUD_ENV_ID: cloud.envId,
      CLOUD_DATA_DIR: cloud.dataDir,
    };
    for (const [dataset, file] of [
      ['household', 'household.csv'],
      ['civil_affairs', 'civil_affairs.csv'],
    ]) {
      const { stdout } = await promisify(execFile)(
        'npx',
        ['tsx', 'scripts/import-reference.ts', dataset, path.join('database/reference-samples', file)],
        { cwd: ROOT, env },
      );
      expect(stdout).toMatch(/imported \d+ rows into/);
    }
    expect(await count('reference_household')).toBe(23);
    const stored = JSON.stringify((await db().collection('reference_household').limit(100).get()).data);
    expect(stored).not.toContain(D.migrant.idNumber);
    for (const [, idNumber] of sampleRows().household.slice(1)) expect(stored).not.toContain(idNumber);
    expect(stored).toContain('4210**********');
    // The other datasets, and a second household import that replaces the snapshot instead of adding rows.
    await importSamples(cloud);
    expect(await count('reference_household')).toBe(23);
    expect(await count('reference_imports', { dataset: 'household' })).toBe(2);
  });

  it('makes one application of 5 retries with one request id, sequential or concurrent', async () => {
    const form = studentForm(studentRound, D.migrant, D.migrantChild);
    const requestId = rid();
    const sequential = [];
    for (let i = 0; i < 3; i += 1) sequential.push(await aid(D.migrant.openid, 'submit', form, requestId));
    const concurrent = await Promise.all(
      Array.from({ length: 2 }, () => aid(D.migrant.openid, 'submit', form, requestId)),
    );
    const caseIds = new Set([...sequential, ...concurrent].map((r) => r.data.caseId));
    expect(caseIds.size).toBe(1);
    expect(await count('aid_applications', { roundId: studentRound })).toBe(1);
    expect(await count('cases', { type: 'student_aid', 'form.roundId': studentRound })).toBe(1);
  });

  it('refuses the same child in one round, whoever applies, and the same person twice', async () => {
    const otherParent = migrantN(5);
    const again = await aid(
      otherParent.openid,
      'submit',
      studentForm(studentRound, otherParent, D.migrantChild, {
        bankCard: { number: testCard(7), bankName: '农行', holderName: otherParent.name },
      }),
      rid(),
    );
    expect(again).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'child.idNumber' });
    const twice = await aid(D.hardship.openid, 'submit', hardshipForm(hardshipRound, D.hardship), rid());
    expect(twice).toMatchObject({ ok: false, code: 'DUPLICATE', field: 'applicant.idNumber' });
  });

  it('of 6 concurrent applications for one child with different request ids exactly one is accepted', async () => {
    const child = { name: '赵小五', idNumber: makeIdNumber('421087', '20080101', 957) };
    const parents = [4, 6, 7, 8, 9, 10].map(migrantN);
    const results = await Promise.all(
      parents.map((p, i) =>
        aid(
          p.openid,
          'submit',
          studentForm(studentRound, p, child, {
            bankCard: { number: testCard(20 + i), bankName: '农行', holderName: p.name },
          }),
          rid(),
        ),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'DUPLICATE')).toBe(true);
    expect(await count('aid_applications', { 'child.idMasked': maskIdNumber(child.idNumber) })).toBe(1);
  });

  it('accepts only the applicant’s own identity; a forged openid or role is refused', async () => {
    const other = migrantN(11);
    const asSomeoneElse = await aid(
      other.openid,
      'submit',
      studentForm(studentRound, D.migrant, { name: '钱小六', idNumber: makeIdNumber('421087', '20080505', 961) }),
      rid(),
    );
    expect(asSomeoneElse).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'applicant.idNumber' });
    const forged = await aid(
      other.openid,
      'submit',
      {
        ...studentForm(studentRound, other, { name: '钱小六', idNumber: makeIdNumber('421087', '20080505', 961) }),
        openid: D.migrant.openid,
        role: 'city_admin',
      },
      rid(),
    );
    expect(forged).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(
      (
        await aid(
          'demo-newcomer',
          'submit',
          studentForm(studentRound, other, { name: '钱小六', idNumber: makeIdNumber('421087', '20080505', 961) }),
          rid(),
        )
      ).code,
    ).toBe('PROFILE_REQUIRED');
  });

  it('takes children’s data only with the guardian’s consent, and requires the sensitive-data consent', async () => {
    const p = migrantN(12);
    const child = { name: '孙小七', idNumber: makeIdNumber('421087', '20090202', 963) };
    const noGuardian = await aid(
      p.openid,
      'submit',
      studentForm(studentRound, p, child, { consents: { sensitiveData: true, publicNotice: true, guardian: false } }),
      rid(),
    );
    expect(noGuardian).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'consents.guardian' });
    const noConsent = await aid(
      p.openid,
      'submit',
      studentForm(studentRound, p, child, { consents: { sensitiveData: false, publicNotice: true, guardian: true } }),
      rid(),
    );
    expect(noConsent).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'consents.sensitiveData' });
    const notHolder = await aid(
      p.openid,
      'submit',
      studentForm(studentRound, p, child, {
        bankCard: { number: testCard(30), bankName: '农行', holderName: '钱某某' },
      }),
      rid(),
    );
    expect(notHolder).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'bankCard.holderName' });
    expect(await count('aid_applications', { openid: p.openid })).toBe(0);
    // A card failing Luhn is a warning, not a refusal.
    const bad = testCard(31).slice(0, -1) + String((Number(testCard(31).slice(-1)) + 1) % 10);
    const warned = await aid(
      p.openid,
      'submit',
      studentForm(studentRound, p, child, { bankCard: { number: bad, bankName: '农村商业银行', holderName: p.name } }),
      rid(),
    );
    expect(warned).toMatchObject({ ok: true, data: { bankCard: { luhnWarning: true } } });
  });

  it('lets a person apply again to a round after withdrawing', async () => {
    const p = migrantN(17);
    const form = hardshipForm(hardshipRound, p, {
      applicant: { name: p.name, idNumber: p.idNumber, mobile: '13800000017', type: 'worker', villageId: 't15-v01' },
    });
    const first = await aid(p.openid, 'submit', form, rid());
    expect(first.ok).toBe(true);
    expect((await aid(p.openid, 'submit', form, rid())).code).toBe('DUPLICATE');
    const c = await callAs(cloud, p.openid, 'cases', 'get', { caseId: first.data.caseId });
    const withdrawn = await callAs(cloud, p.openid, 'cases', 'act', {
      caseId: first.data.caseId,
      action: 'withdraw',
      version: c.data.version,
    });
    expect(withdrawn.data.status).toBe('withdrawn');
    const again = await aid(p.openid, 'submit', form, rid());
    expect(again.ok).toBe(true);
    expect(again.data.caseId).not.toBe(first.data.caseId);
  });

  it('names the field for fuzzed input and writes nothing', async () => {
    const p = migrantN(13);
    const child = { name: '周小八', idNumber: makeIdNumber('421087', '20090303', 964) };
    const before = await count('aid_applications');
    const base = studentForm(studentRound, p, child);
    const cases: [unknown, string][] = [
      [
        { ...base, applicant: { ...base.applicant, idNumber: '４２１０８７' + p.idNumber.slice(6) } },
        'applicant.idNumber',
      ],
      [{ ...base, applicant: { ...base.applicant, idNumber: { $ne: null } } }, 'applicant.idNumber'],
      [{ ...base, child: { ...base.child, school: '校'.repeat(10_000) } }, 'child.school'],
      [{ ...base, child: { ...base.child, name: ['周小八'] } }, 'child.name'],
      [{ ...base, applicant: { ...base.applicant, name: `${p.name}\u200b` } }, 'applicant.name'],
      [
        { ...base, household: { ...base.household, members: [{ relation: 'self', annualIncomeFen: 12.5 }] } },
        'household.members.0.annualIncomeFen',
      ],
      [{ ...base, bankCard: { ...base.bankCard, number: '6222😀' } }, 'bankCard.number'],
    ];
    for (const [input, field] of cases) {
      const r = await aid(p.openid, 'submit', input, rid());
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field });
    }
    expect(await count('aid_applications')).toBe(before);
  });

  it('refuses an ineligible application with every reason, and writes nothing', async () => {
    const p = migrantN(14);
    const r = await aid(
      p.openid,
      'submit',
      studentForm(
        studentRound,
        p,
        { name: '吴小九', idNumber: makeIdNumber('421087', '20090404', 965) },
        {
          child: {
            name: '吴小九',
            idNumber: makeIdNumber('421087', '20090404', 965),
            school: '某军事院校',
            level: 'undergraduate',
            admissionLetterFileId: letterOf(p.openid),
            declarations: ['military_academy'],
          },
          applicant: {
            ...studentForm(studentRound, p, D.migrantChild).applicant,
            hardshipFileNo: undefined,
            employedSince: '2026-06-01',
          },
        },
      ),
      rid(),
    );
    expect(r).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    const reasons = (r.details as { eligibility: { reasons: { code: string; passed: boolean }[] } }).eligibility
      .reasons;
    expect(
      reasons
        .filter((x) => !x.passed)
        .map((x) => x.code)
        .sort(),
    ).toEqual(['exclusions', 'migrant_employment']);
    expect(r.message).toContain('就读军事院校');
    expect(await count('aid_applications', { openid: p.openid })).toBe(0);
  });

  it('refuses applications to a closed round', async () => {
    const closed = await aid(ADMIN, 'saveRound', {
      status: 'closed',
      config: hardshipRoundConfig({ title: '已结束的批次' }),
    });
    const p = migrantN(15);
    const r = await aid(
      p.openid,
      'submit',
      hardshipForm(closed.data.roundId, p, {
        applicant: { name: p.name, idNumber: p.idNumber, mobile: '13800000000', type: 'worker', villageId: 't15-v01' },
      }),
      rid(),
    );
    expect(r).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', field: 'roundId' });
    expect((await aid(p.openid, 'rounds')).data.rounds.map((x: { roundId: string }) => x.roundId)).not.toContain(
      closed.data.roundId,
    );
  });

  it('cannot be submitted through the generic cases function, even with a forged seal', async () => {
    const summary = {
      applicationId: 'a'.repeat(32),
      personId: 'p-demo-migrant-16',
      programme: 'hardship_aid',
      roundId: hardshipRound,
      roundTitle: 'x',
      category: 'accident',
      amountFen: 99_999_999,
      villageId: 't15-v01',
      eligible: true,
      reasons: [],
      rulesVersion: 'aid-rules/2026.1',
      checks: [],
      seal: 'f'.repeat(64),
    };
    const r = await callAs(cloud, 'demo-migrant-16', 'cases', 'submit', { type: 'hardship_aid', form: summary }, rid());
    expect(r).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(await count('cases', { 'form.amountFen': 99_999_999 })).toBe(0);
  });

  it('passes notices whose period is over when the timer fires', async () => {
    const first = (
      await db().collection('cases').where({ type: 'hardship_aid', 'form.roundId': hardshipRound }).limit(1).get()
    ).data[0];
    const cases = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'cases', action, input);
    const visit = await callAs(cloud, 'demo-collector-t15-v01', 'cases', 'get', { caseId: first._id });
    await recordVisit(cases, 'demo-collector-t15-v01', first._id, visit.data.version);
    for (const who of ['demo-collector-t15-v01', 'demo-town-t15', ADMIN]) {
      const current = await callAs(cloud, who, 'cases', 'get', { caseId: first._id });
      expect(
        (
          await callAs(cloud, who, 'cases', 'act', {
            caseId: first._id,
            action: 'approve',
            version: current.data.version,
            ...OPINION,
          })
        ).ok,
      ).toBe(true);
    }
    const notice = await aid(ADMIN, 'publishNotice', { roundId: hardshipRound, workingDays: 1 });
    expect(notice.ok).toBe(true);
    expect((await cloud.fireTimer('aid', 'noticeExpiry')) as unknown).toBeTruthy();
    expect((await db().collection('cases').doc(first._id).get()).data[0].status).toBe('in_notice');
    process.env.UNION_CLOCK_OFFSET_MS = String(4 * DAY);
    await cloud.fireTimer('aid', 'noticeExpiry');
    expect((await db().collection('cases').doc(first._id).get()).data[0].status).toBe('notice_passed');
    expect((await db().collection('notices').doc(notice.data.noticeId).get()).data[0].status).toBe('ended');
    // A timer's action cannot be called by a client.
    expect(
      (
        await callAs(cloud, ADMIN, 'cases', 'act', {
          caseId: first._id,
          action: 'disburse',
          version: first.version + 5,
        })
      ).ok,
    ).toBe(false);
  });

  it('refuses a timer-shaped event sent by a client', async () => {
    const forged = await cloud.callFunction(
      'aid',
      { Type: 'Timer', TriggerName: 'noticeExpiry' },
      { openid: 'o-attacker' },
    );
    expect(forged.result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('releases a payment recording abandoned by a crash, so it can be recorded again', async () => {
    const passed = (
      await db()
        .collection('cases')
        .where({ type: 'hardship_aid', 'form.roundId': hardshipRound, status: 'notice_passed' })
        .limit(1)
        .get()
    ).data[0];
    const noticeId = (await db().collection('aid_applications').where({ caseId: passed._id }).get()).data[0].noticeId;
    const batch = await aid(ADMIN, 'createPaymentBatch', { noticeId });
    const paymentId = batch.data.payments[0].paymentId as string;
    // As if a recordPayment call died after claiming the payment and before moving the case.
    const claimedAt = new Date(Date.now() + Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0) - 10 * 60_000);
    await db().collection('payments').doc(paymentId).update({ status: 'recording', pendingResult: 'paid', claimedAt });
    await cloud.fireTimer('aid', 'noticeExpiry');
    expect((await db().collection('payments').doc(paymentId).get()).data[0]).toMatchObject({
      status: 'pending',
      pendingResult: null,
    });
    expect((await aid(ADMIN, 'recordPayment', { paymentId, result: 'paid' })).data.status).toBe('paid');
    expect((await db().collection('cases').doc(passed._id).get()).data[0].status).toBe('paid');
  });

  it('resumes a publication that died before moving any case: the timer finishes it from its saved cursor', async () => {
    const p = migrantN(18);
    const r = await aid(
      p.openid,
      'submit',
      hardshipForm(hardshipRound, p, {
        applicant: { name: p.name, idNumber: p.idNumber, mobile: '13800000018', type: 'worker', villageId: 't15-v01' },
      }),
      rid(),
    );
    const cases = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'cases', action, input);
    const visit = await callAs(cloud, 'demo-collector-t15-v01', 'cases', 'get', { caseId: r.data.caseId });
    await recordVisit(cases, 'demo-collector-t15-v01', r.data.caseId, visit.data.version);
    for (const who of ['demo-collector-t15-v01', 'demo-town-t15', ADMIN]) {
      const current = await callAs(cloud, who, 'cases', 'get', { caseId: r.data.caseId });
      expect(
        (
          await callAs(cloud, who, 'cases', 'act', {
            caseId: r.data.caseId,
            action: 'approve',
            version: current.data.version,
            ...OPINION,
          })
        ).ok,
      ).toBe(true);
    }
    const old = new Date(Date.now() + Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0) - 10 * 60_000);
    await db()
      .collection('notices')
      .add({
        _id: 'n-crashed',
        status: 'publishing',
        publishedAt: old,
        endsAt: new Date(old.getTime() + 5 * 86_400_000),
        plannedCaseIds: [r.data.caseId],
        caseIds: [],
        entries: [],
      });
    await cloud.fireTimer('aid', 'noticeExpiry');
    // The publication is a job: the timer picks it up where it stopped and makes the notice live.
    const resumed = (await db().collection('notices').doc('n-crashed').get()).data[0];
    expect(resumed).toMatchObject({ status: 'active', caseIds: [r.data.caseId] });
    expect((await db().collection('cases').doc(r.data.caseId).get()).data[0].status).toBe('in_notice');
    // Published once: asking again finds nothing left to publish.
    const again = await aid(ADMIN, 'publishNotice', { roundId: hardshipRound, caseIds: [r.data.caseId] });
    expect(again).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED', field: 'caseIds' });
  });

  it('reminds instead of escalating an overdue review step, so the steps stay in order', async () => {
    const p = migrantN(19);
    const r = await aid(
      p.openid,
      'submit',
      hardshipForm(hardshipRound, p, {
        applicant: { name: p.name, idNumber: p.idNumber, mobile: '13800000019', type: 'worker', villageId: 't15-v01' },
      }),
      rid(),
    );
    process.env.UNION_CLOCK_OFFSET_MS = String(Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0) + 20 * DAY);
    await cloud.fireTimer('scheduler', 'overdueScan');
    const c = (await db().collection('cases').doc(r.data.caseId).get()).data[0];
    expect(c).toMatchObject({ status: 'village_review', nodeId: 't15-v01' });
    const before = await callAs(cloud, 'demo-collector-t15-v01', 'cases', 'get', { caseId: r.data.caseId });
    const cases = (openid: string, action: string, input?: unknown) => callAs(cloud, openid, 'cases', action, input);
    await recordVisit(cases, 'demo-collector-t15-v01', r.data.caseId, before.data.version);
    const current = await callAs(cloud, 'demo-collector-t15-v01', 'cases', 'get', { caseId: r.data.caseId });
    expect(current.data.overdue).toBe(true);
    expect(
      (
        await callAs(cloud, 'demo-collector-t15-v01', 'cases', 'act', {
          caseId: r.data.caseId,
          action: 'approve',
          version: current.data.version,
          ...OPINION,
        })
      ).data.status,
    ).toBe('town_review');
  });
});
