/** Staff workbench: entries by role; the queue with filters and overdue badges; a case with only allowed actions. */
import type { StaffView } from '@union/contracts';
import { fail, loadPage, ok, type ApiTable, type Rendered } from './support';
import { available, caseDetail, caseSummary, smallGrid, caseTypeInfos } from './fixtures';

const staff = (role: StaffView['role']): StaffView => ({
  staffId: 's1',
  name: '李四',
  role,
  gridNodeId: 't02',
  gridName: '万家乡',
  gridPath: ['city', 't02'],
  active: true,
  since: '2026-01-01T00:00:00.000Z',
});

describe('workbench home', () => {
  it('should give a collector the queue, dashboard, inbox, library, people, registry, received-task and post entries only', async () => {
    const page = loadPage('staff/pages/home/index', {
      api: { 'staff.myRoles': ok({ staff: staff('village_collector'), hasProfile: true }) },
    });
    await page.settle();
    expect(page.count('.entry')).toBe(8);
    expect(page.exists('.entry-people')).toBe(true);
    expect(page.exists('.entry-registry')).toBe(true);
    expect(page.exists('.entry-dashboard')).toBe(true);
    expect(page.exists('.entry-tasks')).toBe(true);
    expect(page.exists('.entry-posts')).toBe(true);
    expect(page.exists('.entry-invitations')).toBe(false);
  });

  it('should give the city administrator rounds, notices and payments', async () => {
    const page = loadPage('staff/pages/home/index', {
      api: { 'staff.myRoles': ok({ staff: staff('city_admin'), hasProfile: true }) },
    });
    await page.settle();
    for (const key of [
      'queue',
      'inbox',
      'people',
      'invitations',
      'rounds',
      'notices',
      'payments',
      'requests',
      'incidents',
      'tasks',
      'posts',
    ])
      expect(page.exists(`.entry-${key}`)).toBe(true);
    await page.tap('.entry-inbox');
    expect(page.wx.navigations[0].url).toBe('/staff/pages/queue/index?type=consultation');
    expect(page.wx.subscribeRequests).toEqual([['STAFF_TODO_TEMPLATE_ID']]);
  });

  it('should tell a non-staff person how to become staff', async () => {
    const page = loadPage('staff/pages/home/index', {
      api: { 'staff.myRoles': ok({ staff: null, hasProfile: true }) },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('我有邀请码');
  });
});

const queueCalls = (page: Rendered) => page.wx.calls.filter((c) => c.action === 'queue');

describe('queue', () => {
  const queue = (extra: ApiTable = {}) =>
    loadPage('staff/pages/queue/index', {
      api: {
        'cases.types': ok({ types: caseTypeInfos() }),
        'grid.tree': ok(smallGrid()),
        'cases.queue': ok({
          items: [
            caseSummary({ overdue: true, overdueCount: 1 }),
            caseSummary({
              _id: 'c2',
              type: 'consultation',
              typeTitle: '咨询',
              waitingMinutes: 130,
              waitingSince: '2026-11-30T00:00:00.000Z',
            }),
          ],
          nextCursor: null,
        }),
        ...extra,
      },
    });

  it('should mark overdue cases and show how long a question has waited', async () => {
    const page = queue();
    await page.settle();
    expect(queueCalls(page)[0].input).toEqual({ limit: 20 });
    expect(page.count('.overdue-badge')).toBe(1);
    expect(page.text()).toContain('已等待 2 小时');
    await page.tap('.queue-item');
    expect(page.wx.navigations[0].url).toBe('/staff/pages/case/index?id=c1');
  });

  it('should tell two look-alike applications apart by who applied, where they live and how long they wait', async () => {
    const page = queue();
    await page.settle();
    expect(page.text()).toContain('张* · 南海镇示例村');
    expect(page.text()).toMatch(/已等待 \d+ 天/);
  });

  it('should filter by type and overdue', async () => {
    const page = queue();
    await page.settle();
    await page.tap('.type-appeal');
    await page.tap('.filter-overdue');
    expect(queueCalls(page)[2].input).toEqual({ limit: 20, type: 'appeal', overdue: true });
  });

  it('should filter by town', async () => {
    const page = queue();
    await page.settle();
    await page.fire('#town >>> .pick-town', 'change', { value: '1' });
    expect(queueCalls(page).pop()?.input).toEqual({ limit: 20, townId: 't02' });
    await page.tap('.clear-town');
    expect(queueCalls(page).pop()?.input).toEqual({ limit: 20 });
  });

  it('should open as the consultation inbox and say when it is empty', async () => {
    const page = loadPage('staff/pages/queue/index', {
      query: { type: 'consultation' },
      api: {
        'cases.types': ok({ types: caseTypeInfos() }),
        'grid.tree': ok(smallGrid()),
        'cases.queue': ok({ items: [], nextCursor: null }),
      },
    });
    await page.settle();
    expect(queueCalls(page)[0].input).toEqual({ limit: 20, type: 'consultation' });
    expect(page.text()).toContain('没有待办事项');
  });

  it('should explain a refusal for non-staff', async () => {
    const page = queue({ 'cases.queue': fail('FORBIDDEN', 'x') });
    await page.settle();
    expect(page.text()).toContain('只有工作人员可以查看待办事项。');
  });
});

describe('staff case page', () => {
  const detail = caseDetail({
    form: {
      category: 'wage_arrears',
      facts: '拖欠三个月工资',
      employer: '某建筑公司',
      workCity: '武汉',
      contactPreference: 'phone',
      amountOwedFen: 1200000,
      attachments: ['cloud://env.b/a.jpg'],
    },
    // The server describes the form from the type's declaration (domain/cases/submission.ts).
    submission: [
      { key: 'facts', label: '事实经过', value: '拖欠三个月工资', kind: 'longtext' },
      { key: 'amountOwedFen', label: '被拖欠的工资', value: '12,000.00 元', kind: 'text' },
      { key: 'attachments', label: '照片和材料', value: '', kind: 'files', files: ['cloud://env.b/a.jpg'] },
    ],
    contact: { name: '张*', phoneMasked: '138****5678' },
    availableActions: [
      available('accept', '受理'),
      available('refuse', '不予通过', ['reason']),
      available('reply', '答复', ['comment']),
    ],
  });
  const photo = {
    fileID: 'cloud://env.b/a.jpg',
    field: 'form.attachments.0',
    label: '照片或材料 1',
    kind: 'image' as const,
    url: 'http://127.0.0.1/storage/uploads/a.jpg?e=1&sign=s',
    expiresAt: '2099-01-01T00:00:00.000Z',
  };
  const load = (api: ApiTable) =>
    loadPage('staff/pages/case/index', {
      query: { id: 'c1' },
      api: { 'cases.get': ok(detail), 'cases.files': ok({ files: [photo] }), ...api },
    });

  it('should show the form and exactly the actions the server allows', async () => {
    const page = load({});
    await page.settle();
    expect(page.text()).toContain('12,000.00 元');
    expect(page.text()).toContain('拖欠三个月工资');
    expect(page.count('#submission >>> .thumb')).toBe(1);
    // The photo opens through the function's short-lived link (never the cloud:// id the staff member cannot read).
    expect(page.wx.calls.find((c) => c.action === 'files')).toMatchObject({ name: 'cases', input: { caseId: 'c1' } });
    await page.tap('#submission >>> .thumb');
    expect(page.wx.previews).toEqual([{ urls: [photo.url], current: photo.url }]);
    expect(page.count('#actions >>> .action-btn')).toBe(2);
    expect(page.exists('#actions >>> .action-accept')).toBe(true);
    expect(page.exists('#actions >>> .action-refuse')).toBe(true);
    expect(page.exists('#actions >>> .action-approve')).toBe(false);
    expect(page.exists('.reply-input')).toBe(true);
  });

  it('should show the applicant’s phone masked, reveal it in full on a tap, then call it', async () => {
    const page = load({ 'cases.revealPhone': ok({ phone: '13800005678' }) });
    await page.settle();
    expect(page.text()).toContain('138****5678');
    expect(page.text()).not.toContain('13800005678');
    await page.tap('#submission >>> .reveal');
    expect(page.wx.calls.find((c) => c.action === 'revealPhone')).toEqual({
      name: 'cases',
      action: 'revealPhone',
      input: { caseId: 'c1' },
    });
    expect(page.text()).toContain('13800005678');
    const calls: string[] = [];
    (globalThis as unknown as { wx: { makePhoneCall(o: { phoneNumber: string }): void } }).wx.makePhoneCall = (o) =>
      void calls.push(o.phoneNumber);
    await page.tap('#submission >>> .call');
    expect(calls).toEqual(['13800005678']);
  });

  it('should never show an English field name, an id or a hash of the form', async () => {
    const aid = caseDetail({
      type: 'hardship_aid',
      form: { applicationId: 'a'.repeat(32), programme: 'hardship_aid', amountFen: 500000, seal: 'f'.repeat(64) },
      submission: [{ key: 'amountFen', label: '拟资助金额', value: '5,000.00 元', kind: 'text' }],
    });
    const page = load({ 'cases.get': ok(aid) });
    await page.settle();
    expect(page.text()).toContain('拟资助金额5,000.00 元');
    expect(page.text()).not.toMatch(/applicationId|programme|amountFen|seal|hardship_aid|aaaaaaaa|ffffffff/);
  });

  it('should open an action’s panel as a sheet over the page, the first field ready to type in', async () => {
    const page = load({});
    await page.settle();
    await page.tap('#actions >>> .action-refuse');
    expect(page.exists('#actions >>> .sheet')).toBe(true);
    expect(page.exists('#actions >>> .sheet-mask')).toBe(true);
    const actions = page.instance.selectComponent('#actions') as { data: { panel: { focus: string } } };
    expect(actions.data.panel.focus).toBe('reason');
    // Tapping beside the sheet closes it.
    await page.tap('#actions >>> .sheet-mask');
    expect(page.exists('#actions >>> .sheet')).toBe(false);
  });

  it('should refuse only with a reason, sending the version seen', async () => {
    const page = load({
      'cases.act': (input) =>
        ok(caseDetail({ status: 'refused', statusLabel: '不予受理', open: false, version: input.version + 1 })),
    });
    await page.settle();
    await page.tap('#actions >>> .action-refuse');
    await page.tap('#actions >>> .panel-confirm');
    expect(page.text()).toContain('请写明理由');
    await page.type('#actions >>> .panel-reason', '不属于工会受理范围');
    await page.tap('#actions >>> .panel-confirm');
    const act = page.wx.calls.find((c) => c.action === 'act');
    expect(act?.input).toEqual({ caseId: 'c1', version: 3, action: 'refuse', reason: '不属于工会受理范围' });
    expect(page.text()).toContain('不予受理');
    expect(page.count('#actions >>> .action-btn')).toBe(0);
  });

  describe('transfer', () => {
    const transferable = { ...detail, availableActions: [available('transfer', '转办', ['targetNode'])] };
    const open = () =>
      load({
        'cases.get': ok(transferable),
        'grid.tree': ok(smallGrid()),
        'cases.act': (input) => ok(caseDetail({ nodeId: input.targetNodeId, version: input.version + 1 })),
      });

    it('should transfer to a town, for escalation or between towns', async () => {
      const page = open();
      await page.settle();
      await page.tap('#actions >>> .action-transfer');
      await page.settle();
      expect(page.text()).toContain('只选乡镇即转到乡镇');
      await page.tap('#actions >>> .panel-confirm');
      expect(page.text()).toContain('请选择转到哪里');
      await page.fire('#actions >>> #target >>> .pick-town', 'change', { value: '1' });
      expect(page.text()).toContain('不选村：转到乡镇（街道）本级');
      await page.tap('#actions >>> .panel-confirm');
      const act = page.wx.calls.find((c) => c.action === 'act');
      expect(act?.input).toEqual({ caseId: 'c1', version: 3, action: 'transfer', targetNodeId: 't02' });
    });

    it('should transfer to a village of the chosen town', async () => {
      const page = open();
      await page.settle();
      await page.tap('#actions >>> .action-transfer');
      await page.settle();
      await page.fire('#actions >>> #target >>> .pick-town', 'change', { value: '0' });
      await page.fire('#actions >>> #target >>> .pick-village', 'change', { value: '1' });
      await page.tap('#actions >>> .panel-confirm');
      const act = page.wx.calls.find((c) => c.action === 'act');
      expect(act?.input).toMatchObject({ action: 'transfer', targetNodeId: 't01-v02' });
    });
  });

  it('should reply in the thread', async () => {
    const page = load({ 'cases.act': ok(detail) });
    await page.settle();
    await page.type('.reply-input', '已联系单位，三日内答复');
    await page.tap('.send');
    expect(page.wx.calls.find((c) => c.action === 'act')?.input).toEqual({
      caseId: 'c1',
      version: 3,
      action: 'reply',
      comment: '已联系单位，三日内答复',
    });
  });

  it('should release held content', async () => {
    const page = load({ 'cases.get': ok({ ...detail, held: true }), 'cases.release': ok(detail) });
    await page.settle();
    await page.tap('.release');
    expect(page.wx.calls.find((c) => c.action === 'release')).toMatchObject({ input: { caseId: 'c1' } });
    expect(page.exists('.held')).toBe(false);
  });

  it('should not reveal a case outside my scope', async () => {
    const page = load({ 'cases.get': fail('NOT_FOUND', 'x') });
    await page.settle();
    expect(page.text()).toContain('不在您的管辖范围内');
  });
});
