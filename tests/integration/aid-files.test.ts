/**
 * Files an aid application refers to, through the real wx-server-sdk against a seeded local cloud: the
 * admission-letter photo must be one the applicant uploaded (submit, a submitted draft, resubmit), a
 * home-visit photo one the visiting collector uploaded, and each must be in storage; otherwise INVALID_INPUT
 * naming the field, and nothing is written.
 */
import type { TestCloud } from '../support/cloud';
import { startSeededCloud } from '../support/people';
import { aidCalls, DEMO_APPLICANTS as D, importSamples, studentForm, studentRoundConfig } from '../support/aid';
import { unuploadedFileOf, uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';

describe('aid application files', () => {
  let cloud: TestCloud;
  const { rid, aid, act } = aidCalls(() => cloud, 'aid-files');
  const count = async (collection: string) =>
    (await cloud.sdkApp().database().collection(collection).where({}).count()).total as number;
  const withLetter = (form: ReturnType<typeof studentForm>, fileID: string) => ({
    ...form,
    child: { ...form.child, admissionLetterFileId: fileID },
  });
  let round = '';
  let caseId = '';

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    await importSamples(cloud);
    const s = await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() });
    expect(s.ok).toBe(true);
    round = s.data.roundId;
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
  });
  afterAll(async () => cloud?.close());

  it('refuses an admission letter someone else uploaded, or one not in storage; accepts the applicant’s own from the draft', async () => {
    const base = studentForm(round, D.migrant, D.migrantChild);
    const before = { apps: await count('aid_applications'), cases: await count('cases') };
    const refused = async (fileID: string) => {
      const r = await aid(D.migrant.openid, 'submit', withLetter(base, fileID), rid());
      expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'child.admissionLetterFileId' });
      return r;
    };
    // Someone else's real upload (another applicant; the collector).
    expect((await refused(await uploadAs(cloud, D.hardship.openid))).message).toContain('本人上传');
    await refused(await uploadAs(cloud, COLLECTOR));
    // A file of another environment, and a made-up path.
    await refused('cloud://other-env.bucket/aid/admission-letter.jpg');
    await refused(`cloud://${cloud.envId}.bucket/aid/admission-letter.jpg`);
    // Own prefix, never uploaded; own upload deleted since.
    expect((await refused(await unuploadedFileOf(cloud, D.migrant.openid))).message).toContain('找不到');
    const deleted = await uploadAs(cloud, D.migrant.openid);
    await cloud.sdkApp().deleteFile({ fileList: [deleted] });
    await refused(deleted);
    expect({ apps: await count('aid_applications'), cases: await count('cases') }).toEqual(before);

    // The mini-program saves a draft with the photo it uploaded and submits the draft's form.
    const own = await uploadAs(cloud, D.migrant.openid);
    expect((await aid(D.migrant.openid, 'saveDraft', { roundId: round, form: withLetter(base, own) })).ok).toBe(true);
    const draft = await aid(D.migrant.openid, 'getDraft', { roundId: round });
    const submitted = await aid(D.migrant.openid, 'submit', draft.data.form, rid());
    expect(submitted).toMatchObject({ ok: true, data: { child: { admissionLetterFileId: own } } });
    caseId = submitted.data.caseId;
  });

  it('refuses a home-visit photo the collector did not upload, or not in storage, naming its index', async () => {
    const own = await uploadAs(cloud, COLLECTOR);
    const visit = (photoFileIds: string[]) =>
      aid(COLLECTOR, 'addHomeVisit', {
        caseId,
        visitedOn: '2026-11-20',
        findings: '入户核实：情况属实。',
        photoFileIds,
      });
    const applicantsPhoto = await uploadAs(cloud, D.migrant.openid);
    expect(await visit([own, applicantsPhoto])).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'photoFileIds.1',
    });
    expect(await visit([await uploadAs(cloud, TOWN)])).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'photoFileIds.0',
    });
    expect(await visit([own, own, await unuploadedFileOf(cloud, COLLECTOR)])).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'photoFileIds.2',
    });
    expect((await aid(COLLECTOR, 'application', { caseId })).data.homeVisits).toHaveLength(0);
    const ok = await visit([own]);
    expect(ok.ok).toBe(true);
    expect(ok.data.homeVisits).toHaveLength(1);
    expect(ok.data.homeVisits[0].photoFileIds).toEqual([own]);
  });

  it('checks the admission letter again on resubmission', async () => {
    expect((await act(COLLECTOR, caseId, 'approve')).data.status).toBe('town_review');
    expect((await act(TOWN, caseId, 'request_info', { comment: '请重新上传清晰的录取通知书' })).data.status).toBe(
      'info_requested',
    );
    const current = (await aid(D.migrant.openid, 'application', { caseId })).data;
    const base = studentForm(round, D.migrant, D.migrantChild);
    const resubmit = (fileID: string) => aid(D.migrant.openid, 'resubmit', { caseId, form: withLetter(base, fileID) });
    expect(await resubmit(await uploadAs(cloud, D.formerHardship.openid))).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'child.admissionLetterFileId',
    });
    expect(await resubmit(await unuploadedFileOf(cloud, D.migrant.openid))).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'child.admissionLetterFileId',
    });
    expect((await aid(D.migrant.openid, 'application', { caseId })).data.child.admissionLetterFileId).toBe(
      current.child.admissionLetterFileId,
    );
    const clearer = await uploadAs(cloud, D.migrant.openid);
    const ok = await resubmit(clearer);
    expect(ok).toMatchObject({ ok: true, data: { child: { admissionLetterFileId: clearer } } });
  });
});
