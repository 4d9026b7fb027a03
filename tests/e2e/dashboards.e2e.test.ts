/**
 * 统计看板 at a phone's width (375 px): the city administrator sees the city's figures and the ranking of the towns,
 * opens a town from the ranking and the cases behind a figure; the town's staff see their town with its villages.
 */
import type { Frame } from 'playwright-core';
import { openAs, screenshot, stepper, withPreview, PHONE } from './support/harness';

/** What a staff screen must never show: ids, grid node ids, figure keys, English words. */
const RAW = /[0-9a-f]{16,}|\bt\d{2}(-v\d{2})?\b|\bappeals\.|\b(undefined|null|NaN|true|false)\b/;

const preview = withPreview({ viewport: PHONE });

const bodyText = async (frame: Frame) => String(await frame.evaluate('document.body.innerText'));

/**
 * A chart (uCharts on a Canvas 2D node) named by its words: scrolled into view, and how many of its canvas' pixels
 * are drawn in a colour (columns, bars, labels) rather than the white background or the grey grid.
 */
async function chartInk(frame: Frame, name: RegExp): Promise<number> {
  const chart = frame.getByRole('img', { name });
  await chart.waitFor();
  await chart.scrollIntoViewIfNeeded();
  return chart.evaluate((el) => {
    const canvas = el.querySelector('canvas');
    const g = canvas?.getContext('2d');
    if (!canvas || !g || !canvas.width) return 0;
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4)
      if (Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60) ink += 1;
    return ink;
  });
}

