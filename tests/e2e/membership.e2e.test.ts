/**
 * Membership at a phone's width (375 px), through the real pages and functions: a migrant worker finds the unit
 * and applies to join its union; the collector of its village approves from the queue; the worker shows the
 * electronic member card, whose QR code (read back from the screen) town staff verify; the worker asks to move the
 * membership to a new unit without a union; the old union lets it go and the town's union registers the member
 * as 预备会员. Screenshots: test-artifacts/e2e/membership-*.png.
 */
import jsQR from 'jsqr';
import type { Frame } from 'playwright-core';
import {
  act,
  currentCaseId,
  openAs,
  openFromQueue,
  screenshot,
  stepper,
  timelineHas,
  visibleText,
  withPreview,
  PHONE,
} from './support/harness';

const WORKER = 'demo-migrant-1'; // home village 万家乡翠林山村
const COLLECTOR = 'demo-collector-t15-v01'; // 翠林山村: the tea cooperative's union sits here
const TOWN = 'demo-town-t15'; // 万家乡: the town's union (工会联合会)
const RAW = /[0-9a-f]{16,}|\bt\d{2}(-v\d{2})?\b|\b(unitId|unionId|member_join|member_transfer|undefined|null|NaN)\b/;

const preview = withPreview({ viewport: PHONE });

