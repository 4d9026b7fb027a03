/**
 * A wage special contract (工资专项集体合同) from the offer to its expiry on a fake clock, through the real SDKs: the
 * written answer within 20 days, the meeting within 10 working days of it, the data 5 working days before the
 * meeting, the draft (1 year), the workers' congress vote checked from its counts, the signatures, the filing
 * within 10 days with its pack, in force 15 days after filing without objection (the timer), publication within
 * 10 days, renewal from 60 days before expiry, expiry. Every countdown reminds the town (once when due soon, once a
 * day when late). And the attacks: another town's enterprise, a replayed vote, a smuggled form, the timer's steps
 * from a client.
 */
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { ADMIN, COLLECTOR, DAY, OTHER_TOWN, TOWN, addUnits, agreementCalls, dayClock } from '../support/agreements';
import { addDays, calendarFrom } from '../../common/china-time';
import { inForceOn, workingDaysAfter, workingDaysBefore } from '../../domain/agreements/rules';

jest.setTimeout(300_000);

const NO_HOLIDAYS = calendarFrom([]);
/** The functions' clock, moved by whole days after the test's start. */
const clock = dayClock();
const clockAt = clock.at;
const today = clock.today;

describe('a wage special contract from the offer to its expiry', () => {
  let cloud: TestCloud;
  const { cases, agreements, act, timer, rid } = agreementCalls(() => cloud, 'agr');
  const offer = (openid: string, form: Record<string, unknown> = {}) =>
    cases(
      openid,
      'submit',
      {
        type: 'collective_contract',
        form: {
          kind: 'wage',
          unitId: 'unit-t15-a',
          offeredBy: 'union',
          offeredOn: today(),
          summary: '就 2027 年度职工工资增长幅度、最低工资标准开展工资集体协商',
          ...form,
        },
      },
      rid(),
    );
  const remindersTo = async (caseId: string) => {
    const sent = await cloud
      .sdkApp()
      .database()
      .collection('notifications')
      .where({ caseId, purpose: 'staff_reminder' })
      .get();
    return sent.data as { touser: string; data: Record<string, { value: string }> }[];
  };

  let caseId = '';
  let votedOn = '';
  let filedOn = '';
  let start = '';

  beforeAll(async () => {
    clockAt(0);
    cloud = await startSeededCloud();
    subscribeAll(cloud, [TOWN, OTHER_TOWN, COLLECTOR, ADMIN]);
    const enterprise = { employees: 260, womenEmployees: 90 };
    await addUnits(cloud, [
      {
        id: 'unit-t15-a',
        name: '松滋示例机械有限公司',
        creditCode: '91421087MA0000001X',
        townId: 't15',
        ...enterprise,
      },
      {
        id: 'unit-t14-a',
        name: '松滋示例纺织有限公司',
        creditCode: '91421087MA0000002X',
        townId: 't14',
        ...enterprise,
      },
    ]);
    start = today();
  });
  afterAll(async () => {
    clock.reset();
    await cloud?.close();
  });

  it('lets the town record an offer for its own enterprise only, one contract of a kind at a time', async () => {
    expect((await offer(COLLECTOR)).code).toBe('FORBIDDEN');
    expect((await offer('demo-migrant-1')).code).toBe('FORBIDDEN');
    // Another town's enterprise is answered as if it did not exist.
    expect(await offer(OTHER_TOWN)).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form.unitId' });
    expect(await offer(TOWN, { offeredOn: addDays(start, 1) })).toMatchObject({ field: 'form.offeredOn' });
    const made = await offer(TOWN);
    expect(made).toMatchObject({ ok: true, data: { status: 'offered', statusLabel: '待书面回应' } });
    expect(made.data.applicantName).toBe('松滋示例机械有限公司');
    caseId = made.data._id;
    const again = await offer(TOWN);
    expect(again).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect(again.message).toContain('已有工资专项集体合同（待书面回应）');
    // Another town neither sees it nor its outline.
    expect((await cases(OTHER_TOWN, 'get', { caseId })).code).toBe('NOT_FOUND');
    expect((await agreements(OTHER_TOWN, 'outline', { caseId })).code).toBe('NOT_FOUND');
    expect((await agreements(COLLECTOR, 'outline', { caseId })).code).toBe('NOT_FOUND');
    const outline = await agreements(TOWN, 'outline', { caseId });
    expect(outline.data.countdowns).toEqual([
      { key: 'answer', label: '书面回应要约', dueOn: addDays(start, 20), words: '还剩 20 天', overdue: false },
    ]);
    // The city sees it too.
    expect((await agreements(ADMIN, 'outline', { caseId })).data.statusLabel).toBe('待书面回应');
  });

  it('reminds the town 3 days before the answer is due, once; then once a day while it is late', async () => {
    clockAt(16);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 0 });
    clockAt(17);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 1 });
    expect((await timer()).data.agreements).toMatchObject({ reminded: 0 });
    let sent = await remindersTo(caseId);
    expect(sent.map((n) => n.touser)).toEqual([TOWN]);
    expect(sent[0].data.phrase2.value).toBe('即将到期');
    clockAt(21);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 1 });
    expect((await timer()).data.agreements).toMatchObject({ reminded: 0 });
    clockAt(22);
    expect((await timer()).data.agreements).toMatchObject({ reminded: 1 });
    sent = await remindersTo(caseId);
    expect(sent.map((n) => n.data.phrase2.value)).toEqual(['即将到期', '已逾期', '已逾期']);
    const outline = await agreements(TOWN, 'outline', { caseId });
    expect(outline.data.countdowns[0]).toMatchObject({ words: '已逾期 2 天', overdue: true });
  });

  it('takes the answer and the wage meeting within 10 working days, the data 5 working days before it', async () => {
    // A smuggled form rides on no step.
    const smuggled = await act(TOWN, caseId, 'answer', {
      form: { kind: 'comprehensive' },
      inputs: { answer: { answeredOn: today(), agreed: true, content: '同意协商' } },
    });
    expect(smuggled).toMatchObject({ code: 'INVALID_INPUT', field: 'form' });
    expect(
      await act(TOWN, caseId, 'answer', {
        inputs: { answer: { answeredOn: addDays(today(), 1), agreed: true, content: '同意协商' } },
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.answer.answeredOn' });
    const answered = await act(TOWN, caseId, 'answer', {
      inputs: { answer: { answeredOn: today(), agreed: true, content: '企业同意开展工资集体协商' } },
    });
    expect(answered.data.status).toBe('negotiating');
    const limit = workingDaysAfter(today(), 10, NO_HOLIDAYS);
    let outline = await agreements(TOWN, 'outline', { caseId });
    expect(outline.data.countdowns[0]).toMatchObject({ key: 'meeting', dueOn: limit });

    expect(
      await act(TOWN, caseId, 'plan_meeting', {
        inputs: { meeting: { meetingOn: addDays(limit, 1), place: '公司会议室' } },
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.meeting.meetingOn' });
    await act(TOWN, caseId, 'plan_meeting', { inputs: { meeting: { meetingOn: limit, place: '公司会议室' } } });
    outline = await agreements(TOWN, 'outline', { caseId });
    expect(outline.data.countdowns[0]).toMatchObject({ key: 'data', dueOn: workingDaysBefore(limit, 5, NO_HOLIDAYS) });

    // No draft of wage talks before the enterprise's data are on record.
    const early = await act(TOWN, caseId, 'submit_draft', { inputs: { draft: draft(today(), 1) } });
    expect(early).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(early.message).toBe('工资集体协商须先登记企业提供的工资和财务资料');
    await act(TOWN, caseId, 'hand_over_data', {
      inputs: { data: { handedOverOn: today(), items: '上年度工资总额、职工平均工资、利润表' } },
    });
    expect((await agreements(TOWN, 'outline', { caseId })).data.countdowns).toEqual([]);
  });

  const draft = (on: string, termYears: number) => ({
    draftedOn: on,
    startsOn: addDays(on, 30),
    termYears,
    unionChief: '王测试',
    enterpriseChief: '李测试',
    highlights: '2027 年职工工资平均增长 6%，最低工资不低于当地标准 120%',
  });

  it('takes a one-year draft, and refuses a longer term for wages', async () => {
    clockAt(clock.days() + 8);
    expect(await act(TOWN, caseId, 'submit_draft', { inputs: { draft: draft(today(), 2) } })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'inputs.draft.termYears',
      message: '工资专项集体合同期限为 1 年',
    });
    const drafted = await act(TOWN, caseId, 'submit_draft', { inputs: { draft: draft(today(), 1) } });
    expect(drafted.data.status).toBe('draft');
    expect((await agreements(TOWN, 'outline', { caseId })).data.countdowns[0]).toMatchObject({
      key: 'vote',
      dueOn: addDays(today(), 10),
    });
  });

  const vote = (present: number, inFavour: number) => ({
    heldOn: today(),
    delegatesTotal: 30,
    present,
    inFavour,
    against: present - inFavour,
    abstain: 0,
  });

  it('checks the vote from its counts: no quorum records nothing, no majority of all delegates renegotiates', async () => {
    const noQuorum = await act(TOWN, caseId, 'record_vote', { inputs: { vote: vote(19, 19) } });
    expect(noQuorum).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '实到代表 19 人，不足全体代表 30 人的三分之二（至少 20 人），表决无效',
    });
    expect((await cases(TOWN, 'get', { caseId })).data.status).toBe('draft');
    const impossible = await act(TOWN, caseId, 'record_vote', { inputs: { vote: { ...vote(20, 16), against: 5 } } });
    expect(impossible).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.vote.inFavour' });

    const failed = await act(TOWN, caseId, 'record_vote', { inputs: { vote: vote(20, 15) } });
    expect(failed.data.status).toBe('negotiating');
    expect(failed.data.timeline.at(-1).details[0]).toContain(
      '赞成 15 票，未超过全体代表 30 人的半数（至少 16 票），草案未获通过，须重新协商',
    );
    await act(TOWN, caseId, 'submit_draft', { inputs: { draft: draft(today(), 1) } });
    const requestId = rid();
    const passed = await act(TOWN, caseId, 'record_vote', { inputs: { vote: vote(20, 16) } }, requestId);
    expect(passed.data.status).toBe('approved');
    votedOn = today();

    // A replayed vote: the same request answers its first result; a new one cannot vote again.
    const version = passed.data.version;
    const replay = await cases(
      TOWN,
      'act',
      { caseId, action: 'record_vote', version: version - 1, inputs: { vote: vote(20, 16) } },
      requestId,
    );
    expect(replay.data.version).toBe(version);
    const again = await act(TOWN, caseId, 'record_vote', { inputs: { vote: vote(30, 30) } });
    expect(again).toMatchObject({ ok: false, code: 'PRECONDITION_FAILED' });
    expect((await cases(TOWN, 'get', { caseId })).data.version).toBe(version);
  });

  it('takes the signatures, the filing within 10 days and hands over the filing pack', async () => {
    const signedOn = today();
    await act(TOWN, caseId, 'sign', { inputs: { signing: { signedOn } } });
    expect((await agreements(TOWN, 'outline', { caseId })).data.countdowns[0]).toMatchObject({
      key: 'filing',
      dueOn: addDays(signedOn, 10),
    });
    clockAt(clock.days() + 3);
    filedOn = today();
    const filed = await act(TOWN, caseId, 'file', {
      inputs: {
        filing: { filedOn, office: '松滋市人力资源和社会保障局', channel: 'counter', receiptNo: 'SZ-2026-001' },
      },
    });
    expect(filed.data.statusLabel).toBe('人社部门审查中');

    expect((await agreements(OTHER_TOWN, 'filingPack', { caseId })).code).toBe('NOT_FOUND');
    const pack = await agreements(TOWN, 'filingPack', { caseId });
    expect(pack.data.fileName).toMatch(/^工资专项集体合同报送材料-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await fetch(pack.data.url)).arrayBuffer()) as unknown as ArrayBuffer);
    const list = wb.getWorksheet('报送材料清单')!;
    expect(list.rowCount).toBe(8);
    expect(list.getRow(6).values).toEqual([
      undefined,
      5,
      '职工代表大会决议（含出席人数和表决票数）',
      '已具备',
      '应到 30 人，实到 20 人；赞成 16 票，反对 4 票，弃权 0 票',
    ]);
    const votes = wb.getWorksheet('职代会表决')!;
    expect(votes.getRow(2).values).toEqual([undefined, votedOn, 30, 20, '66.7%', 16, 4, 0, '通过']);
    expect(wb.getWorksheet('合同基本情况')!.getRow(2).values).toEqual([
      undefined,
      '统一社会信用代码',
      '91421087MA0000001X',
    ]);
    const steps = wb.getWorksheet('协商过程')!;
    expect(steps.getRow(2).getCell(2).value).toBe('发出要约');
    const audit = await cloud
      .sdkApp()
      .database()
      .collection('audit_log')
      .where({ action: 'agreement.filingPack' })
      .get();
    expect(audit.data).toHaveLength(1);
  });

  it('comes into force only by the timer, the day after the 15-day review window', async () => {
    // The timer's steps are not a client's to take.
    expect(
      (await act(TOWN, caseId, 'take_effect', { inputs: { effect: { effectiveOn: inForceOn(filedOn) } } })).code,
    ).toBe('FORBIDDEN');
    expect((await callAs(cloud, TOWN, 'scheduler', 'run', { task: 'agreements' })).code).toBe('FORBIDDEN');
    const viaClient = await cloud.callFunction(
      'scheduler',
      { Type: 'Timer', TriggerName: 'overdueScan' },
      { openid: TOWN },
    );
    expect((viaClient.result as CallResult).ok).not.toBe(true);

    clockAt(clock.days() + 15);
    expect((await timer()).data.agreements.inForce).toBe(0);
    expect((await cases(TOWN, 'get', { caseId })).data.status).toBe('filed');
    clockAt(clock.days() + 1);
    expect(today()).toBe(inForceOn(filedOn));
    expect((await timer()).data.agreements.inForce).toBe(1);
    expect((await timer()).data.agreements.inForce).toBe(0);
    const inForce = await cases(TOWN, 'get', { caseId });
    expect(inForce.data.statusLabel).toBe('已生效，待向职工公布');
    expect(inForce.data.timeline.at(-1)).toMatchObject({ actorName: '系统' });
    expect((await agreements(TOWN, 'outline', { caseId })).data.countdowns[0]).toMatchObject({
      key: 'publish',
      dueOn: addDays(inForceOn(filedOn), 10),
    });
  });

  it('is published, opens renewal 60 days before expiry and ends when its term does', async () => {
    const published = await act(TOWN, caseId, 'publish', {
      inputs: { publication: { publishedOn: today(), method: '厂务公开栏张贴并在职工群发布' } },
    });
    expect(published.data.statusLabel).toBe('履行中');
    const outline = await agreements(TOWN, 'outline', { caseId });
    const endsOn = outline.data.countdowns.find((c: { key: string }) => c.key === 'expiry').dueOn as string;
    // A renewal before the window is refused; from 60 days before expiry it may start, naming the contract.
    const early = await offer(TOWN);
    expect(early.code).toBe('PRECONDITION_FAILED');
    expect(early.message).toContain(`期满前 60 天（${addDays(endsOn, -60)}）起可发起续签`);
    const toWindow = Math.round((Date.parse(addDays(endsOn, -60)) - Date.parse(today())) / DAY);
    clockAt(clock.days() + toWindow);
    expect((await timer()).data.agreements.reminded).toBe(1);
    expect((await offer(TOWN)).field).toBe('form.renews');
    const renewal = await offer(TOWN, { renews: caseId });
    expect(renewal.data.status).toBe('offered');

    clockAt(clock.days() + 60);
    expect((await timer()).data.agreements.expired).toBe(0);
    clockAt(clock.days() + 1);
    expect((await timer()).data.agreements.expired).toBe(1);
    expect((await cases(TOWN, 'get', { caseId })).data.statusLabel).toBe('已期满');
  });
  it('takes the labour department’s review opinion within the window and renegotiates (a safety contract)', async () => {
    const made = await offer(TOWN, { kind: 'safety', summary: '就危险岗位防护措施和安全生产投入开展协商' });
    const id = made.data._id as string;
    await act(TOWN, id, 'answer', { inputs: { answer: { answeredOn: today(), agreed: true, content: '同意协商' } } });
    // Only wage talks have the statutory meeting and data steps.
    expect((await agreements(TOWN, 'outline', { caseId: id })).data.countdowns).toEqual([]);
    await act(TOWN, id, 'submit_draft', {
      inputs: { draft: { ...draft(today(), 3), highlights: '高温岗位轮岗，防护用品每季度更换' } },
    });
    await act(TOWN, id, 'record_vote', { inputs: { vote: vote(30, 25) } });
    await act(TOWN, id, 'sign', { inputs: { signing: { signedOn: today() } } });
    const on = today();
    await act(TOWN, id, 'file', {
      inputs: { filing: { filedOn: on, office: '松滋市人力资源和社会保障局', channel: 'online' } },
    });
    clockAt(clock.days() + 16);
    const late = await act(TOWN, id, 'record_objection', {
      inputs: { opinion: { receivedOn: today(), opinion: '条款不全' } },
    });
    expect(late).toMatchObject({ code: 'INVALID_INPUT', field: 'inputs.opinion.receivedOn' });
    const opinion = await act(TOWN, id, 'record_objection', {
      inputs: {
        opinion: { receivedOn: addDays(on, 12), opinion: '缺少危险岗位人数和防护措施的具体内容，请补充后重新报送' },
      },
    });
    expect(opinion.data.status).toBe('negotiating');
    // The timer does not put a contract under review opinion in force.
    expect((await timer()).data.agreements.inForce).toBe(0);
    const pack = await agreements(TOWN, 'outline', { caseId: id });
    expect(pack.data.pack.find((p: { item: string }) => p.item.startsWith('安全生产情况说明'))).toMatchObject({
      onRecord: false,
      detail: '需另附',
    });
  });
});
