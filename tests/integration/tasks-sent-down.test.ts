/**
 * Tasks sent down (任务/通知下发): the city or a town issues to its villages; each village signs, does it and
 * reports (fields, files, on-site photos with server-confirmed capture time, place or its refusal, content hash);
 * the issuer accepts or sends back; extensions before the deadline; lights, reminders, the board and its export.
 * And the attacks: another node's part, replay after refusal, fifty sign-ins at once, a form smuggled into sign,
 * a timer run from a client, a photo someone else uploaded, a ticket someone else took.
 */
import { createHash } from 'crypto';
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { uploadAs } from '../support/uploads';

jest.setTimeout(300_000);

const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t14';
const COLLECTOR = 'demo-collector-t15-v01';
const NEIGHBOUR = 'demo-collector-t15-v02';
const ADMIN = 'demo-admin';
const WORKER = 'demo-migrant-1';
const DAY = 24 * 3600_000;

/** A date `days` from today in China time. */
const chinaDay = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * DAY).toISOString().slice(0, 10);

describe('tasks sent down to villages', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `task-${Date.now()}-${(seq += 1)}-req`;
  const cases = (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, requestId);
  const tasks = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'tasks', action, input);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await cases(openid, 'get', { caseId });
    if (!current.ok) return current;
    return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra }, rid());
  };
  const issue = (openid: string, form: Record<string, unknown>) =>
    cases(
      openid,
      'submit',
      {
        type: 'task',
        form: {
          kind: 'visit',
          title: '汛期困难职工走访',
          instructions: '入户查看房屋安全，拍摄现场照片上报。',
          deadline: chinaDay(10),
          reach: 'villages',
          recipients: ['t15'],
          ...form,
        },
      },
      rid(),
    );
  const photo = async (openid: string, caseId: string, located = true) => {
    const ticket = await tasks(openid, 'captureStart', { caseId });
    expect(ticket.ok).toBe(true);
    return {
      fileID: await uploadAs(cloud, openid, `现场-${seq++}`),
      captureId: ticket.data.captureId as string,
      location: located ? { latitude: 30.18, longitude: 111.76, accuracy: 25 } : null,
      locationRefused: !located,
    };
  };
  let visitId = '';
  const part = (v = 'v01') => `${visitId}-t15-${v}`;

  beforeAll(async () => {
    cloud = await startSeededCloud();
    subscribeAll(cloud, [TOWN, COLLECTOR, NEIGHBOUR, ADMIN, OTHER_TOWN]);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('lets the city issue a visit task to every village of a town, and nobody below or outside', async () => {
    expect((await issue(WORKER, {})).code).toBe('FORBIDDEN');
    expect((await issue(COLLECTOR, {})).code).toBe('FORBIDDEN');
    expect(await issue(OTHER_TOWN, {})).toMatchObject({ code: 'FORBIDDEN', field: 'form.recipients.0' });
    expect(await issue(ADMIN, { deadline: '2026-02-30' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'form.deadline',
    });
    const issued = await issue(ADMIN, {});
    expect(issued).toMatchObject({ ok: true, data: { status: 'issued', applicantName: '万家乡各村（14 个）' } });
    visitId = issued.data._id;
    expect(issued.data.children).toMatchObject({ total: 14, created: 14, pending: false });
    const board = await tasks(ADMIN, 'board', { taskId: visitId });
    expect(board.data).toMatchObject({ total: 14, signed: 0, finished: 0, unsigned: 14, late: 0 });
    expect(board.data.summary).toBe('共 14 个村：已签收 0，已完成 0，未签收 14，逾期 0');
    expect(board.data.towns).toHaveLength(1);
    expect(board.data.towns[0].rows[0]).toMatchObject({ name: expect.stringContaining('村'), statusLabel: '待签收' });
    // The part's timeline starts with the issuer sending it down, in the words people use.
    const received = await cases(COLLECTOR, 'get', { caseId: part() });
    expect(received.data.timeline[0]).toMatchObject({ action: 'submit', actionLabel: '下发', toLabel: '待签收' });
    expect((await cases(ADMIN, 'get', { caseId: visitId })).data.timeline[0].actionLabel).toBe('下发');
    // A town sees its villages' parts but not the city's board; a neighbour collector not another village's part.
    expect((await tasks(TOWN, 'board', { taskId: visitId })).code).toBe('NOT_FOUND');
    expect((await cases(NEIGHBOUR, 'get', { caseId: part() })).code).toBe('NOT_FOUND');
    expect((await act(NEIGHBOUR, part(), 'sign')).code).toBe('NOT_FOUND');
  });

  it('refuses a form smuggled into sign, then signs once however many taps arrive at once', async () => {
    expect(await act(COLLECTOR, part(), 'sign', { form: { title: '改掉' } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'form',
    });
    expect(await act(COLLECTOR, part(), 'sign', { inputs: { report: {} } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.report',
    });
    const current = await cases(COLLECTOR, 'get', { caseId: part() });
    const taps = await Promise.all(
      Array.from({ length: 50 }, () =>
        cases(COLLECTOR, 'act', { caseId: part(), action: 'sign', version: current.data.version }, rid()),
      ),
    );
    expect(taps.filter((t) => t.ok)).toHaveLength(1);
    expect(new Set(taps.filter((t) => !t.ok).map((t) => t.code))).toEqual(new Set(['CONFLICT']));
    const history = await cloud.sdkApp().database().collection('case_history').where({ caseId: part() }).get();
    expect(history.data.map((h: { action: string }) => h.action)).toEqual(['submit', 'sign']);
  });

  it('takes only camera photos with a ticket of the reporter, and keeps the server time and hash', async () => {
    // A ticket before signing is refused; a part someone else holds is NOT_FOUND.
    expect((await tasks(NEIGHBOUR, 'captureStart', { caseId: part() })).code).toBe('NOT_FOUND');
    expect((await tasks(COLLECTOR, 'captureStart', { caseId: part('v03') })).code).toBe('NOT_FOUND');
    const mine = await photo(COLLECTOR, part());
    expect(await act(COLLECTOR, part(), 'report', { inputs: { report: {} } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.report.photos',
      message: '走访任务请拍摄现场照片',
    });
    // A photo someone else uploaded, with the reporter's own ticket.
    const theirs = await uploadAs(cloud, NEIGHBOUR, '别人的照片');
    expect(
      await act(COLLECTOR, part(), 'report', { inputs: { report: { photos: [{ ...mine, fileID: theirs }] } } }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.report.photos.0.fileID' });
    // A ticket someone else took (for their own village's part).
    await act(NEIGHBOUR, part('v02'), 'sign');
    const their = await photo(NEIGHBOUR, part('v02'));
    expect(
      await act(COLLECTOR, part(), 'report', {
        inputs: { report: { photos: [{ ...mine, captureId: their.captureId }] } },
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.report.photos.0.captureId' });
    // One ticket for two photos; a place both given and refused; a server field sent by the phone.
    const second = { ...(await photo(COLLECTOR, part())), captureId: mine.captureId };
    expect(await act(COLLECTOR, part(), 'report', { inputs: { report: { photos: [mine, second] } } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.report.photos.1.captureId',
    });
    expect(
      await act(COLLECTOR, part(), 'report', { inputs: { report: { photos: [{ ...mine, locationRefused: true }] } } }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.report.photos.0.location' });
    expect(
      (
        await act(COLLECTOR, part(), 'report', {
          inputs: { report: { photos: [{ ...mine, sha256: 'f'.repeat(64) }] } },
        })
      ).code,
    ).toBe('INVALID_INPUT');

    const refused = await photo(COLLECTOR, part(), false);
    const reported = await act(COLLECTOR, part(), 'report', {
      inputs: { report: { photos: [mine, refused], note: '房屋安全，已提醒汛期注意事项' } },
    });
    expect(reported).toMatchObject({ ok: true, data: { status: 'reported', statusLabel: '待验收' } });
    expect(reported.data.timeline.at(-1).details).toEqual([
      '办理情况：现场照片 2 张（相机拍摄，1 张未授权定位）；房屋安全，已提醒汛期注意事项',
    ]);
    const db = cloud.sdkApp().database();
    const entry = (await db.collection('case_history').where({ caseId: part(), action: 'report' }).get()).data[0];
    const kept = entry.inputs.report.photos;
    const bytes = (await cloud.sdkApp().downloadFile({ fileID: mine.fileID })).fileContent as Buffer;
    expect(kept[0]).toMatchObject({
      fileID: mine.fileID,
      location: mine.location,
      locationRefused: false,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
    expect(Date.parse(kept[0].ticketAt)).toBeLessThanOrEqual(Date.parse(kept[0].confirmedAt));
    expect(kept[1]).toMatchObject({ location: null, locationRefused: true });
  });

  it('lets the issuer send it back with a reason and accept the redone report; a replay after refusal runs again', async () => {
    expect((await act(TOWN, part(), 'send_back', { reason: '不是本级下发' })).code).toBe('FORBIDDEN');
    expect(await act(ADMIN, part(), 'send_back')).toMatchObject({ code: 'INVALID_INPUT', field: 'reason' });
    expect((await act(ADMIN, part(), 'send_back', { reason: '照片看不清门牌，请重拍' })).data.status).toBe('doing');
    // A refused report (no photo) replayed with the same request id is decided again, not answered from memory.
    const current = await cases(COLLECTOR, 'get', { caseId: part() });
    const id = rid();
    const first = await cases(
      COLLECTOR,
      'act',
      { caseId: part(), action: 'report', version: current.data.version, inputs: { report: {} } },
      id,
    );
    expect(first.code).toBe('INVALID_INPUT');
    const again = await cases(
      COLLECTOR,
      'act',
      {
        caseId: part(),
        action: 'report',
        version: current.data.version,
        inputs: { report: { photos: [await photo(COLLECTOR, part())] } },
      },
      id,
    );
    expect(again.data.status).toBe('reported');
    expect((await act(ADMIN, part(), 'accept_report', { inputs: { opinion: '走访到位' } })).data.status).toBe('done');
    const board = await tasks(ADMIN, 'board', { taskId: visitId });
    expect(board.data).toMatchObject({ signed: 2, finished: 1 });
    const row = board.data.towns[0].rows.find((r: { caseId: string }) => r.caseId === part());
    expect(row).toMatchObject({ statusLabel: '已完成', light: 'none', lightLabel: '已完成' });
    // The part's page: the report in words (no hashes or ids), with links to its photos; nobody else's.
    const view = await tasks(ADMIN, 'part', { caseId: part() });
    expect(view.data).toMatchObject({ statusLabel: '已完成', issuerName: '市总工会', recipientName: '翠林山村' });
    expect(view.data.report.lines[0]).toMatch(
      /^照片 1：拍摄于 \d+月\d+日 \d{2}:\d{2} 至 \d+月\d+日 \d{2}:\d{2} 之间（服务器时间）；位置已记录（精度约 25 米）；已留存文件指纹$/,
    );
    expect(JSON.stringify(view.data.report.lines)).not.toMatch(/[0-9a-f]{16,}|t15/);
    expect(view.data.report.files[0]).toMatchObject({ label: '现场照片 1', kind: 'image', url: expect.any(String) });
    expect((await tasks(NEIGHBOUR, 'part', { caseId: part() })).code).toBe('NOT_FOUND');
    expect((await tasks(WORKER, 'part', { caseId: part() })).code).toBe('FORBIDDEN');
  });

  it('lets a town issue a report form and a notice within its own villages only, and checks the filled fields', async () => {
    expect((await issue(TOWN, { kind: 'form', recipients: ['t14-v01'], reach: 'nodes', fields: [] })).field).toBe(
      'form.fields',
    );
    expect(
      await issue(TOWN, {
        kind: 'form',
        reach: 'nodes',
        recipients: ['t14-v01'],
        fields: [{ key: 'f1', label: '走访户数', kind: 'number' }],
      }),
    ).toMatchObject({ code: 'FORBIDDEN', field: 'form.recipients.0' });
    const form = await issue(TOWN, {
      kind: 'form',
      title: '困难职工台账报送',
      reach: 'nodes',
      recipients: ['t15-v01', 't15-v02'],
      fields: [
        { key: 'f1', label: '走访户数', kind: 'number' },
        { key: 'f2', label: '存在问题', kind: 'text', required: false },
      ],
    });
    expect(form).toMatchObject({ ok: true, data: { applicantName: '翠林山村等 2 个单位' } });
    const mine = `${form.data._id}-t15-v01`;
    await act(COLLECTOR, mine, 'sign');
    expect(await act(COLLECTOR, mine, 'report', { inputs: { report: { answers: { f2: '无' } } } })).toMatchObject({
      field: 'inputs.report.answers.f1',
      message: '请填写“走访户数”',
    });
    expect(await act(COLLECTOR, mine, 'report', { inputs: { report: { answers: { f1: '十二' } } } })).toMatchObject({
      field: 'inputs.report.answers.f1',
    });
    expect(
      await act(COLLECTOR, mine, 'report', { inputs: { report: { answers: { f1: '3', f9: 'x' } } } }),
    ).toMatchObject({ field: 'inputs.report.answers.f9' });
    const p = await photo(COLLECTOR, mine);
    expect(
      await act(COLLECTOR, mine, 'report', { inputs: { report: { answers: { f1: '3' }, photos: [p] } } }),
    ).toMatchObject({ field: 'inputs.report.photos' });
    const doc = await uploadAs(cloud, COLLECTOR, '台账');
    const ok = await act(COLLECTOR, mine, 'report', { inputs: { report: { answers: { f1: '12' }, files: [doc] } } });
    expect(ok.data.timeline.at(-1).details).toEqual(['办理情况：填报 1 项；材料 1 个']);

    const notice = await issue(TOWN, {
      kind: 'notice',
      title: '防汛值班通知',
      reach: 'nodes',
      recipients: ['t15-v01'],
    });
    const signed = await act(COLLECTOR, `${notice.data._id}-t15-v01`, 'sign');
    expect(signed.data).toMatchObject({ status: 'done', statusLabel: '已完成' });
  });

  it('turns yellow 3 days before the deadline and red after it; extensions only before, approved with the date', async () => {
    const soon = await issue(ADMIN, {
      title: '节前安全检查',
      deadline: chinaDay(2),
      reach: 'nodes',
      recipients: ['t15-v01'],
    });
    const id = `${soon.data._id}-t15-v01`;
    const row = async () =>
      (await tasks(ADMIN, 'board', { taskId: soon.data._id })).data.towns[0].rows[0] as Record<string, string>;
    expect(await row()).toMatchObject({ light: 'yellow', lightLabel: '临近截止' });
    await act(COLLECTOR, id, 'sign');
    expect(
      await act(COLLECTOR, id, 'request_extension', {
        inputs: { extension: { newDate: chinaDay(1), reason: '连日降雨' } },
      }),
    ).toMatchObject({ field: 'inputs.extension.newDate' });
    const asked = await act(COLLECTOR, id, 'request_extension', {
      inputs: { extension: { newDate: chinaDay(6), reason: '连日降雨无法入户' } },
    });
    expect(asked.data.statusLabel).toBe('延期待批');
    expect((await row()).note).toBe(`申请延期至 ${chinaDay(6)}`);
    expect(
      (await act(COLLECTOR, id, 'approve_extension', { inputs: { approval: { newDate: chinaDay(6) } } })).code,
    ).toBe('FORBIDDEN');
    await act(ADMIN, id, 'approve_extension', { inputs: { approval: { newDate: chinaDay(5) } } });
    expect(await row()).toMatchObject({ deadline: chinaDay(5), light: 'green', note: `已延期至 ${chinaDay(5)}` });

    // Six days on: red, and a request after the deadline is refused.
    process.env.UNION_CLOCK_OFFSET_MS = String(6 * DAY);
    expect(await row()).toMatchObject({ light: 'red', lightLabel: '已逾期' });
    expect(
      await act(COLLECTOR, id, 'request_extension', {
        inputs: { extension: { newDate: chinaDay(20), reason: '仍在降雨' } },
      }),
    ).toMatchObject({ code: 'PRECONDITION_FAILED' });
    delete process.env.UNION_CLOCK_OFFSET_MS;
  });

  it('reminds with one tap (once a day), from the timer only through the timer, and exports the board', async () => {
    expect((await tasks(TOWN, 'remind', { taskId: visitId })).code).toBe('NOT_FOUND');
    const first = await tasks(ADMIN, 'remind', { taskId: visitId });
    expect(first.data).toEqual({ reminded: 12, skipped: 0 });
    expect((await tasks(ADMIN, 'remind', { taskId: visitId })).data).toEqual({ reminded: 0, skipped: 12 });
    const db = cloud.sdkApp().database();
    const sent = await db
      .collection('notifications')
      .where({ caseId: `${visitId}-t15-v03` })
      .get();
    const to = sent.data.map((n: { touser: string }) => n.touser);
    expect(to).toEqual(expect.arrayContaining(['demo-collector-t15-v03', TOWN]));

    // The timer is not callable from a phone: the scheduler's run is city-admin only, its timer entry trusted only.
    expect((await callAs(cloud, COLLECTOR, 'scheduler', 'run', { task: 'tasks' })).code).toBe('FORBIDDEN');
    const viaClient = await cloud.callFunction(
      'scheduler',
      { Type: 'Timer', TriggerName: 'timer' },
      { openid: COLLECTOR },
    );
    expect((viaClient.result as CallResult).ok).not.toBe(true);
    process.env.UNION_CLOCK_OFFSET_MS = String(8 * DAY);
    const run = await callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'tasks' });
    expect(run.data.tasks.reminded).toBeGreaterThan(0);
    const again = await callAs(cloud, ADMIN, 'scheduler', 'run', { task: 'tasks' });
    expect(again.data.tasks.reminded).toBe(0);
    delete process.env.UNION_CLOCK_OFFSET_MS;

    expect((await tasks(COLLECTOR, 'export', { taskId: visitId })).code).toBe('NOT_FOUND');
    const out = await tasks(ADMIN, 'export', { taskId: visitId });
    expect(out.data.fileName).toMatch(/^任务完成情况-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const res = await fetch(out.data.url);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('完成情况')!;
    expect(sheet.rowCount).toBe(15);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '乡镇',
      '村/单位',
      '办理状态',
      '督办',
      '是否签收',
      '截止日期',
      '备注',
    ]);
    expect(sheet.getRow(2).getCell(3).value).toBe('已完成');
  });
});