test('the city and a town see their dashboards; a figure opens its cases', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'dashboards');
  let frame = await step('the city administrator opens 统计看板 from the workbench', async () => {
    const f = await openAs(page, preview.cloud.url, 'demo-admin', '/staff/pages/home/index');
    await f.getByRole('button', { name: /^统计看板/ }).click();
    await f.getByText('松滋市统计看板').first().waitFor();
    return f;
  });
  await step('the city figures read as Chinese words, with the ranking of the 16 towns', async () => {
    await frame.getByText('收到诉求').first().waitFor();
    await frame.getByText('诉求办理排名').waitFor();
    const text = await bodyText(frame);
    expect(text).toMatch(/办结率/);
    expect(text).toMatch(/已办结 ÷ 已受理/);
    expect(text).not.toMatch(RAW);
    expect(await frame.getByRole('button', { name: /^第\d+名 .*查看看板$/ }).count()).toBeGreaterThanOrEqual(16);
  });
  await screenshot(page, 'dashboards-01-city');
  await step('the towns are ranked in a bar chart drawn by the charting library, each bar named in words', async () => {
    expect(await chartInk(frame, /^收到诉求：.+\d/)).toBeGreaterThan(200);
    const words = (await frame.getByRole('img', { name: /^收到诉求：/ }).getAttribute('aria-label')) ?? '';
    expect(words.split('，').length).toBeGreaterThanOrEqual(12);
    expect(words).not.toMatch(RAW);
  });
  await page.screenshot({ path: 'test-artifacts/e2e/dashboards-01b-city-ranking-chart.png' });
  await step('the monthly trend is a column chart of twelve months', async () => {
    expect(await chartInk(frame, /^每月收到诉求：/)).toBeGreaterThan(200);
    const words = (await frame.getByRole('img', { name: /^每月收到诉求：/ }).getAttribute('aria-label')) ?? '';
    expect(words.match(/\d{4}年\d{1,2}月\d+件/g)?.length).toBe(24);
  });
  await page.screenshot({ path: 'test-artifacts/e2e/dashboards-01c-city-trend-chart.png' });
  await step('the aid tab shows the programmes and rounds with amounts in yuan', async () => {
    await frame.getByRole('tab', { name: '困难帮扶与金秋助学' }).click();
    await frame.getByText('金秋助学（历年合计）').waitFor();
    expect(await bodyText(frame)).toMatch(/元/);
  });
  await screenshot(page, 'dashboards-02-city-aid');
  await step('组织建设 shows units, unions, members, 建会率 and 入会率 with their definitions', async () => {
    await frame.getByRole('tab', { name: '组织建设' }).click();
    await frame.getByText('应建会单位', { exact: true }).first().waitFor();
    const text = await bodyText(frame);
    expect(text).toMatch(/建会率/);
    expect(text).toMatch(/应建会单位中已建会（含联合工会覆盖）÷ 应建会单位/);
    expect(text).toMatch(/会员 ÷ 已建会单位职工/);
    expect(text).toMatch(/\d+(\.\d)?%/);
    expect(text).not.toMatch(RAW);
  });
  await screenshot(page, 'dashboards-02b-city-registry');
  await step('建会申请 shows the requests by step and the unions founded online', async () => {
    await frame.getByRole('tab', { name: '建会申请' }).click();
    await frame.getByText('按环节').waitFor();
    expect(await bodyText(frame)).toMatch(/网上建会/);
  });
  await step('a tap on 收到诉求 opens the appeals behind it, as many as the figure says', async () => {
    await frame.getByRole('tab', { name: '诉求办理' }).click();
    const figure = frame.getByRole('button', { name: /^收到诉求：/ });
    const label = (await figure.getAttribute('aria-label')) ?? '';
    const count = Number(/：([\d,]+)/.exec(label)?.[1].replace(/,/g, ''));
    expect(count).toBeGreaterThan(0);
    await figure.click();
    await frame.getByText(`收到诉求 ${count} 件`).waitFor();
    expect(
      await frame
        .getByRole('button', { name: /，(待受理|办理中|待补充材料|已答复|已办结|已评价|不予受理|已撤回)/ })
        .count(),
    ).toBe(Math.min(count, 20));
  });
  await screenshot(page, 'dashboards-03-city-list');
  await step('a tap on 会员 under 组织建设 opens the unions with their members, adding up to the figure', async () => {
    const f = await openAs(page, preview.cloud.url, 'demo-admin', '/staff/pages/dashboard/index');
    await f.getByRole('tab', { name: '组织建设' }).click();
    const figure = f.getByRole('button', { name: /^会员：/ });
    const label = (await figure.getAttribute('aria-label')) ?? '';
    const members = Number(/：([\d,]+)/.exec(label)?.[1].replace(/,/g, ''));
    expect(members).toBeGreaterThan(0);
    await figure.click();
    await f
      .getByText(/^会员 [\d,]+$/)
      .first()
      .waitFor();
    const unions = f.getByRole('button', { name: /，会员 \d+$/ });
    await unions.first().waitFor();
    const parts = await unions.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    if (parts.length < 20) expect(parts.reduce((n, p) => n + Number(/会员 (\d+)$/.exec(p)?.[1]), 0)).toBe(members);
    const text = await bodyText(f);
    expect(text).toMatch(/工会/);
    expect(text).not.toMatch(RAW);
    expect(text).not.toMatch(/1\d{10}|主席/);
  });
  await screenshot(page, 'dashboards-03b-city-members-list');
  frame = await step('the town of 万家乡 sees its own dashboard with its villages', async () => {
    const f = await openAs(page, preview.cloud.url, 'demo-town-t15', '/staff/pages/dashboard/index');
    await f.getByText('万家乡统计看板').first().waitFor();
    await f.getByText('翠林山村').first().waitFor();
    const text = await bodyText(f);
    expect(text).not.toMatch(RAW);
    expect(text).not.toMatch(/松滋市统计看板/);
    return f;
  });
  await screenshot(page, 'dashboards-04-town');
  await step('the monthly trend and the ranking of the villages load below the figures', async () => {
    const trend = frame.getByText(/每月收到诉求（近12个月共 \d+ 件）/);
    await trend.waitFor();
    await trend.scrollIntoViewIfNeeded();
    await frame.getByText('诉求办理排名').waitFor();
    expect(await chartInk(frame, /^每月收到诉求：/)).toBeGreaterThan(200);
  });
  await page.screenshot({ path: 'test-artifacts/e2e/dashboards-04b-town-trend.png' });
  await step('the town opens a village from the ranking', async () => {
    await frame.getByRole('button', { name: /翠林山村，查看看板/ }).click();
    await frame.getByText('翠林山村统计看板').first().waitFor();
    await frame.getByText('返回万家乡').waitFor();
  });
  await screenshot(page, 'dashboards-05-village');
});
