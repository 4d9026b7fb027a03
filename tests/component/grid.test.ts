/** The grid page: towns with village counts, expandable villages, refresh, error and empty states. */
import { fail, loadPage, offline, ok, type Answer } from './support';
import { gridTree } from './fixtures';

const tree = gridTree([
  ['南海镇', 3],
  ['万家乡', 2],
]);

describe('grid page', () => {
  it('should show every town with its village count after loading', async () => {
    const page = loadPage('pages/grid/index', { api: { 'grid.tree': ok({ root: tree, towns: 2, villages: 5 }) } });
    expect(page.instance.data.status).toBe('loading');
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    expect(page.wx.calls).toEqual([{ name: 'grid', action: 'tree', input: {} }]);
    expect(page.text()).toContain('松滋市的服务网格');
    expect(page.text()).toContain('共 2 个乡镇（街道），5 个村（社区）');
    expect(page.count('.town')).toBe(2);
    expect(page.text()).toContain('南海镇');
    expect(page.text()).toContain('3 个村（社区）');
  });

  it('should show a town’s villages when it is tapped and hide them on a second tap', async () => {
    const page = loadPage('pages/grid/index', { api: { 'grid.tree': ok({ root: tree, towns: 2, villages: 5 }) } });
    await page.settle();
    expect(page.count('.village')).toBe(0);
    await page.tap('.town-head');
    expect(page.count('.village')).toBe(3);
    expect(page.text()).toContain('南1村');
    await page.tap('.town-head');
    expect(page.count('.village')).toBe(0);
  });

  it('should show the error with a retry button that loads again', async () => {
    let answer: Answer<'grid.tree'> = offline;
    const page = loadPage('pages/grid/index', { api: { 'grid.tree': () => answer } });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('网络不太好');
    answer = ok({ root: tree, towns: 2, villages: 5 });
    await page.tap('#status >>> .status-retry');
    expect(page.instance.data.status).toBe('ready');
    expect(page.wx.calls).toHaveLength(2);
  });

  it('should show the server’s message when the function fails', async () => {
    const page = loadPage('pages/grid/index', { api: { 'grid.tree': fail('INTERNAL', '服务暂时不可用') } });
    await page.settle();
    expect(page.text()).toContain('服务暂时不可用');
  });

  it('should say so when there are no towns', async () => {
    const page = loadPage('pages/grid/index', {
      api: { 'grid.tree': ok({ root: gridTree([]), towns: 0, villages: 0 }) },
    });
    await page.settle();
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('还没有网格数据');
  });

  it('should reload on pull-down and stop the refresh indicator', async () => {
    const page = loadPage('pages/grid/index', { api: { 'grid.tree': ok({ root: tree, towns: 2, villages: 5 }) } });
    await page.settle();
    page.instance.onPullDownRefresh();
    await page.settle();
    expect(page.wx.calls).toHaveLength(2);
    expect(page.wx.stoppedPullDown).toBe(1);
    expect(page.instance.data.status).toBe('ready');
  });
});
