/**
 * Carrying out a person's deletion request (`people.resolveDataRequest`) erases their appeals and consultations,
 * through the real wx-server-sdk against the local cloud: an answered consultation waiting to be closed holds the
 * deletion back (nothing changes); once closed, an open appeal is withdrawn through the engine, every case loses
 * the person (name, WeChat link, the form's texts, photos in storage, comments, the thread, the rating's remark)
 * and keeps what the figures count, so the dashboards give the same numbers; another person's case is untouched.
 */
import { fakePng } from '../support/images';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, type CallResult } from '../support/people';
import type { Dashboard } from '../../typings/stats';

jest.setTimeout(180_000);

const PERSON = 'demo-migrant-1'; // home village t15-v01: the collector handles their cases
const OTHER = 'demo-migrant-2';
const COLLECTOR = 'demo-collector-t15-v01';
const ADMIN = 'demo-admin';
const FACTS = '在深圳某工地务工，老板拖欠三个月工资共一万二千元，电话一三九零零零零一二三四。';
const EMPLOYER = '深圳示例擦除建筑有限公司';
const QUESTION = '孩子在外地上学，我的社保在深圳，能申请金秋助学吗？';

describe('a deletion request erases the person’s appeals and consultations', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `erase-case-${Date.now()}-${(seq += 1)}`;
  const call = (openid: string, fn: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input, requestId);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await call(openid, 'cases', 'get', { caseId });
    if (!current.ok) return current;
    return call(openid, 'cases', 'act', { caseId, action, version: current.data.version, ...extra }, rid());
  };
  const db = () => cloud.sdkApp().database();
  const all = async (collection: string, where: Record<string, unknown>) =>
    (await db().collection(collection).where(where).limit(1000).get()).data as Record<string, unknown>[];
  const upload = async (openid: string): Promise<string> => {
    const path = await call(openid, 'cases', 'uploadPath', { ext: 'jpg' });
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': openid },
      body: fakePng('工资条照片'),
    });
    return ((await res.json()) as { fileID: string }).fileID;
  };
  const stored = async (fileID: string): Promise<boolean> => {
    const { fileList } = await cloud.sdkApp().getTempFileURL({ fileList: [fileID] });
    const url = (fileList[0] as { tempFileURL?: string }).tempFileURL;
    return !!url && (await fetch(url)).ok;
  };
  const appeal = (openid: string, attachments: string[] = []) =>
    call(
      openid,
      'cases',
      'submit',
      {
        type: 'appeal',
        form: {
          category: 'wage_arrears',
          facts: FACTS,
          employer: EMPLOYER,
          workCity: '深圳',
          contactPreference: 'phone',
          amountOwedFen: 1_200_000,
          attachments,
        },
      },
      rid(),
    );
  /** The city's appeal and consultation figures, key → value. */
  const figures = async (): Promise<Record<string, number | null>> => {
    const dash = (await call(ADMIN, 'stats', 'dashboard', {})).data as Dashboard;
    const out: Record<string, number | null> = {};
    for (const section of dash.sections.filter((s) => s.key === 'appeals' || s.key === 'consultations'))
      for (const group of section.groups) for (const f of group.figures) out[f.key] = f.value;
    return out;
  };
  const deletion = async (): Promise<{ request: string; personId: string }> => {
    const personId = (await call(PERSON, 'people', 'me')).data.personId as string;
    const pending = (await call(ADMIN, 'people', 'listDataRequests')).data.requests.find(
      (r: { personId: string }) => r.personId === personId,
    );
    return { request: pending.requestId, personId };
  };
  const ids: Record<string, string> = {};
  let photo = '';
  let otherPhoto = '';

  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startSeededCloud();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('sets up: a closed and rated appeal with a photo and a thread, an open appeal, an answered consultation', async () => {
    photo = await upload(PERSON);
    const closed = await appeal(PERSON, [photo]);
    expect(closed.ok).toBe(true);
    ids.closed = closed.data._id;
    expect((await act(COLLECTOR, ids.closed, 'accept')).ok).toBe(true);
    expect((await act(PERSON, ids.closed, 'comment', { comment: '我住在翠林山村三组，晚上可以打电话' })).ok).toBe(true);
    expect((await act(COLLECTOR, ids.closed, 'reply', { comment: '已联系深圳工会，老板答应月底结清' })).ok).toBe(true);
    expect((await act(COLLECTOR, ids.closed, 'close')).ok).toBe(true);
    const rated = await act(PERSON, ids.closed, 'rate', {
      rating: { score: 5, satisfied: true, comment: '谢谢王书记' },
    });
    expect(rated.ok).toBe(true);

    const open = await appeal(PERSON);
    ids.open = open.data._id;
    const asked = await call(
      PERSON,
      'cases',
      'submit',
      { type: 'consultation', form: { category: 'school', question: QUESTION } },
      rid(),
    );
    ids.consultation = asked.data._id;
    expect((await act(COLLECTOR, ids.consultation, 'reply', { comment: '可以申请，请准备录取通知书' })).ok).toBe(true);

    otherPhoto = await upload(OTHER);
    ids.other = (await appeal(OTHER, [otherPhoto])).data._id;
    expect(ids.other).toBeTruthy();
  });

  it('holds the deletion back while an answered consultation waits to be closed, changing nothing', async () => {
    expect((await call(PERSON, 'people', 'requestDeletion', { reason: '不再使用' })).ok).toBe(true);
    const { request } = await deletion();
    const before = await all('cases', { _id: db().command.in(Object.values(ids)) });
    const held = await call(ADMIN, 'people', 'resolveDataRequest', {
      requestId: request,
      outcome: 'done',
      note: '删除',
    });
    expect(held).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(held.message).toBe('该人员有1件咨询已答复、正在等待办结，须办结后才能删除');
    expect(await all('cases', { _id: db().command.in(Object.values(ids)) })).toEqual(before);
    expect(await stored(photo)).toBe(true);
    expect((await call(PERSON, 'people', 'me')).data).not.toBeNull();
  });

  it('once it is closed, withdraws the open appeal and erases the person from every case, keeping the figures', async () => {
    expect((await act(COLLECTOR, ids.consultation, 'close')).ok).toBe(true);
    const figuresBefore = await figures();
    const { request, personId } = await deletion();
    const mine = (await all('cases', { personId })).map((c) => c._id as string);
    expect(mine).toEqual(expect.arrayContaining([ids.closed, ids.open, ids.consultation]));

    const done = await call(ADMIN, 'people', 'resolveDataRequest', {
      requestId: request,
      outcome: 'done',
      note: '删除',
    });
    expect(done).toMatchObject({ ok: true, data: { status: 'done' } });

    // The open appeal was withdrawn through the engine, and its history says why.
    const [openCase] = await all('cases', { _id: ids.open });
    expect(openCase).toMatchObject({ status: 'withdrawn', open: false });
    const withdrawal = (await all('case_history', { caseId: ids.open })).find((h) => h.action === 'withdraw');
    expect(withdrawal?.reason).toBe('本人申请删除个人信息，随之撤回');

    // Every case of theirs keeps its type, state and place, and loses the person.
    const cases = await all('cases', { _id: db().command.in(mine) });
    for (const c of cases) expect(c).toMatchObject({ applicantName: '已删除', applicantOpenid: '' });
    const [closedCase] = cases.filter((c) => c._id === ids.closed);
    expect(closedCase).toMatchObject({
      status: 'rated',
      category: 'wage_arrears',
      title: '欠薪（已删除）',
      rating: { score: 5, satisfied: true },
      form: { facts: '已删除', employer: '已删除', workCity: '已删除', attachments: [] },
    });
    expect(await stored(photo)).toBe(false);

    // Nothing they wrote or were told remains, in the cases, their histories or their threads.
    const keptDocs = [
      ...cases,
      ...(await all('case_history', { caseId: db().command.in(mine) })),
      ...(await all('case_messages', { caseId: db().command.in(mine) })),
    ];
    const kept = JSON.stringify(keptDocs);
    for (const secret of [
      FACTS,
      EMPLOYER,
      QUESTION,
      '翠林山村三组',
      '老板答应月底结清',
      '谢谢王书记',
      '录取通知书',
      photo,
    ])
      expect(kept).not.toContain(secret);
    // No WeChat link either (the demo person ids contain the demo openid, so the fields are checked).
    expect(keptDocs.filter((d) => d.applicantOpenid === PERSON || d.authorOpenid === PERSON)).toEqual([]);
    expect(await all('audit_log', { action: 'case.erase' })).toHaveLength(mine.length);

    // The dashboards give the same figures as before (the withdrawn appeal had not been accepted).
    expect(Object.keys(figuresBefore).length).toBeGreaterThan(8);
    expect(await figures()).toEqual(figuresBefore);

    // Another person's case and photo are untouched; the erased person's WeChat reaches nothing.
    const [other] = await all('cases', { _id: ids.other });
    expect(other.form).toMatchObject({ facts: FACTS, employer: EMPLOYER, attachments: [otherPhoto] });
    expect(await stored(otherPhoto)).toBe(true);
    expect((await call(PERSON, 'cases', 'mine', {})).data.items ?? []).toEqual([]);
  });
});
