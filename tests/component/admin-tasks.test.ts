/** City admin: deletion requests and failed side effects; collectors: home visits on aid cases. */
import { loadPage, ok } from './support';
import { available, caseDetail, smallGrid } from './fixtures';

describe('deletion requests', () => {
  it('should erase or refuse only with a note the person will see', async () => {
    const page = loadPage('staff/pages/requests/index', {
      api: {
        'grid.tree': ok(smallGrid()),
        'people.listDataRequests': ok({
          requests: [
            {
              requestId: 'd1',
              type: 'delete',
              personId: 'p1',
              name: '张*',
              homeVillageId: 't01-v01',
              reason: '不再需要',
              at: '2026-11-30T00:00:00.000Z',
            },
          ],
        }),
        'people.resolveDataRequest': (input) =>
          ok({
            requestId: input.requestId,
            type: 'delete',
            status: input.outcome,
            at: '2026-11-30T01:00:00.000Z',
            note: input.note,
          }),
      },
    });
    await page.settle();
    expect(page.text()).toContain('不再需要');
    // The person's village by name, never its node id (issue 12 item 7).
    expect(page.text()).toContain('张* · 南海镇 南1村');
    expect(page.text()).not.toContain('t01-v01');
    await page.tap('.handle');
    await page.tap('.erase');
    expect(page.text()).toContain('请填写处理说明');
    await page.type('.note', '已按申请删除');
    await page.tap('.erase');
    expect(page.wx.calls.find((c) => c.action === 'resolveDataRequest')?.input).toEqual({
      requestId: 'd1',
      outcome: 'done',
      note: '已按申请删除',
    });
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('没有待处理的删除申请');
  });
});

describe('incidents', () => {
  it('should list failed side effects and retry one', async () => {
    const incident = {
      _id: 'i1',
      kind: 'subscribe_message' as const,
      caseId: 'c1',
      status: 'failed' as const,
      attempts: 3,
      lastError: 'errcode 43101',
      createdAt: '2026-11-30T00:00:00.000Z',
      updatedAt: '2026-11-30T00:00:00.000Z',
    };
    const page = loadPage('staff/pages/incidents/index', {
      api: {
        'cases.incidents': ok({ items: [incident], nextCursor: null }),
        'cases.retryIncident': ok({ ...incident, status: 'sent', attempts: 4 }),
      },
    });
    await page.settle();
    // What it is and a way to the case, never the case's id (issue 12 item 7).
    expect(page.text()).toContain('进度通知');
    expect(page.text()).not.toContain('c1');
    await page.tap('.open-case');
    expect(page.wx.navigations.pop()).toEqual({ kind: 'navigateTo', url: '/staff/pages/case/index?id=c1' });
    await page.tap('.retry-incident');
    expect(page.wx.calls[1].input).toEqual({ incidentId: 'i1' });
    expect(page.text()).toContain('已发送');
    expect(page.exists('.retry-incident')).toBe(false);
  });
});

describe('home visit on an aid case', () => {
  it('should record the visit with date, findings and photos', async () => {
    // The card appears because the case type declares an action that takes a visit record (aid's record_visit).
    const recordVisit = {
      ...available('record_visit', '登记入户核实'),
      inputs: [{ name: 'visit', label: '入户核实记录', kind: 'visit' as const, required: true }],
    };
    const page = loadPage('staff/pages/case/index', {
      query: { id: 'a1' },
      api: {
        'cases.get': ok(caseDetail({ _id: 'a1', type: 'student_aid', form: {}, availableActions: [recordVisit] })),
        'cases.act': ok(caseDetail({ _id: 'a1', type: 'student_aid', form: {} })),
      },
    });
    await page.settle();
    await page.tap('.visit-open');
    await page.fire('#visit-date', 'change', { value: '2026-11-29' });
    await page.tap('.visit-save');
    expect(page.instance.data.visitErrors.findings).toBe('请填写走访情况');
    await page.type('#visit-findings', '家中两位老人，房屋破旧');
    await page.tap('#visit-photos >>> .upload-add');
    await page.settle();
    await page.tap('.visit-save');
    const call = page.wx.calls.find((c) => c.action === 'act');
    expect(call?.input).toEqual({
      caseId: 'a1',
      version: 3,
      action: 'record_visit',
      inputs: {
        visit: {
          visitedOn: '2026-11-29',
          findings: '家中两位老人，房屋破旧',
          photoFileIds: [`cloud://env.bucket/${page.wx.uploads[0].cloudPath}`],
        },
      },
    });
    expect(page.wx.toasts).toContain('已登记走访');
  });
});
