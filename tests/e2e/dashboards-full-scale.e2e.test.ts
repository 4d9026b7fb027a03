/**
 * 统计看板 at the article's scale (`npm run seed -- --scale full`: a year of 22,973 cases over the 273 villages, 724
 * units, 468 unions), at a phone's width (375 px): the city and a town open their dashboards, the figures read in
 * Chinese with thousands, the tabs with their trends and rankings load, 组织建设 opens the unions behind 会员.
 * Screenshots: test-artifacts/e2e/dashboards-full-*.png.
 */
import type { Frame } from 'playwright-core';
import { seedLocalCloud } from '../../local/cloud/seed';
import {
  launchBrowser,
  openAs,
  screenshot,
  startPreviewCloud,
  stepper,
  type BrowserSession,
  type PreviewCloud,
} from './support/harness';

const PHONE = { width: 375, height: 812 };
/** What a staff screen must never show: ids, grid node ids, figure keys, English words. */
const RAW = /[0-9a-f]{16,}|\bt\d{2}(-v\d{2})?\b|\b(appeals|registry)\.|\b(undefined|null|NaN|true|false)\b/;

let cloud: PreviewCloud | undefined;
let session: BrowserSession | undefined;

beforeAll(async () => {
  [cloud, session] = await Promise.all([startPreviewCloud({ seed: false }), launchBrowser()]);
  await seedLocalCloud(cloud.cloud, { scale: 'full' });
  await session.page.setViewportSize(PHONE);
}, 600_000);

afterAll(async () => {
  await session?.close();
  await cloud?.close();
});

const bodyText = async (frame: Frame) => String(await frame.evaluate('document.body.innerText'));

/** The number a figure button states (`收到诉求：12,034`). */
async function figureValue(frame: Frame, label: string): Promise<number> {
  const button = frame.getByRole('button', { name: new RegExp(`^${label}：`) }).first();
  await button.waitFor();
  const text = (await button.getAttribute('aria-label')) ?? '';
  return Number(/：([\d,]+)/.exec(text)?.[1].replace(/,/g, '') ?? NaN);
}

test('at full scale the city and a town see their dashboards, in words, with charts and lists', async () => {
  const page = session!.page;
  const step = stepper(() => page, 'dashboards-full');
  let frame = await step('the city administrator opens 统计看板 over a year of cases', async () => {
    const f = await openAs(page, cloud!.url, 'demo-admin', '/staff/pages/dashboard/index');
    await f.getByText('松滋市统计看板').first().waitFor();
    await f.getByText('诉求办理排名').waitFor();
    return f;
  });
  await step('the city figures count the whole year (thousands of appeals), read as Chinese words', async () => {
    expect(await figureValue(frame, '收到诉求')).toBeGreaterThanOrEqual(12_000);
    const text = await bodyText(frame);
    expect(text).toMatch(/办结率/);
    expect(text).toMatch(/\d{1,3}(,\d{3})+/);
    expect(text).not.toMatch(RAW);
  });
  await screenshot(page, 'dashboards-full-01-city');
  await step('the monthly trend and the ranking of the 16 towns are there', async () => {
    const trend = frame.getByText(/每月收到诉求（近12个月共 [\d,]+ 件）/);
    await trend.waitFor();
    await trend.scrollIntoViewIfNeeded();
    expect(await frame.getByRole('button', { name: /^第\d+名 .*查看看板$/ }).count()).toBeGreaterThanOrEqual(16);
  });
  await page.screenshot({ path: 'test-artifacts/e2e/dashboards-full-01b-city-trend.png' });
  await step('组织建设 shows the county registry: units, unions, members and the rates', async () => {
    await frame.getByRole('tab', { name: '组织建设' }).click();
    await frame.getByText('应建会单位', { exact: true }).first().waitFor();
    expect(await figureValue(frame, '单位')).toBeGreaterThanOrEqual(700);
    const text = await bodyText(frame);
    expect(text).toMatch(/建会率/);
    expect(text).toMatch(/\d+(\.\d)?%/);
    expect(text).not.toMatch(RAW);
  });
  await screenshot(page, 'dashboards-full-02-city-registry');
  frame = await step('the town of 万家乡 sees its own dashboard with its villages', async () => {
    const f = await openAs(page, cloud!.url, 'demo-town-t15', '/staff/pages/dashboard/index');
    await f.getByText('万家乡统计看板').first().waitFor();
    await f.getByText('诉求办理排名').waitFor();
    expect(await figureValue(f, '收到诉求')).toBeGreaterThan(100);
    const text = await bodyText(f);
    expect(text).not.toMatch(RAW);
    expect(text).not.toMatch(/松滋市统计看板/);
    return f;
  });
  await screenshot(page, 'dashboards-full-03-town');
  await step('the town ranks its villages below the trend', async () => {
    const trend = frame.getByText(/每月收到诉求（近12个月共 [\d,]+ 件）/);
    await trend.waitFor();
    await trend.scrollIntoViewIfNeeded();
    await frame.getByRole('button', { name: /翠林山村，查看看板/ }).waitFor();
  });
  await page.screenshot({ path: 'test-artifacts/e2e/dashboards-full-03b-town-trend.png' });
  await step('a tap on 收到诉求 opens the town’s appeals, as many as the figure says', async () => {
    const count = await figureValue(frame, '收到诉求');
    await frame
      .getByRole('button', { name: /^收到诉求：/ })
      .first()
      .click();
    await frame.getByText(`收到诉求 ${count} 件`).waitFor();
    expect(await bodyText(frame)).not.toMatch(RAW);
  });
  await screenshot(page, 'dashboards-full-04-town-list');
});