/** The screen reads in words and fits the phone. */
async function readable(frame: Frame, name: string): Promise<string> {
  const text = String(await frame.evaluate('document.body.innerText'));
  expect({ screen: name, raw: RAW.exec(text)?.[0] ?? null }).toEqual({ screen: name, raw: null });
  const [scroll, client] = (await frame.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  expect({ screen: name, wider: scroll > client }).toEqual({ screen: name, wider: false });
  return text;
}

/** The QR code on the card page, read back from its pixels as a scanner would. */
async function readQr(frame: Frame): Promise<string | null> {
  const pixels = (await frame.evaluate(`(async () => {
    const img = [...document.querySelectorAll('img')].find((i) => i.src.startsWith('data:image/gif'));
    if (!img) return null;
    await img.decode();
    const size = 400;
    const canvas = document.createElement('canvas');
    canvas.width = size; canvas.height = size;
    const g = canvas.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, size, size);
    g.imageSmoothingEnabled = false;
    g.drawImage(img, 20, 20, size - 40, size - 40);
    return { size, data: Array.from(g.getImageData(0, 0, size, size).data) };
  })()`)) as { size: number; data: number[] } | null;
  if (!pixels) return null;
  return jsQR(Uint8ClampedArray.from(pixels.data), pixels.size, pixels.size)?.data ?? null;
}

test('a worker joins, shows the member card that staff verify, and transfers the membership', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'membership');
  const open = (openid: string, url: string) => openAs(page, preview.cloud.url, openid, url);
  let joinId = '';
  let transferId = '';
  let token = '';

  let frame = await step('the worker opens 入会 from the home page and finds the unit', async () => {
    const home = await open(WORKER, '/pages/home/index');
    await visibleText(home, '入会 · 会员卡').click();
    await visibleText(home, '申请加入工会').waitFor();
    await home.getByLabel('单位名称或统一社会信用代码').fill('茶叶');
    await home.getByRole('button', { name: '查找单位' }).click();
    await home.getByRole('radio', { name: '万家乡示例茶叶专业合作社' }).click();
    await home.getByLabel('入会说明').fill('在合作社做采茶工，希望加入工会。');
    return home;
  });
  await readable(frame, 'join form');
  await screenshot(page, 'membership-01-join-form');

  await step('the worker applies and sees the application waiting for the union', async () => {
    await frame.getByRole('button', { name: '提交入会申请' }).click();
    await frame.waitForFunction(`document.documentElement.dataset.route === 'pages/case/index'`);
    await visibleText(frame, '待工会审核').waitFor();
    joinId = await currentCaseId(frame);
  });
  await readable(frame, 'join case');
  await screenshot(page, 'membership-02-applied');

  frame = await step('the collector of the union’s village approves it from the queue', async () => {
    const f = await openFromQueue(page, preview.cloud.url, COLLECTOR, joinId, '待工会审核');
    await readable(f, 'collector case');
    await screenshot(page, 'membership-03-collector-reviews');
    await act(page, f, '审核通过');
    await timelineHas(f, '审核通过');
    return f;
  });

  frame = await step('the worker sees the membership and shows the member card', async () => {
    const f = await open(WORKER, '/pages/membership/index');
    await visibleText(f, '万家乡示例茶叶专业合作社工会委员会').waitFor();
    await readable(f, 'membership');
    await screenshot(page, 'membership-04-member');
    await f.getByRole('button', { name: '出示会员卡' }).click();
    await visibleText(f, '电子会员卡').waitFor();
    return f;
  });
  await step('the card carries a QR code that reads back as a signed token', async () => {
    await readable(frame, 'card');
    await screenshot(page, 'membership-05-card');
    token = (await readQr(frame)) ?? '';
    expect(token).toMatch(/^UC1\./);
  });

  frame = await step('town staff verify the card by pasting what the QR code carries', async () => {
    const f = await open(TOWN, '/staff/pages/verify-card/index');
    await f.getByLabel('二维码内容').fill(token);
    await f.getByRole('button', { name: '核验', exact: true }).click();
    await visibleText(f, /会员卡有效/).waitFor();
    const text = await readable(f, 'verified');
    expect(text).toContain('万家乡示例茶叶专业合作社工会委员会');
    expect(text).toMatch(/张\*|\*测试|张测\*/);
    await screenshot(page, 'membership-06-verified');
    await f.getByLabel('二维码内容').fill(`${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`);
    await f.getByRole('button', { name: '核验', exact: true }).click();
    await visibleText(f, /伪造/).waitFor();
    await screenshot(page, 'membership-07-forged');
    return f;
  });

  frame = await step('the worker asks to move the membership to a new unit', async () => {
    const f = await open(WORKER, '/pages/membership/index');
    await f.getByRole('button', { name: '会籍转接' }).click();
    await visibleText(f, '转到哪里').waitFor();
    await f.getByLabel('新单位名称或代码').fill('竹木');
    await f.getByRole('button', { name: '查找单位' }).click();
    await f.getByRole('radio', { name: '万家乡示例竹木加工厂' }).click();
    // The unit has no union: the worker is told the town's union takes them, before filing.
    await visibleText(f, '尚未建会 · 由乡镇工会暂管（预备会员）').waitFor();
    await f.getByLabel('转接原因').fill('换到竹木加工厂工作');
    await readable(f, 'transfer form');
    await screenshot(page, 'membership-08-transfer-form');
    await f.getByRole('button', { name: '提交转接申请' }).click();
    await f.waitForFunction(`document.documentElement.dataset.route === 'pages/case/index'`);
    await visibleText(f, '待原工会同意转出').waitFor();
    await visibleText(f, /转入乡镇工会（新单位未建会，预备会员）/).waitFor();
    transferId = await currentCaseId(f);
    await readable(f, 'transfer case');
    await screenshot(page, 'membership-09-transfer-filed');
    return f;
  });

  await step('the old union lets the membership go; the town’s union registers it', async () => {
    let f = await openFromQueue(page, preview.cloud.url, COLLECTOR, transferId, '待原工会同意转出');
    await act(page, f, '同意转出');
    await timelineHas(f, '同意转出');
    f = await openFromQueue(page, preview.cloud.url, TOWN, transferId, '待新工会登记');
    await readable(f, 'town registers');
    await screenshot(page, 'membership-10-town-registers');
    await act(page, f, '登记转入');
    await timelineHas(f, '登记转入');
  });

  await step('the worker sees every step and the membership now held by the town’s union', async () => {
    let f = await open(WORKER, `/pages/case/index?id=${transferId}`);
    await visibleText(f, '已转入新工会').waitFor();
    await readable(f, 'transfer done');
    await screenshot(page, 'membership-11-transfer-timeline');
    f = await open(WORKER, '/pages/membership/index');
    await visibleText(f, '预备会员').waitFor();
    const text = await readable(f, 'membership after');
    expect(text).toContain('万家乡示例竹木加工厂');
    expect(text).toContain('登记转入');
    await screenshot(page, 'membership-12-after-transfer');
  });
});
