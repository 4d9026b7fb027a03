/** The applicant's case page: the timeline step by step, the thread, only the offered actions. */
import { fail, loadPage, ok, type Answer, type ApiTable } from './support';
import { available, caseDetail, step } from './fixtures';

const load = (api: ApiTable) => loadPage('pages/case/index', { query: { id: 'c1' }, api });

describe('case page', () => {
  it('should show each step of the timeline with who and when, then what happens next', async () => {
    const page = load({ 'cases.get': ok(caseDetail({ status: 'in_progress', statusLabel: '办理中' })) });
    await page.settle();
    expect(page.wx.calls[0]).toEqual({ name: 'cases', action: 'get', input: { caseId: 'c1' } });
    expect(page.count('#timeline >>> .step')).toBe(3); // two steps + next
    const text = page.text();
    expect(text).toContain('提交 · 待受理');
    expect(text).toContain('张*（申请人） · 2026-11-30 10:00');
    expect(text).toContain('受理 · 办理中');
    expect(text).toContain('李*（乡镇工作人员） · 2026-11-30 11:00');
    expect(text).toContain('已联系单位');
    // Deadlines read as a day of the week (issue 12 item 6), the year only when it is not this year.
    expect(text).toMatch(/办理中：等待南海镇工作人员办理，(2026年)?12月3日（周四）17:00 前/);
  });

  it('should show me everything I submitted, in words', async () => {
    const page = load({ 'cases.get': ok(caseDetail()) });
    await page.settle();
    const text = page.text();
    expect(text).toContain('我提交的内容');
    expect(text).toContain('事实经过老板拖欠三个月工资未发');
    expect(text).toContain('用人单位某建筑公司');
    expect(text).toContain('希望的联系方式电话联系');
    expect(text).not.toContain('contactPreference');
  });

  it('should show a reply once: in the thread, its step only noting it', async () => {
    const replied = caseDetail({
      timeline: [
        step(1),
        step(2, { action: 'accept', actionLabel: '受理', to: 'handling', toLabel: '办理中', role: 'town_staff' }),
        step(3, {
          action: 'reply',
          actionLabel: '答复',
          to: 'replied',
          toLabel: '已答复',
          role: 'town_staff',
          actorName: '李*',
          comment: '已联系单位，本周内结清',
          inThread: true,
        }),
        step(4, {
          action: 'request_info',
          actionLabel: '退回补充',
          to: 'info_requested',
          toLabel: '待补充材料',
          role: 'town_staff',
          comment: '请补充工资条',
        }),
      ],
      messages: [
        {
          _id: 'm3',
          seq: 3,
          author: 'staff',
          authorName: '李*',
          text: '已联系单位，本周内结清',
          at: '2026-11-30T05:00:00.000Z',
          held: false,
        },
        {
          _id: 'm4',
          seq: 4,
          author: 'staff',
          authorName: '李*',
          text: '请补充工资条',
          at: '2026-11-30T06:00:00.000Z',
          held: false,
        },
      ],
    });
    const page = load({ 'cases.get': ok(replied) });
    await page.settle();
    const count = (s: string) => page.text().split(s).length - 1;
    expect(count('已联系单位，本周内结清')).toBe(1);
    expect(count('请补充工资条')).toBe(1);
    expect(page.count('.msg')).toBe(1);
  });

  it('should offer no buttons when the server offers no actions', async () => {
    const page = load({ 'cases.get': ok(caseDetail()) });
    await page.settle();
    expect(page.count('#actions >>> .action-btn')).toBe(0);
    expect(page.exists('.composer')).toBe(false);
  });

  it('should rate a closed case with the chosen stars', async () => {
    const closed = caseDetail({
      open: false,
      status: 'closed',
      statusLabel: '已办结',
      availableActions: [available('rate', '评价', ['rating'])],
    });
    const page = load({
      'cases.get': ok(closed),
      'cases.act': (input) =>
        ok(
          caseDetail({
            ...closed,
            version: 4,
            availableActions: [],
            rating: { score: input.rating?.score ?? 0, satisfied: true },
          }),
        ),
    });
    await page.settle();
    expect(page.count('#actions >>> .action-btn')).toBe(1);
    await page.tap('#actions >>> .action-rate');
    await page.tap('#actions >>> .panel-confirm');
    expect(page.text()).toContain('请点星星打分');
    await page.tap('#actions >>> .star-4');
    await page.tap('#actions >>> .panel-confirm');
    const act = page.wx.calls.find((c) => c.action === 'act');
    expect(act?.input).toEqual({ caseId: 'c1', version: 3, action: 'rate', rating: { score: 4, satisfied: true } });
    expect(act?.requestId).toBeTruthy();
    expect(page.text()).toContain('我的评价：★★★★☆ 满意');
    expect(page.wx.subscribeRequests).toHaveLength(1);
  });

  it('should send a message and keep it when sending fails', async () => {
    let answer: Answer<'cases.act'> = fail('INTERNAL', '网络不太好');
    const withComment = caseDetail({
      availableActions: [available('comment', '留言', ['comment']), available('withdraw', '撤回')],
    });
    const page = load({ 'cases.get': ok(withComment), 'cases.act': () => answer });
    await page.settle();
    expect(page.count('#actions >>> .action-btn')).toBe(1); // withdraw; comment is the message box
    await page.tap('.send');
    expect(page.text()).toContain('请先写下您要说的话');
    await page.type('.message-input', '请问什么时候有结果？');
    await page.tap('.send');
    expect(page.instance.data.text).toBe('请问什么时候有结果？');
    const firstId = page.wx.calls.find((c) => c.action === 'act')?.requestId;
    answer = ok(
      caseDetail({
        ...withComment,
        messages: [
          {
            // The message of step 3 (a comment): messages share their step's seq.
            _id: 'm1',
            seq: 3,
            author: 'applicant',
            authorName: '张*',
            text: '请问什么时候有结果？',
            at: '2026-11-30T04:00:00.000Z',
            held: false,
          },
        ],
      }),
    );
    await page.tap('.send');
    const acts = page.wx.calls.filter((c) => c.action === 'act');
    expect(acts[1].input).toMatchObject({ action: 'comment', comment: '请问什么时候有结果？' });
    expect(acts[1].requestId).toBe(firstId);
    expect(page.instance.data.text).toBe('');
    expect(page.count('.msg-mine')).toBe(1);
  });

  it('should let the applicant add information when staff asked for it', async () => {
    const asked = caseDetail({
      status: 'info_requested',
      statusLabel: '待补充材料',
      dueAt: null,
      availableActions: [available('resubmit', '补充后重新提交')],
    });
    const page = load({
      'cases.get': ok(asked),
      'cases.act': ok(caseDetail({ status: 'handling', statusLabel: '办理中' })),
    });
    await page.settle();
    expect(page.text()).toContain('请按要求补充材料后重新提交');
    await page.tap('.edit-form');
    expect(page.wx.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/appeal/index?resubmit=c1' }]);
    await page.tap('#actions >>> .action-resubmit');
    await page.tap('#actions >>> .panel-confirm');
    expect(page.text()).toContain('请填写说明');
    await page.type('#actions >>> .panel-comment', '已补充工资条');
    await page.tap('#actions >>> .panel-confirm');
    expect(page.wx.calls.find((c) => c.action === 'act')?.input).toEqual({
      caseId: 'c1',
      version: 3,
      action: 'resubmit',
      comment: '已补充工资条',
    });
  });

  it('should reload when someone else acted first', async () => {
    const page = load({
      'cases.get': ok(caseDetail({ availableActions: [available('withdraw', '撤回')] })),
      'cases.act': fail('CONFLICT', '已被处理'),
    });
    await page.settle();
    await page.tap('#actions >>> .action-withdraw');
    expect(page.wx.modals[0].content).toBe('确定要撤回吗？');
    expect(page.wx.calls.filter((c) => c.action === 'get')).toHaveLength(2);
    expect(page.wx.toasts).toContain('事项刚有新进展，已刷新');
  });

  it('should say when the case does not exist', async () => {
    const page = load({ 'cases.get': fail('NOT_FOUND', 'not found') });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('没有找到这件事项。');
  });
});
