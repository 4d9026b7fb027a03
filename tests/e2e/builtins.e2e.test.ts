/**
 * The preview's built-in components and navigation, on a small fixture mini-program (tests/e2e/fixtures/miniapp):
 * a form whose submit carries every named field in `e.detail.value` (input, textarea, selector and date pickers,
 * radio, checkbox, switch), a custom component's event, a disabled button, open-type=getPhoneNumber behind the
 * privacy agreement, a navigator with a query, the back
 * button, the tab bar, storage and getApp(), rpx scaling, and wx:for with wx:if on one node.
 */
import path from 'node:path';
import {
  launchBrowser,
  openAs,
  pick,
  screenshot,
  startPreviewCloud,
  stepper,
  type BrowserSession,
  type PreviewCloud,
} from './support/harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'miniapp');

let cloud: PreviewCloud | undefined;
let session: BrowserSession | undefined;

beforeAll(async () => {
  [cloud, session] = await Promise.all([
    startPreviewCloud({ seed: false, preview: { miniprogramDir: FIXTURE } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await session?.close();
  await cloud?.close();
});

test('built-in components, form submit, navigation and the tab bar behave as in WeChat', async () => {
  const page = session!.page;
  const step = stepper(() => page, 'builtins');
  const frame = await step('open the fixture app', () => openAs(page, cloud!.url, 'fixture-user'));

  await step('rpx are scaled for a 375 px phone (app.wxss 20rpx → 10px, page 32rpx → 16px)', async () => {
    const padding = await frame.evaluate(`getComputedStyle(document.querySelector('wx-page > wx-view')).paddingTop`);
    const fontSize = await frame.evaluate(`getComputedStyle(document.querySelector('wx-page > wx-view')).fontSize`);
    expect([padding, fontSize]).toEqual(['10px', '16px']);
  });

  await step('fill every kind of form field', async () => {
    await frame.getByLabel('姓名').fill('张三');
    await frame.getByLabel('备注').fill('第一行\n第二行');
    await pick(page, frame, '选择颜色', '绿');
    await frame.getByText('绿', { exact: true }).waitFor();
    await frame.getByRole('button', { name: '选择日期' }).click();
    await page.locator('#overlay').getByLabel('日期').fill('2026-09-01');
    await page.locator('#overlay').getByRole('button', { name: '确定' }).click();
    await frame.getByText('2026-09-01').waitFor();
    await frame.getByText('大', { exact: true }).click(); // a tap on the label selects its radio
    await frame.getByRole('checkbox', { name: '加A' }).click();
    await frame.getByRole('checkbox', { name: '加B' }).click();
    await frame.getByRole('checkbox', { name: '加A' }).click(); // and off again
    await frame.getByRole('switch', { name: '加急' }).click();
  });
  await screenshot(page, 'builtins-01-form');

  await step('submit carries every named field in e.detail.value', async () => {
    await frame.getByRole('button', { name: '提交表单' }).click();
    const text = await frame.locator('#result').textContent();
    expect(JSON.parse(text ?? '{}')).toEqual({
      name: '张三',
      note: '第一行\n第二行',
      color: 1,
      day: '2026-09-01',
      size: 'l',
      extras: ['b'],
      urgent: true,
    });
  });

  await step("a custom component's event reaches the page; a disabled button ignores taps", async () => {
    await frame.getByRole('button', { name: '卡片一' }).click();
    await frame.getByText('hello from 卡片一').waitFor();
    await frame.getByRole('button', { name: '不能点' }).click({ force: true });
    await frame.getByText('disabled taps: 0').waitFor();
  });

  await step('open-type="getPhoneNumber": the privacy popup, then a one-time code for the number', async () => {
    await frame.getByRole('button', { name: '手机号快捷登录' }).click();
    await frame.getByRole('button', { name: '同意' }).click(); // WeChat's own popup: this app has no listener
    const prompt = page.getByRole('dialog');
    await prompt.getByRole('textbox').fill('13800138000');
    await prompt.getByRole('button', { name: '允许' }).click();
    // The local cloud issues the code (single use, 5 minutes): the page never sees the number itself.
    await frame.getByText(/^code [0-9a-f]{32}$/).waitFor();
  });

  await step('a navigator opens the detail page with its query; back returns', async () => {
    await frame.getByRole('link', { name: '去详情' }).click();
    await frame.getByText('detail 7 of 2 pages').waitFor();
    await page.locator('#nav-title').getByText('详情').waitFor();
    await page.locator('#tabbar').waitFor({ state: 'hidden' });
    await screenshot(page, 'builtins-02-detail');
    await page.getByRole('button', { name: '返回' }).click();
    await page.locator('#nav-title').getByText('表单').waitFor();
  });

  await step('the tab bar switches tabs; storage and getApp() are shared', async () => {
    await page.locator('#tabbar').getByRole('tab', { name: '第二页' }).click();
    await frame.getByText('tab two, launched yes, last detail 7').waitFor();
    await page.locator('#tabbar').getByRole('tab', { name: '表单' }).click();
    await frame.locator('#result').filter({ visible: true }).waitFor(); // the form tab stayed alive
    expect(await frame.locator('#result').textContent()).toContain('张三');
  });

  await step('wx:for and wx:if on one node: repeated first, the condition read for each item', async () => {
    await page.locator('#tabbar').getByRole('tab', { name: '第二页' }).click();
    await frame.getByText('first: 2').waitFor();
    expect(await frame.getByText(/^\w+: \d$/).allTextContents()).toEqual(['first: 2', 'third: 1']);
    await page.locator('#tabbar').getByRole('tab', { name: '表单' }).click();
  });
  await screenshot(page, 'builtins-03-tabs');
});
