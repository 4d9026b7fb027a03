/**
 * The shared screen behavior (`behaviors/screen.ts`) on the pages that use it: pull to refresh reloads and
 * stops the spinner, the status view's retry reloads, and a failed load shows the page's own words.
 */
import { fail, loadPage, ok, offline } from './support';
import { caseSummary } from './fixtures';

describe('screen behavior', () => {
  it('should reload my cases on pull to refresh, keep them on screen, and stop the spinner', async () => {
    let title = '欠薪 · 某建筑公司';
    const page = loadPage('pages/my-cases/index', {
      api: { 'cases.mine': () => ok({ items: [caseSummary({ title })], nextCursor: null }) },
    });
    await page.settle();
    expect(page.text()).toContain('欠薪 · 某建筑公司');
    title = '欠薪 · 另一家公司';
    page.instance.onPullDownRefresh();
    expect(page.instance.data.status).toBe('ready'); // what is on screen stays while it reloads
    expect(page.wx.stoppedPullDown).toBe(0);
    await page.settle();
    expect(page.wx.calls.filter((c) => c.action === 'mine')).toHaveLength(2);
    expect(page.text()).toContain('欠薪 · 另一家公司');
    expect(page.wx.stoppedPullDown).toBe(1);
  });

  it('should retry a failed load from the status view', async () => {
    let online = false;
    const page = loadPage('staff/pages/requests/index', {
      api: { 'people.listDataRequests': () => (online ? ok({ requests: [] }) : offline) },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('网络不太好');
    online = true;
    await page.tap('#status >>> .status-retry');
    expect(page.instance.data.status).toBe('empty');
    expect(page.wx.calls.filter((c) => c.action === 'listDataRequests')).toHaveLength(2);
  });

  it('should say in the page’s words when the thing is not there', async () => {
    const page = loadPage('pages/notice/index', {
      query: { id: 'n1' },
      api: { 'aid.notice': fail('NOT_FOUND', 'notice not found') },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('这份公示已经结束或不存在。');
    expect(page.text()).not.toContain('notice not found');
  });

  it('should show the server’s message for other failures', async () => {
    const page = loadPage('pages/case/index', {
      query: { id: 'c1' },
      api: { 'cases.get': fail('FORBIDDEN', '您不能查看这件事项') },
    });
    await page.settle();
    expect(page.text()).toContain('您不能查看这件事项');
  });

  it('should load a fresh-on-show screen again when it is shown again, not before its first load', async () => {
    const page = loadPage('pages/my-cases/index', {
      noLifecycle: true,
      api: { 'cases.mine': ok({ items: [caseSummary()], nextCursor: null }) },
    });
    page.instance.onShow();
    await page.settle();
    expect(page.wx.calls).toHaveLength(0);
    page.instance.onLoad({});
    await page.settle();
    page.instance.onShow(); // back from a case
    await page.settle();
    expect(page.wx.calls.filter((c) => c.action === 'mine')).toHaveLength(2);
  });
});
