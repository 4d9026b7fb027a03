/** 统计看板 and the list behind a figure: figures in words, one service at a time, a figure opens its cases. */
import type { Dashboard, FigureList } from '@union/contracts';
import { fail, loadPage, ok } from './support';
import { caseSummary } from './fixtures';

const full = (over: Partial<Dashboard> = {}): Dashboard => ({
  node: { _id: 't15', name: '万家乡', level: 'town', path: ['city', 't15'] },
  children: [
    { _id: 't15-v01', name: '翠林山村' },
    { _id: 't15-v02', name: '凤桥村' },
  ],
  home: { _id: 't15', name: '万家乡' },
  asOf: '2026-12-07 18:30',
  sections: [
    {
      key: 'appeals',
      title: '诉求办理',
      hasDetail: true,
      groups: [
        {
          title: '办理情况',
          figures: [
            { key: 'appeals.received', label: '收到诉求', value: 12, text: '12', unit: 'count', hasList: true },
            {
              key: 'appeals.closed_rate',
              label: '办结率',
              value: 50,
              text: '50.0%',
              unit: 'percent',
              hint: '已办结 ÷ 已受理',
              hasList: false,
            },
            {
              key: 'appeals.overdue_now',
              label: '当前超期',
              value: 2,
              text: '2',
              unit: 'count',
              hasList: true,
              alert: true,
            },
          ],
        },
      ],
      trends: [
        {
          key: 'appeals.received',
          label: '每月收到诉求',
          months: ['2026-11', '2026-12'],
          values: [4, 8],
        },
      ],
      ranking: {
        title: '诉求办理排名',
        columns: [{ key: 'received', label: '收到诉求', unit: 'count' }],
        rows: [
          { nodeId: 't15-v01', name: '翠林山村', values: { received: 10 } },
          { nodeId: 't15-v02', name: '凤桥村', values: { received: 2 } },
        ],
      },
    },
    {
      key: 'aid',
      title: '困难帮扶与金秋助学',
      hasDetail: false,
      groups: [
        {
          title: '金秋助学（历年合计）',
          figures: [
            {
              key: 'aid.student_aid_paid_amount',
              label: '已发放金额',
              value: 500000,
              text: '5,000.00 元',
              unit: 'money',
              hasList: false,
            },
          ],
        },
      ],
      trends: [],
      ranking: null,
    },
  ],
  ...over,
});

/** What `stats.dashboard` answers: figures only; trends and ranking come with `stats.section`. */
const dashboard = (over: Partial<Dashboard> = {}): Dashboard => {
  const d = full(over);
  return { ...d, sections: d.sections.map((s) => ({ ...s, trends: [], ranking: null })) };
};
const appealsSection = () => full().sections[0];

