/**
 * Filing for someone without a smartphone (代办), through the real functions as the demo staff: a collector files
 * an appeal and an aid application for a person of her village with the signed paper consent; the case records who
 * filed and for whom; the filer hears about it while the person cannot; the person sees it once they claim their
 * profile, and hears about it from then on.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { importSamples, studentRoundConfig, testCard } from '../support/aid';
import { uploadAs } from '../support/uploads';
import { makeIdNumber } from '../../domain/security/validators';

jest.setTimeout(180_000);

const COLLECTOR = 'demo-collector-t15-v01';
const OTHER_COLLECTOR = 'demo-collector-t01-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';
const PERSON_OPENID = 'o-elderly-claimer';
const idNumber = makeIdNumber('421087', '19580315', 731);
const childId = makeIdNumber('421087', '20080611', 732);

const appealForm = {
  category: 'wage_arrears',
  facts: '在本村砖厂做工半年，老板拖欠工资六千元，本人没有智能手机，请采集员代为反映。',
  employer: '松滋示例砖厂',
  workCity: '松滋',
  contactPreference: 'visit',
  amountOwedFen: 600_000,
};

describe('filing on behalf of a person without a smartphone', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `behalf-${Date.now()}-${(seq += 1)}-req`;
  const call = (openid: string, fn: string, action: string, input?: unknown, requestId?: string) =>
    callAs(cloud, openid, fn, action, input, requestId);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await call(openid, 'cases', 'get', { caseId });
    expect(current.ok).toBe(true);
    return call(openid, 'cases', 'act', { caseId, action, version: current.data.version, ...extra });
  };
  const outboxFor = (openid: string, caseId: string) =>
    cloud.outbox({ openid }).filter((m) => String((m as { page?: string }).page).includes(caseId));
  let personId = '';
  let claimCode = '';
  let appealId = '';

  beforeAll(async () => {
    cloud = await startSeededCloud();
    // The filer and the person (once they have WeChat) accept the subscribe messages, as the mini-program asks.
    subscribeAll(cloud, [COLLECTOR, PERSON_OPENID, TOWN]);
    const created = await call(COLLECTOR, 'people', 'createOnBehalf', {
      name: '郑代办',
      idNumber,
      phone: '17000007777',
      homeVillageId: 't15-v01',
      categories: ['migrant'],
    });
    expect(created.ok).toBe(true);
    personId = created.data.person.personId;
    claimCode = created.data.claimCode;
  });
  afterAll(async () => cloud?.close());

  const submitFor = (openid: string, onBehalfOf: unknown, form: unknown = appealForm): Promise<CallResult> =>
    call(openid, 'cases', 'submit', { type: 'appeal', form, onBehalfOf }, rid());

  it('requires the signed paper consent, uploaded by the filer and in storage', async () => {
    const missing = await submitFor(COLLECTOR, { personId });
    expect(missing).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'onBehalfOf.consentFileId' });
    const someoneElses = await uploadAs(cloud, TOWN);
    const foreign = await submitFor(COLLECTOR, { personId, consentFileId: someoneElses });
    expect(foreign).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'onBehalfOf.consentFileId' });
    expect((await cloud.sdkApp().database().collection('cases').where({ personId }).count()).total).toBe(0);
  });

  it('refuses staff outside the person’s scope, and roles the type does not allow', async () => {
    const consent = await uploadAs(cloud, OTHER_COLLECTOR, '\xff\xd8\xff代办委托书');
    expect((await submitFor(OTHER_COLLECTOR, { personId, consentFileId: consent })).code).toBe('NOT_FOUND');
    const adminConsent = await uploadAs(cloud, ADMIN, '\xff\xd8\xff代办委托书');
    expect((await submitFor(ADMIN, { personId, consentFileId: adminConsent })).code).toBe('FORBIDDEN');
  });

  it('files the appeal for the person: who filed and for whom are on the case and in the audit log', async () => {
    const consent = await uploadAs(cloud, COLLECTOR, '\xff\xd8\xff代办委托书');
    const filed = await submitFor(COLLECTOR, { personId, consentFileId: consent });
    expect(filed).toMatchObject({ ok: true, data: { status: 'submitted', nodeId: 't15-v01', applicantName: '郑*办' } });
    appealId = filed.data._id;
    expect(filed.data.filedBy).toMatch(/^\S+\*\S*（信息采集员）代办$/);
    expect(filed.data.timeline[0]).toMatchObject({ action: 'submit', onBehalf: true });
    const stored = (await cloud.sdkApp().database().collection('cases').doc(appealId).get()).data[0];
    expect(stored).toMatchObject({
      personId,
      applicantOpenid: '',
      initiator: { kind: 'proxy', personId, role: 'village_collector', nodeId: 't15-v01', consentFileId: consent },
      subject: { kind: 'person', personId },
    });
    const audit = (await cloud.sdkApp().database().collection('audit_log').where({ targetId: appealId }).get()).data;
    expect(audit.map((a: { action: string }) => a.action)).toContain('case.fileOnBehalf');
  });

  it('tells the filer about each change while the person has no WeChat, and lets her act for the person', async () => {
    // The collector escalates with her opinion; the town asks for more; the status message goes to the filer.
    expect((await act(COLLECTOR, appealId, 'accept')).ok).toBe(true);
    const escalated = await act(COLLECTOR, appealId, 'escalate', { inputs: { opinion: '砖厂在邻镇，请乡镇协调' } });
    expect(escalated.data).toMatchObject({ nodeId: 't15', level: 'town', access: 'proxy' });
    expect(escalated.data.timeline.at(-1).details).toEqual(['上报意见：砖厂在邻镇，请乡镇协调']);
    const asked = await act(TOWN, appealId, 'request_info', { comment: '请补充做工时间和工资约定' });
    expect(asked.data.status).toBe('info_requested');
    expect(outboxFor(COLLECTOR, appealId).length).toBeGreaterThan(0);
    // The collector answers for the person (代办): recorded as the applicant's step, done on their behalf.
    const answered = await act(COLLECTOR, appealId, 'resubmit', { comment: '2026年3月至8月做工，口头约定每月三千元' });
    expect(answered.data.status).toBe('handling');
    expect(answered.data.timeline.at(-1)).toMatchObject({ role: 'applicant', onBehalf: true });
    expect(answered.data.messages.at(-1)).toMatchObject({ author: 'applicant' });
    // A collector of another village has nothing to do with it.
    expect((await call(OTHER_COLLECTOR, 'cases', 'get', { caseId: appealId })).code).toBe('NOT_FOUND');
  });

  it('files an aid application for the person, with the documents the filer uploaded', async () => {
    await importSamples(cloud);
    const round = await call(ADMIN, 'aid', 'saveRound', { status: 'open', config: studentRoundConfig() });
    expect((await call(ADMIN, 'aid', 'setPovertyLine', { year: 2026, monthlyFen: 75_000 })).ok).toBe(true);
    const consent = await uploadAs(cloud, COLLECTOR, '\xff\xd8\xff代办委托书');
    const letter = await uploadAs(cloud, COLLECTOR, '\xff\xd8\xff录取通知书');
    const form = {
      roundId: round.data.roundId,
      applicant: {
        name: '郑代办',
        idNumber,
        mobile: '17000007777',
        type: 'migrant',
        villageId: 't15-v01',
        employedSince: '2020-03-01',
      },
      child: {
        name: '郑小学',
        idNumber: childId,
        school: '松滋市第一中学',
        level: 'senior_high',
        admissionLetterFileId: letter,
        declarations: [],
      },
      household: {
        members: [
          { relation: 'self', annualIncomeFen: 600_000 },
          { relation: 'child', annualIncomeFen: 0 },
        ],
        annualHardshipCostFen: 0,
      },
      bankCard: { number: testCard(7), bankName: '中国农业银行松滋支行', holderName: '郑代办' },
      consents: { sensitiveData: true, publicNotice: true, guardian: true },
    };
    const wrongPerson = await call(
      COLLECTOR,
      'aid',
      'submit',
      {
        ...form,
        applicant: { ...form.applicant, idNumber: childId },
        onBehalfOf: { personId, consentFileId: consent },
      },
      rid(),
    );
    expect(wrongPerson).toMatchObject({ ok: false, field: 'applicant.idNumber' });
    const filed = await call(
      COLLECTOR,
      'aid',
      'submit',
      { ...form, onBehalfOf: { personId, consentFileId: consent } },
      rid(),
    );
    expect(filed).toMatchObject({ ok: true, data: { caseStatus: 'village_review' } });
    const c = await call(COLLECTOR, 'cases', 'get', { caseId: filed.data.caseId });
    expect(c.data.filedBy).toContain('代办');
  });

  it('shows the person every case filed for them once they claim their profile, and tells them from then on', async () => {
    expect((await call(PERSON_OPENID, 'cases', 'mine', {})).data.items).toEqual([]);
    const claimed = await call(PERSON_OPENID, 'people', 'claimProfile', { name: '郑代办', idNumber, claimCode });
    expect(claimed.ok).toBe(true);
    const mine = await call(PERSON_OPENID, 'cases', 'mine', {});
    expect(mine.data.items.map((c: { _id: string }) => c._id)).toContain(appealId);
    expect(mine.data.items).toHaveLength(2);
    const own = await call(PERSON_OPENID, 'cases', 'get', { caseId: appealId });
    expect(own.data).toMatchObject({ access: 'applicant' });
    expect(own.data.availableActions.map((a: { action: string }) => a.action)).toContain('withdraw');
    const aid = await call(PERSON_OPENID, 'aid', 'mine', {});
    expect(aid.data.items).toHaveLength(1);
    // The next status message goes to the person, no longer to the collector.
    const before = outboxFor(COLLECTOR, appealId).length;
    expect((await act(TOWN, appealId, 'reply', { comment: '已约谈砖厂负责人，本月内结清。' })).ok).toBe(true);
    expect(outboxFor(PERSON_OPENID, appealId).length).toBeGreaterThan(0);
    expect(outboxFor(COLLECTOR, appealId).length).toBe(before);
  });
});
