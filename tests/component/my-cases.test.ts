/** My cases: list with status, paging, empty and error states, opening a case. */
import { fail, loadPage, ok } from './support';
import { caseSummary } from './fixtures';

describe('my cases page', () => {
  it('should list my cases with their status and open one', async () => {
    const page = loadPage('pages/my-cases/index', {
      api: {
        'cases.mine': ok({
          items: [
            caseSummary(),
            caseSummary({
              _id: 'c2',
              title: '咨询 · 子女入学',
              typeTitle: '政策咨询',
              statusLabel: '已答复',
              open: false,
            }),
          ],
          nextCursor: null,
        }),
      },
    });
    await page.settle();
    expect(page.count('.case-item')).toBe(2);
    expect(page.text()).toContain('欠薪 · 某建筑公司');
    expect(page.text()).toContain('待受理');
    expect(page.text()).toContain('已答复');
    expect(page.text()).toContain('没有更多了');
    await page.tap('.case-item');
    expect(page.wx.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/case/index?id=c1' }]);
  });

  it('should load the next page when scrolled to the bottom', async () => {
    const page = loadPage('pages/my-cases/index', {
      api: {
        'cases.mine': (input) =>
          input.cursor
            ? ok({ items: [caseSummary({ _id: 'c2' })], nextCursor: null })
            : ok({ items: [caseSummary()], nextCursor: 'k1' }),
      },
    });
    await page.settle();
    page.instance.onReachBottom();
    await page.settle();
    expect(page.wx.calls.filter((c) => c.action === 'mine')[1].input).toEqual({ cursor: 'k1' });
    expect(page.count('.case-item')).toBe(2);
  });

  it('should list the objections I filed to a notice, with their status and the union’s answer', async () => {
    const objection = {
      objectionId: 'o1',
      noticeId: 'n1',
      entryId: 'e1',
      reason: '此人家境较好，不属于困难家庭',
      filedAt: '2026-11-21T02:00:00.000Z',
      noticeTitle: '2026年金秋助学拟资助名单公示',
      entryName: '张*三',
      entryPlace: '万家乡翠林山村',
    };
    const page = loadPage('pages/my-cases/index', {
      api: {
        'cases.mine': ok({ items: [], nextCursor: null }),
        'aid.myObjections': ok({
          items: [
            {
              ...objection,
              status: 'dismissed',
              reply: '经核实，该户符合条件',
              resolvedAt: '2026-11-23T02:00:00.000Z',
            },
            { ...objection, objectionId: 'o2', status: 'open', reply: null, resolvedAt: null },
          ],
        }),
      },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    expect(page.count('.objection-item')).toBe(2);
    const text = page.text();
    expect(text).toContain('2026年金秋助学拟资助名单公示');
    expect(text).toContain('对“张*三”（万家乡翠林山村）');
    expect(text).toContain('异议不成立');
    expect(text).toContain('工会答复（2026-11-23 10:00）：经核实，该户符合条件');
    expect(text).toContain('处理中');
    expect(text).toContain('工会正在核实');
    expect(text).not.toMatch(/\bn1\b|\be1\b|o1/);
  });

  it('should say there is nothing yet and offer to start an appeal', async () => {
    const page = loadPage('pages/my-cases/index', { api: { 'cases.mine': ok({ items: [], nextCursor: null }) } });
    await page.settle();
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('您还没有办过事项');
    await page.tap('.new-appeal');
    expect(page.wx.navigations[0].url).toBe('/pages/appeal/index');
  });

  it('should show the error with a retry', async () => {
    const page = loadPage('pages/my-cases/index', { api: { 'cases.mine': fail('INTERNAL', '服务暂时出了点问题') } });
    await page.settle();
    expect(page.text()).toContain('服务暂时出了点问题');
    expect(page.exists('#status >>> .status-retry')).toBe(true);
  });
});
