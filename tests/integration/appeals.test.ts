/**
 * Appeals through the real wx-server-sdk against the local cloud, as the demo people: the whole
 * lifecycle across roles, routing, concurrency, idempotent submission, identity and input attacks,
 * content security and the subscribe messages of every status change.
 */
import { fakePng } from '../support/images';
import { replay, type HistoryStep } from '../../domain/cases/machine';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeDemoPeople, type CallResult } from '../support/people';
import { seedCases } from '../../scripts/seed/cases';

jest.setTimeout(120_000);

const MIGRANT = 'demo-migrant-1'; // home village t15-v01 (万家乡翠林山村)
const MIGRANT2 = 'demo-migrant-2';
const WORKER = 'demo-worker-1';
const COLLECTOR = 'demo-collector-t15-v01';
const COLLECTOR2 = 'demo-collector-t15-v02';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

const form = (over: Record<string, unknown> = {}) => ({
  category: 'wage_arrears',
  facts: '在深圳某工地务工，老板拖欠三个月工资共一万二千元，多次讨要未果。',
  employer: '深圳示例建筑有限公司',
  workCity: '深圳',
  contactPreference: 'phone',
  amountOwedFen: 1_200_000,
  ...over,
});

describe('appeals on the case engine', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `req-${Date.now()}-${(seq += 1)}-abcdef`;
  const call = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, requestId);
  const submit = (openid: string, over: Record<string, unknown> = {}, requestId = rid()) =>
    call(openid, 'submit', { type: 'appeal', form: form(over) }, requestId);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await call(openid, 'get', { caseId });
    expect(current.ok).toBe(true);
    return call(openid, 'act', { caseId, action, version: current.data.version, ...extra });
  };
  const db = () => cloud.sdkApp().database();
  /** Upload as the client does: ask `cases.uploadPath`, then `wx.cloud.uploadFile` (a fake image: PNG magic + text). */
  const upload = async (openid: string, text = '工资条照片', ext = 'jpg'): Promise<string> => {
    const path = await call(openid, 'uploadPath', { ext });
    expect(path.ok).toBe(true);
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': openid },
      body: fakePng(text),
    });
    return ((await res.json()) as { fileID: string }).fileID;
  };
  const count = async (collection: string, where: object = {}) =>
    (await db().collection(collection).where(where).count()).total as number;

  beforeAll(async () => {
    cloud = await startSeededCloud();
    // Everyone accepted the subscribe dialog: these tests read the messages themselves.
    subscribeDemoPeople(cloud);
    await seedCases(cloud.sdkApp());
  });
  afterAll(async () => cloud?.close());

  it('seeds demo cases whose histories replay to their stored state', async () => {
    const seeded = (
      await db()
        .collection('cases')
        .where({ _id: db().RegExp({ regexp: '^demo-case-' }) })
        .get()
    ).data as { _id: string; status: string; version: number; nodeId: string; reopenCount: number }[];
    expect(seeded.length).toBeGreaterThanOrEqual(6);
    for (const c of seeded) {
      const history = (await db().collection('case_history').where({ caseId: c._id }).get()).data as HistoryStep[];
      expect(replay(history)).toMatchObject({
        status: c.status,
        version: c.version,
        nodeId: c.nodeId,
        reopenCount: c.reopenCount,
      });
    }
    const faq = await call(MIGRANT, 'get', { caseId: 'demo-case-01' });
    expect(faq.data).toMatchObject({ status: 'submitted', type: 'appeal' });
  });

  it('runs a whole appeal across roles: submit → accept → escalate → transfer → reply → close → rate → reopen once', async () => {
    const submitted = await submit(MIGRANT);
    expect(submitted).toMatchObject({
      ok: true,
      data: { status: 'submitted', nodeId: 't15-v01', level: 'village', type: 'appeal', categoryLabel: '欠薪' },
    });
    const id = submitted.data._id as string;
    expect(submitted.data.applicantName).toMatch(/\*/);
    expect(submitted.data.availableActions.map((a: { action: string }) => a.action).sort()).toEqual([
      'comment',
      'withdraw',
    ]);

    // The staff of the node it arrived at are told (a to-do subscribe message).
    const aboutCase = (openid: string) =>
      cloud.outbox({ openid }).filter((m) => String((m as { page?: string }).page).includes(id));
    expect(aboutCase(COLLECTOR)).toHaveLength(1);
    expect(aboutCase(COLLECTOR2)).toHaveLength(0);

    const queue = await call(COLLECTOR, 'queue', { type: 'appeal' });
    expect(queue.data.items.map((c: { _id: string }) => c._id)).toContain(id);
    const seen = await call(COLLECTOR, 'get', { caseId: id });
    expect(seen.data.availableActions.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['accept', 'refuse', 'escalate']),
    );
    expect(seen.data.form.facts).toContain('拖欠');

    expect((await act(COLLECTOR, id, 'accept')).data).toMatchObject({ status: 'handling' });
    // Escalating and transferring take an opinion (declared by the appeal type), shown in the timeline.
    expect(
      (await act(COLLECTOR, id, 'escalate', { inputs: { opinion: '涉及外地企业，请乡镇协调' } })).data,
    ).toMatchObject({
      status: 'handling',
      nodeId: 't15',
      level: 'town',
    });
    // The village collector no longer holds it; the town does. The collector still sees it, read-only, and where
    // it is now (issue 12, item 10: this assertion was NOT_FOUND before).
    expect((await call(COLLECTOR, 'get', { caseId: id })).data).toMatchObject({
      access: 'readonly',
      nodeId: 't15',
      availableActions: [],
    });
    const transferred = await act(TOWN, id, 'transfer', {
      targetNodeId: 't15-v02',
      inputs: { opinion: '转至务工人员所在村协助' },
    });
    expect(transferred.data).toMatchObject({ status: 'submitted', nodeId: 't15-v02' });
    expect(aboutCase(COLLECTOR2)).toHaveLength(1);
    expect((await act(COLLECTOR2, id, 'accept')).data.status).toBe('handling');
    expect((await act(COLLECTOR2, id, 'reply', { comment: '已联系用工单位，约定本月底前结清。' })).data.status).toBe(
      'replied',
    );
    expect((await act(COLLECTOR2, id, 'close')).data.status).toBe('closed');

    const reopened = await act(MIGRANT, id, 'rate', {
      rating: { score: 1, satisfied: false, comment: '工资仍未到账' },
    });
    expect(reopened.data).toMatchObject({ status: 'handling', reopenCount: 1 });
    await act(COLLECTOR2, id, 'reply', { comment: '已督促企业，工资已到账。' });
    await act(COLLECTOR2, id, 'close');
    const rated = await act(MIGRANT, id, 'rate', { rating: { score: 2, satisfied: false } });
    expect(rated.data).toMatchObject({ status: 'rated', reopenCount: 1, open: false });
    expect(rated.data.availableActions).toEqual([]);

    // The applicant's timeline is the history, with masked names and the transfer target.
    const timeline = rated.data.timeline as {
      action: string;
      to: string;
      actorName: string;
      nodeName?: string;
      role: string;
    }[];
    expect(timeline.map((e) => e.action)).toEqual([
      'submit',
      'accept',
      'escalate',
      'transfer',
      'accept',
      'reply',
      'close',
      'rate',
      'reply',
      'close',
      'rate',
    ]);
    expect(timeline[3]).toMatchObject({ role: 'town_staff', nodeName: expect.any(String) });
    expect(timeline.every((e) => e.actorName.includes('*'))).toBe(true);

    // Replaying the stored history reproduces the stored case.
    const history = (await db().collection('case_history').where({ caseId: id }).limit(100).get())
      .data as HistoryStep[];
    const stored = (await db().collection('cases').doc(id).get()).data[0];
    expect(replay(history)).toMatchObject({
      status: stored.status,
      version: stored.version,
      nodeId: stored.nodeId,
      reopenCount: stored.reopenCount,
    });

    // One subscribe message to the applicant per status change (comments alone send none).
    const messages = cloud.outbox({ openid: MIGRANT }).filter((m) => (m as { page?: string }).page?.includes(id));
    const changes = history.filter(
      (h) => h.from !== h.to || h.action === 'escalate' || h.action === 'transfer' || h.action === 'submit',
    );
    expect(messages).toHaveLength(changes.length);
  });

  it('routes a local worker appeal to the employer town, with photos the worker uploaded', async () => {
    const photo = await upload(WORKER);
    const r = await submit(WORKER, { attachments: [photo] });
    expect(r).toMatchObject({ ok: true, data: { level: 'town', nodeId: 't15', held: false } });
    expect(r.data.form.attachments).toEqual([photo]);
    expect((await act(TOWN, r.data._id, 'accept')).data.status).toBe('handling');
  });

  it('of 50 parallel accepts on one step exactly one wins and writes one history entry', async () => {
    const r = await submit(MIGRANT);
    const id = r.data._id;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => call(COLLECTOR, 'act', { caseId: id, action: 'accept', version: 1 })),
    );
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    expect(results.filter((x) => !x.ok).every((x) => x.code === 'CONFLICT')).toBe(true);
    expect(await count('case_history', { caseId: id })).toBe(2);
    expect((await call(MIGRANT, 'get', { caseId: id })).data).toMatchObject({ version: 2, status: 'handling' });
    // A retried action with the same client request id answers its first result instead of a conflict.
    const requestId = rid();
    const replies = [];
    for (let i = 0; i < 3; i += 1)
      replies.push(
        await call(COLLECTOR, 'act', { caseId: id, action: 'comment', version: 2, comment: '已电话联系' }, requestId),
      );
    expect(replies.map((r) => [r.ok, r.data?.version])).toEqual([
      [true, 3],
      [true, 3],
      [true, 3],
    ]);
    expect(await count('case_history', { caseId: id })).toBe(3);
  });

  it('makes one case of 5 retries of one submission, sequential or concurrent', async () => {
    const before = await count('cases', { applicantOpenid: MIGRANT2 });
    const requestId = rid();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) ids.add((await submit(MIGRANT2, {}, requestId)).data._id);
    const concurrentId = rid();
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => submit(MIGRANT2, {}, concurrentId)));
    expect(ids.size).toBe(1);
    expect(new Set(concurrent.map((c) => c.data?._id)).size).toBe(1);
    expect(await count('cases', { applicantOpenid: MIGRANT2 })).toBe(before + 2);
  });

  it('ignores identity claimed in the body and refuses what the real caller may not do', async () => {
    const r = await submit(MIGRANT);
    const id = r.data._id;
    // Extra fields in the input are refused; extra fields on the event are ignored (identity is the OPENID).
    const forged = await call(MIGRANT2, 'act', {
      caseId: id,
      action: 'accept',
      version: 1,
      openid: COLLECTOR,
      role: 'village_collector',
    });
    expect(forged).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const viaEvent = (
      await cloud.callFunction(
        'cases',
        {
          action: 'act',
          input: { caseId: id, action: 'accept', version: 1 },
          openid: COLLECTOR,
          role: 'city_admin',
          gridNodeId: 'city',
        },
        { openid: MIGRANT2 },
      )
    ).result as CallResult;
    expect(viaEvent.code).toBe('NOT_FOUND');
    const queue = (
      await cloud.callFunction('cases', { action: 'queue', input: {}, openid: ADMIN }, { openid: MIGRANT })
    ).result as CallResult;
    expect(queue.code).toBe('FORBIDDEN');
    // The applicant cannot accept their own case; a collector elsewhere cannot see it.
    expect((await call(MIGRANT, 'act', { caseId: id, action: 'accept', version: 1 })).code).toBe('FORBIDDEN');
    expect((await call('demo-collector-t01-v01', 'get', { caseId: id })).code).toBe('NOT_FOUND');
    expect(await count('case_history', { caseId: id })).toBe(1);
  });

  it('answers NOT_FOUND for another person’s case by guessed id, and for ids that do not exist', async () => {
    const r = await submit(MIGRANT);
    expect((await call(MIGRANT2, 'get', { caseId: r.data._id })).code).toBe('NOT_FOUND');
    expect((await call(MIGRANT2, 'act', { caseId: r.data._id, action: 'withdraw', version: 1 })).code).toBe(
      'NOT_FOUND',
    );
    expect((await call(MIGRANT2, 'get', { caseId: 'ffffffffffffffffffffffffffffffff' })).code).toBe('NOT_FOUND');
  });

  it('refuses every bad input with a clear error naming the field, and writes nothing', async () => {
    const ownPhoto = await upload(MIGRANT);
    const othersPhoto = await upload(MIGRANT2);
    const cases = await count('cases');
    const history = await count('case_history');
    const bad: [Record<string, unknown>, string][] = [
      [{ facts: { $ne: null } }, 'form.facts'],
      [{ facts: ['拖欠工资', '三个月'] }, 'form.facts'],
      [{ facts: '拖'.repeat(10_000) }, 'form.facts'],
      [{ facts: '老板拖欠\u200b工资三个月未发' }, 'form.facts'],
      [{ employer: '示例公司😀' }, 'form.employer'],
      [{ employer: { $ne: null } }, 'form.employer'],
      [{ category: 'bribery' }, 'form.category'],
      [{ amountOwedFen: 1200.5 }, 'form.amountOwedFen'],
      [{ amountOwedFen: '1200' }, 'form.amountOwedFen'],
      [{ attachments: ['http://evil.example/x.png'] }, 'form.attachments.0'],
      [{ attachments: [ownPhoto, 'cloud://other-env.bucket/b.jpg'] }, 'form.attachments.1'],
      [{ attachments: [ownPhoto, ownPhoto.replace(/^cloud:\/\/[^.]+/, 'cloud://other-env')] }, 'form.attachments.1'],
      // Someone else's upload, a file outside any upload prefix, and a path that climbs out of one.
      [{ attachments: [othersPhoto] }, 'form.attachments.0'],
      [{ attachments: [`cloud://${cloud.envId}.bucket/uploads/appeal/a.jpg`] }, 'form.attachments.0'],
      [{ attachments: [ownPhoto.replace(/\/[^/]+$/, '/../../x/202601/abcdefgh12.jpg')] }, 'form.attachments.0'],
      [{ contactPreference: null }, 'form.contactPreference'],
      [{ extra: 1 }, 'form'],
    ];
    for (const [over, field] of bad) {
      const r = await submit(MIGRANT, over);
      expect({ field: r.field, code: r.code }).toEqual({ field, code: 'INVALID_INPUT' });
      // The field travels in `field`; the message names it in words, never as a path (issue 12 item 16).
      expect(r.message).not.toContain(field);
      expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await call(MIGRANT, 'submit', { type: 'appeal', form: form() })).field).toBe('requestId');
    expect((await call(MIGRANT, 'submit', { type: { $ne: null }, form: form() }, rid())).field).toBe('type');
    expect((await call(MIGRANT, 'submit', { type: 'appeal', form: [] }, rid())).field).toBe('form');
    expect((await call(MIGRANT, 'submit', { type: 'bribe', form: form() }, rid())).field).toBe('type');
    expect((await call(COLLECTOR, 'act', { caseId: { $ne: null }, action: 'accept', version: 1 })).field).toBe(
      'caseId',
    );
    expect((await call(COLLECTOR, 'act', { caseId: 'x', action: 'accept', version: '1' })).field).toBe('version');
    expect((await call(COLLECTOR, 'queue', { cursor: { $gt: '' } })).field).toBe('cursor');
    expect((await call(MIGRANT, 'uploadPath', { ext: 'exe' })).field).toBe('ext');
    expect((await call(MIGRANT, 'uploadPath', { ext: { $ne: null } })).field).toBe('ext');
    expect(await count('cases')).toBe(cases);
    expect(await count('case_history')).toBe(history);
  });

  it('requires a reason to refuse, and a withdrawn case cannot be accepted', async () => {
    const r = await submit(MIGRANT);
    const id = r.data._id;
    expect(await call(COLLECTOR, 'act', { caseId: id, action: 'refuse', version: 1 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'reason',
    });
    expect((await act(MIGRANT, id, 'withdraw')).data.status).toBe('withdrawn');
    expect((await call(COLLECTOR, 'act', { caseId: id, action: 'accept', version: 2 })).code).toBe(
      'PRECONDITION_FAILED',
    );
  });

  it('checks every text: risky is refused naming the field, review and errors are held for staff', async () => {
    const cases = await count('cases');
    const risky = await submit(MIGRANT, { facts: '工地老板组织赌博并拖欠我们的工资三个月' });
    expect(risky).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'form.facts' });
    expect(risky.message).toContain('事实经过');
    expect(await count('cases')).toBe(cases);

    const review = await submit(MIGRANT, { facts: '我们准备组织上访，老板拖欠工资三个月不给' });
    expect(review.data).toMatchObject({ held: true, status: 'submitted' });
    const id = review.data._id;
    expect((await call(COLLECTOR, 'act', { caseId: id, action: 'accept', version: 1 })).code).toBe(
      'PRECONDITION_FAILED',
    );
    expect((await call(COLLECTOR, 'queue', { held: true })).data.items.map((c: { _id: string }) => c._id)).toContain(
      id,
    );
    expect((await call(COLLECTOR, 'release', { caseId: id })).data.held).toBe(false);
    expect((await call(COLLECTOR, 'act', { caseId: id, action: 'accept', version: 1 })).data.status).toBe('handling');

    // A staff reply is checked too: the error marker fails the check, so the reply is held (fail closed).
    const held = await act(COLLECTOR, id, 'comment', { comment: '请提供工资条 __msgseccheck_error__' });
    const message = held.data.messages.at(-1);
    expect(message.held).toBe(true);
    expect((await call(MIGRANT, 'get', { caseId: id })).data.messages.at(-1).text).toBe('（内容审核中）');
    await call(TOWN, 'release', { caseId: id, messageId: message._id });
    expect((await call(MIGRANT, 'get', { caseId: id })).data.messages.at(-1).text).toContain('工资条');
    const riskyComment = await act(MIGRANT, id, 'comment', { comment: '他们在搞诈骗' });
    expect(riskyComment).toMatchObject({ code: 'CONTENT_RISKY', field: 'comment' });
  });

  it('accepts in a case only files the caller uploaded; staff attach their own documents to replies', async () => {
    const first = await call(MIGRANT, 'uploadPath', { ext: 'jpg' });
    const second = await call(MIGRANT, 'uploadPath', { ext: 'pdf' });
    const other = await call(MIGRANT2, 'uploadPath', { ext: 'jpg' });
    // One prefix per person, a fresh name per file, under this month.
    expect(first.data.prefix).toMatch(/^uploads\/[0-9a-f]{16}\/$/);
    expect(second.data.prefix).toBe(first.data.prefix);
    expect(other.data.prefix).not.toBe(first.data.prefix);
    expect(first.data.cloudPath).toMatch(/^uploads\/[0-9a-f]{16}\/\d{6}\/[0-9a-f]{24}\.jpg$/);
    expect(second.data.cloudPath).not.toBe(first.data.cloudPath);
    expect(first.data.prefix).not.toContain(MIGRANT);

    const r = await submit(MIGRANT);
    const id = r.data._id;
    await act(COLLECTOR, id, 'accept');
    const applicantPhoto = await upload(MIGRANT);
    const staffDoc = await upload(COLLECTOR, '调解协议', 'pdf');
    const messages = await count('case_messages', { caseId: id });
    // Staff cannot re-send the applicant's file as theirs, nor send files without a message.
    expect(
      await act(COLLECTOR, id, 'comment', { comment: '请看附件', attachments: [staffDoc, applicantPhoto] }),
    ).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'attachments.1' });
    expect(await act(COLLECTOR, id, 'reply', { attachments: [staffDoc] })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(await count('case_messages', { caseId: id })).toBe(messages);
    const replied = await act(COLLECTOR, id, 'reply', { comment: '调解协议见附件。', attachments: [staffDoc] });
    expect(replied.data.status).toBe('replied');
    expect((await call(MIGRANT, 'get', { caseId: id })).data.messages.at(-1)).toMatchObject({
      author: 'staff',
      attachments: [staffDoc],
      held: false,
    });
    const commented = await act(MIGRANT, id, 'comment', { comment: '补充工资条照片', attachments: [applicantPhoto] });
    expect(commented.data.messages.at(-1)).toMatchObject({ attachments: [applicantPhoto], held: false });
  });

  it('checks photos with imgSecCheck: risky is refused naming the field, errors and unreadable files are held', async () => {
    const cases = await count('cases');
    const risky = await upload(MIGRANT, '工地赌博现场');
    const broken = await upload(MIGRANT, '__msgseccheck_error__');
    const clean = await upload(MIGRANT);
    const refused = await submit(MIGRANT, { attachments: [clean, risky] });
    expect(refused).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'form.attachments.1' });
    expect(await count('cases')).toBe(cases);

    // The check failing holds the case for staff (fail closed); staff see the photo and release it.
    const held = await submit(MIGRANT, { attachments: [clean, broken] });
    expect(held.data).toMatchObject({ held: true, status: 'submitted' });
    const stored = (await db().collection('cases').doc(held.data._id).get()).data[0];
    expect(stored.heldFields).toEqual([{ field: 'form.attachments.1', why: 'error' }]);
    expect((await call(COLLECTOR, 'act', { caseId: held.data._id, action: 'accept', version: 1 })).code).toBe(
      'PRECONDITION_FAILED',
    );
    expect((await call(COLLECTOR, 'get', { caseId: held.data._id })).data.form.attachments).toEqual([clean, broken]);
    expect((await call(COLLECTOR, 'release', { caseId: held.data._id })).data.held).toBe(false);

    // A file that was never uploaded is refused before any check (cases-attachments-stored.test.ts).
    const missing = (await call(MIGRANT, 'uploadPath', { ext: 'png' })).data.cloudPath as string;
    const ghost = await submit(MIGRANT, { attachments: [`cloud://${cloud.envId}.bucket/${missing}`] });
    expect(ghost).toMatchObject({ code: 'INVALID_INPUT', field: 'form.attachments.0' });

    // Photos sent with messages, by either side, are checked the same way.
    const id = held.data._id;
    await act(COLLECTOR, id, 'accept');
    expect(await act(MIGRANT, id, 'comment', { comment: '现场照片', attachments: [risky] })).toMatchObject({
      code: 'CONTENT_RISKY',
      field: 'attachments.0',
    });
    const staffBroken = await upload(COLLECTOR, '__msgseccheck_error__');
    const withPhoto = await act(COLLECTOR, id, 'comment', { comment: '现场核查照片', attachments: [staffBroken] });
    const message = withPhoto.data.messages.at(-1);
    expect(message).toMatchObject({ held: true, attachments: [staffBroken] });
    // The applicant sees neither the text nor the photo until a staff member releases it.
    expect((await call(MIGRANT, 'get', { caseId: id })).data.messages.at(-1)).toMatchObject({
      text: '（内容审核中）',
      attachments: [],
    });
    await call(TOWN, 'release', { caseId: id, messageId: message._id });
    expect((await call(MIGRANT, 'get', { caseId: id })).data.messages.at(-1).attachments).toEqual([staffBroken]);
  });

  it('pages a staff queue by due date with a cursor, in scope only', async () => {
    for (let i = 0; i < 3; i += 1) await submit(MIGRANT);
    const first = await call(COLLECTOR, 'queue', { limit: 2 });
    expect(first.data.items).toHaveLength(2);
    expect(first.data.nextCursor).toEqual(expect.any(String));
    const second = await call(COLLECTOR, 'queue', { limit: 2, cursor: first.data.nextCursor });
    const ids = [...first.data.items, ...second.data.items].map((c: { _id: string }) => c._id);
    expect(new Set(ids).size).toBe(ids.length);
    const due = [...first.data.items, ...second.data.items].map((c: { dueAt: string }) => c.dueAt);
    expect([...due].sort()).toEqual(due);
    const submittedOnly = await call(COLLECTOR, 'queue', { status: 'submitted', type: 'appeal', limit: 100 });
    expect(submittedOnly.data.items.length).toBeGreaterThan(0);
    expect(
      submittedOnly.data.items.every(
        (c: { status: string; type: string }) => c.status === 'submitted' && c.type === 'appeal',
      ),
    ).toBe(true);
    expect((await call(COLLECTOR, 'queue', { townId: 't01' })).code).toBe('FORBIDDEN');
    const town = await call(TOWN, 'queue', { villageId: 't15-v01', limit: 100 });
    expect(town.data.items.every((c: { nodeId: string }) => c.nodeId === 't15-v01')).toBe(true);
    const admin = await call(ADMIN, 'queue', { townId: 't15', level: 'village', limit: 100 });
    expect(admin.data.items.length).toBeGreaterThan(0);
  });

  it('lists the applicant’s own cases newest first', async () => {
    const mine = await call(MIGRANT, 'mine', { limit: 3 });
    expect(mine.data.items).toHaveLength(3);
    const created = mine.data.items.map((c: { createdAt: string }) => c.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
    const next = await call(MIGRANT, 'mine', { limit: 3, cursor: mine.data.nextCursor });
    expect(next.data.items[0].createdAt <= created[2]).toBe(true);
  });
});
