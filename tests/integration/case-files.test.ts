/**
 * Staff see the files of a case only through a function that checks the case's scope and hands out short-lived
 * links (`cases.files`, `aid.files`): the reviewer of the application sees the admission letter and the home-visit
 * photos, the applicant sees their own; nobody else does, a revoked or moved staff member loses access at once, and
 * every staff view is audited. The storage rules keep the same files from every client directly.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import { aidCalls, DEMO_APPLICANTS as D, importSamples, studentForm, studentRoundConfig } from '../support/aid';
import { uploadAs } from '../support/uploads';

jest.setTimeout(180_000);

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t14';
const COLLECTOR = 'demo-collector-t15-v01';
const OTHER_COLLECTOR = 'demo-collector-t15-v02';
const WORKER = 'demo-migrant-2'; // home village t15-v01, like the aid applicant

type Files = { files: Array<{ field: string; label: string; kind: string; url: string | null; expiresAt: string }> };

describe('files of a case, through the scope-checked function actions', () => {
  let cloud: TestCloud;
  const { rid, aid, cases } = aidCalls(() => cloud, 'case-files');
  let aidCase = '';
  let appealCase = '';
  let letter = '';
  let visitPhoto = '';
  let appealPhoto = '';
  const auditCount = async (targetId: string) =>
    (await cloud.sdkApp().database().collection('audit_log').where({ action: 'file.view', targetId }).count())
      .total as number;
  const bytesOf = async (url: string | null) => (url ? await (await fetch(url)).text() : null);

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
    await importSamples(cloud);
    const round = await aid(ADMIN, 'saveRound', { status: 'open', config: studentRoundConfig() });
    expect((await aid(ADMIN, 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
    letter = await uploadAs(cloud, D.migrant.openid, '\xff\xd8\xff录取通知书原件');
    const form = studentForm(round.data.roundId, D.migrant, D.migrantChild);
    const submitted = await aid(
      D.migrant.openid,
      'submit',
      { ...form, child: { ...form.child, admissionLetterFileId: letter } },
      rid(),
    );
    expect(submitted.ok).toBe(true);
    aidCase = submitted.data.caseId;
    visitPhoto = await uploadAs(cloud, COLLECTOR, '\xff\xd8\xff走访照片');
    const visit = await aid(COLLECTOR, 'addHomeVisit', {
      caseId: aidCase,
      visitedOn: '2026-03-02',
      findings: '入户核实：家庭情况与申报一致。',
      photoFileIds: [visitPhoto],
    });
    expect(visit.ok).toBe(true);
    appealPhoto = await uploadAs(cloud, WORKER, '\x89PNG工资条');
    const appeal = await callAs(
      cloud,
      WORKER,
      'cases',
      'submit',
      {
        type: 'appeal',
        form: {
          category: 'wage_arrears',
          facts: '在工地务工三个月，老板拖欠工资共九千元，多次讨要未果。',
          employer: '示例建筑劳务公司',
          workCity: '武汉',
          contactPreference: 'phone',
          attachments: [appealPhoto],
        },
      },
      rid(),
    );
    expect(appeal.ok).toBe(true);
    appealCase = appeal.data._id;
  });
  afterAll(async () => cloud?.close());

  it('gives the reviewing collector the admission letter and the home-visit photo as short-lived links, audited', async () => {
    const r = (await aid(COLLECTOR, 'files', { caseId: aidCase })) as CallResult<Files>;
    expect(r.ok).toBe(true);
    expect(r.data.files.map((f) => [f.field, f.label, f.kind])).toEqual([
      ['child.admissionLetterFileId', '录取通知书', 'image'],
      ['homeVisits.0.photoFileIds.0', '入户核实照片（2026-03-02）', 'image'],
    ]);
    expect(await bytesOf(r.data.files[0].url)).toContain('录取通知书原件');
    expect(await bytesOf(r.data.files[1].url)).toContain('走访照片');
    const lifetime = new Date(r.data.files[0].expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(600_000);
    const audits = (await cloud.sdkApp().database().collection('audit_log').where({ action: 'file.view' }).get())
      .data as Array<{ targetType: string; openid: string; detail: { fields: string[] } }>;
    expect(audits).toContainEqual(
      expect.objectContaining({
        targetType: 'aid_application',
        openid: COLLECTOR,
        detail: expect.objectContaining({ fields: ['child.admissionLetterFileId', 'homeVisits.0.photoFileIds.0'] }),
      }),
    );
  });

  it('gives town staff and the city the same, and the applicant their own without an audit entry', async () => {
    for (const who of [TOWN, ADMIN, D.migrant.openid]) {
      const r = (await aid(who, 'files', { caseId: aidCase })) as CallResult<Files>;
      expect([who, r.ok, r.data?.files.length]).toEqual([who, true, 2]);
    }
    const audits = (await cloud.sdkApp().database().collection('audit_log').where({ action: 'file.view' }).get())
      .data as Array<{ openid: string }>;
    expect(audits.map((a) => a.openid)).not.toContain(D.migrant.openid);
  });

  it('refuses everyone outside the scope with NOT_FOUND, saying nothing of the files', async () => {
    for (const who of [OTHER_TOWN, OTHER_COLLECTOR, WORKER, 'o-stranger', '']) {
      const r = await aid(who, 'files', { caseId: aidCase });
      expect([who, r.ok, r.code]).toEqual([
        who,
        false,
        who ? 'NOT_FOUND' : expect.stringMatching(/NOT_FOUND|UNAUTHENTICATED/),
      ]);
      expect(JSON.stringify(r)).not.toContain('cloud://');
    }
  });

  it('keeps the same files from every client that asks storage directly (the storage rules)', async () => {
    for (const who of [COLLECTOR, TOWN, ADMIN]) {
      const res = await fetch(`${cloud.url}/wx/getTempFileURL`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': who },
        body: JSON.stringify({ fileList: [letter, appealPhoto] }),
      });
      const { fileList } = (await res.json()) as { fileList: Array<{ status: number; tempFileURL: string }> };
      expect(fileList.map((f) => f.tempFileURL)).toEqual(['', '']);
    }
  });

  it('shows an appeal’s photos to its applicant and to staff in scope (audited), to nobody else', async () => {
    const own = (await cases(WORKER, 'files', { caseId: appealCase })) as CallResult<Files>;
    expect(own.data.files).toEqual([
      expect.objectContaining({ field: 'form.attachments.0', label: '照片或材料 1', kind: 'image' }),
    ]);
    expect(await bytesOf(own.data.files[0].url)).toContain('工资条');
    const staffView = (await cases(COLLECTOR, 'files', { caseId: appealCase })) as CallResult<Files>;
    expect(await bytesOf(staffView.data.files[0].url)).toContain('工资条');
    expect(await auditCount(appealCase)).toBe(1);
    for (const who of [OTHER_TOWN, OTHER_COLLECTOR, D.migrant.openid]) {
      expect((await cases(who, 'files', { caseId: appealCase })).code).toBe('NOT_FOUND');
    }
  });

  it('takes access away from a staff member the moment the role is revoked, and from one moved elsewhere', async () => {
    const newcomer = 'o-files-collector';
    const invite = async (gridNodeId: string) => {
      const issued = await callAs(cloud, TOWN, 'staff', 'issueInvitation', {
        role: 'village_collector',
        gridNodeId,
        inviteeName: '魏采集员',
      });
      expect(issued.ok).toBe(true);
      const redeemed = await callAs(
        cloud,
        newcomer,
        'staff',
        'redeemInvitation',
        { code: issued.data.code, name: '魏采集员' },
        rid(),
      );
      expect(redeemed.ok).toBe(true);
      return redeemed.data.staffId as string;
    };
    const revoke = async (staffId: string) =>
      expect((await callAs(cloud, TOWN, 'staff', 'revokeRole', { staffId, reason: '岗位调整' }, rid())).ok).toBe(true);

    const first = await invite(D.migrant.villageId);
    expect((await aid(newcomer, 'files', { caseId: aidCase })).ok).toBe(true);
    await revoke(first);
    expect((await aid(newcomer, 'files', { caseId: aidCase })).code).toBe('NOT_FOUND');

    // Re-invited to another village: the old village's application is out of reach.
    await invite('t15-v02');
    expect((await aid(newcomer, 'files', { caseId: aidCase })).code).toBe('NOT_FOUND');
    expect((await cases(newcomer, 'files', { caseId: appealCase })).code).toBe('NOT_FOUND');
  });

  it('says when a file is no longer in storage instead of failing', async () => {
    await cloud.sdkApp().deleteFile({ fileList: [visitPhoto] });
    const r = (await aid(TOWN, 'files', { caseId: aidCase })) as CallResult<Files>;
    expect(r.data.files.find((f) => f.field.startsWith('homeVisits'))).toMatchObject({ url: null });
    expect(r.data.files[0].url).toBeTruthy();
  });
});