describe('dashboard page', () => {
  it('shows the figures of the first service in words, with rates explained and overdue in red', async () => {
    const page = loadPage('staff/pages/dashboard/index', {
      api: { 'stats.dashboard': ok(dashboard()), 'stats.section': ok(appealsSection()) },
    });
    await page.settle();
    expect(page.text()).toContain('万家乡统计看板');
    expect(page.text()).toContain('收到诉求');
    expect(page.text()).toContain('50.0%');
    expect(page.text()).toContain('已办结 ÷ 已受理');
    expect(page.count('.figure-alert')).toBe(1);
    expect(page.text()).not.toContain('appeals.');
    expect(page.text()).not.toContain('5,000.00 元');
    await page.tap('.tab-aid');
    expect(page.text()).toContain('5,000.00 元');
  });

  it('loads the trend and the ranking of the tab shown, once', async () => {
    const page = loadPage('staff/pages/dashboard/index', {
      api: { 'stats.dashboard': ok(dashboard()), 'stats.section': ok(appealsSection()) },
    });
    await page.settle();
    expect(page.wx.calls.filter((c) => c.action === 'section').map((c) => c.input)).toEqual([
      { section: 'appeals', nodeId: 't15' },
    ]);
    expect(page.text()).toContain('每月收到诉求（近12个月共 12 件）');
    // The months as a column chart and the villages as bars (uCharts); the same in words for screen readers.
    expect(page.instance.data.section.trendChart).toMatchObject({
      categories: ['11月', '12月'],
      series: [{ name: '每月收到诉求', data: [4, 8] }],
      label: '每月收到诉求：2026年11月4件，2026年12月8件',
    });
    expect(page.instance.data.section.rankChart).toMatchObject({
      categories: ['翠林山村', '凤桥村'],
      series: [{ name: '收到诉求', data: [10, 2] }],
    });
    expect(page.count('.trend-chart')).toBe(1);
    expect(page.count('.rank-chart')).toBe(1);
    expect(page.text()).toContain('诉求办理排名');
    await page.tap('.tab-aid');
    await page.tap('.tab-appeals');
    expect(page.wx.calls.filter((c) => c.action === 'section')).toHaveLength(1);
  });

  it('opens the list behind a figure, the dashboard of a village from the ranking, and nothing for a rate', async () => {
    const page = loadPage('staff/pages/dashboard/index', {
      api: { 'stats.dashboard': ok(dashboard()), 'stats.section': ok(appealsSection()) },
    });
    await page.settle();
    await page.tap('.figure-link');
    expect(page.wx.navigations.pop()).toEqual({
      kind: 'navigateTo',
      url: '/staff/pages/figure/index?figure=appeals.received&nodeId=t15',
    });
    const before = page.wx.navigations.length;
    await page.tap('.figure-plain');
    expect(page.wx.navigations).toHaveLength(before);
    await page.tap('.rank-t15-v02');
    expect(page.wx.navigations.pop()?.url).toBe('/staff/pages/dashboard/index?nodeId=t15-v02');
  });

  it('says plainly when the caller may not see a node', async () => {
    const page = loadPage('staff/pages/dashboard/index', {
      api: { 'stats.dashboard': fail('FORBIDDEN', '只能查看本级及下级的统计') },
      query: { nodeId: 't14' },
    });
    await page.settle();
    expect(page.text()).toContain('只能查看本级及下级的统计');
    expect(page.wx.calls[0].input).toEqual({ nodeId: 't14' });
  });

  it('exports the yearly statistics and opens the workbook', async () => {
    const page = loadPage('staff/pages/dashboard/index', {
      api: {
        'stats.dashboard': ok(dashboard()),
        'stats.section': ok(appealsSection()),
        'stats.export': ok({ url: 'https://files.example/x.xlsx', fileName: '万家乡工会统计年报2026.xlsx' }),
      },
    });
    await page.settle();
    await page.tap('.export-yearly');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'export')?.input).toEqual({ kind: 'yearly', nodeId: 't15' });
    expect(page.wx.documents).toHaveLength(1);
  });
});

describe('figure list page', () => {
  it('lists the cases behind a figure with its total, and opens one', async () => {
    const list: FigureList = {
      figure: { key: 'appeals.received', label: '收到诉求', text: '1' },
      node: { _id: 't15', name: '万家乡' },
      total: 1,
      items: [caseSummary({ _id: 'c1', title: '欠薪 · 示例建筑公司' })],
      records: [],
      nextCursor: null,
    };
    const page = loadPage('staff/pages/figure/index', {
      api: { 'stats.list': ok(list) },
      query: { figure: 'appeals.received', nodeId: 't15' },
    });
    await page.settle();
    expect(page.text()).toContain('收到诉求 1 件');
    expect(page.text()).toContain('欠薪 · 示例建筑公司');
    expect(page.wx.calls[0].input).toEqual({ limit: 20, figure: 'appeals.received', nodeId: 't15' });
    await page.tap('.figure-item');
    expect(page.wx.navigations.pop()?.url).toBe('/staff/pages/case/index?id=c1');
  });

  it('lists the unions behind 会员 with the members of each, and opens a union', async () => {
    const list: FigureList = {
      figure: { key: 'registry.members', label: '会员', text: '57' },
      node: { _id: 't15', name: '万家乡' },
      total: 2,
      items: [],
      records: [
        {
          _id: 'u1',
          title: '示例建筑公司工会',
          summary: '企业工会 · 会员35人 · 2019年建会',
          place: '万家乡 · 一村',
          value: 35,
          valueText: '会员 35',
          url: '/staff/pages/union/index?id=u1',
        },
        {
          _id: 'u2',
          title: '万家乡工会联合会',
          summary: '联合工会 · 会员22人 · 2015年建会',
          place: '万家乡',
          value: 22,
          valueText: '会员 22',
          url: '/staff/pages/union/index?id=u2',
        },
      ],
      nextCursor: null,
    };
    const page = loadPage('staff/pages/figure/index', {
      api: { 'stats.list': ok(list) },
      query: { figure: 'registry.members', nodeId: 't15' },
    });
    await page.settle();
    expect(page.text()).toContain('会员 57');
    expect(page.text()).toContain('共 2 条记录');
    expect(page.text()).toContain('示例建筑公司工会');
    expect(page.text()).toContain('会员 35');
    await page.tap('.figure-record');
    expect(page.wx.navigations.pop()?.url).toBe('/staff/pages/union/index?id=u1');
  });
});
