/**
 * A walk through the main screens of each of the five people at a phone's width (375 px): the migrant worker, the
 * newcomer, the village collector, the town staff member and the city administrator. Every screen is
 * photographed (test-artifacts/e2e/walk-*.png) and fails the walk when
 * - the page (the shell, or the mini-program inside it) is wider than the phone;
 * - a status badge wraps onto a second line;
 * - a staff screen shows a raw id, a hash, a grid node id or an English field name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ARTIFACTS_DIR, openAs, stepper, visibleText, withPreview, PHONE } from './support/harness';

const MIGRANT = 'demo-migrant-1';
const NEWCOMER = 'demo-newcomer';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

/** What a staff screen must never show: ids and hashes, grid node ids, English field names and raw values. */
const RAW_ON_STAFF_SCREENS =
  /[0-9a-f]{16,}|\bt\d{2}(-v\d{2})?\b|demo-case|\b(applicationId|personId|roundId|caseId|noticeId|entryId|amountFen|programme|student_aid|hardship_aid|eligible|rulesVersion|seal|true|false|undefined|null|NaN)\b/;

const preview = withPreview({ viewport: PHONE });

/** A function of the local cloud as `openid` (to find the ids the walk opens). */
async function call<T>(openid: string, name: string, action: string, input: unknown = {}): Promise<T> {
  const { result } = (await preview.cloud.cloud.callFunction(name, { action, input }, { openid })) as {
    result: { ok: boolean; data: T };
  };
  if (!result.ok) throw new Error(`${name}.${action} as ${openid} failed`);
  return result.data;
}

/** Wait until the page on screen has loaded what it loads. */
async function settled(frame: Frame): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const text = String(await frame.evaluate('document.body.innerText').catch(() => ''));
    if (text && !/正在加载/.test(text)) return;
    await frame.page().waitForTimeout(100);
  }
}

/** The whole phone screen, however long the page, as `walk-<name>.png`. */
async function photograph(page: Page, frame: Frame, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const height = Number(await frame.evaluate('document.documentElement.scrollHeight'));
  await page.evaluate(`document.getElementById('phone').style.height = '${Math.min(height + 140, 8000)}px'`);
  await page.locator('#phone').screenshot({ path: path.join(ARTIFACTS_DIR, `walk-${name}.png`) });
  await page.evaluate(`document.getElementById('phone').style.height = ''`);
}

/** Look at one screen as a person would: it fits the phone, badges are one line, staff see no raw data. */
async function look(page: Page, frame: Frame, name: string, opts: { staff?: boolean } = {}): Promise<string> {
  await settled(frame);
  await photograph(page, frame, name);
  const shellWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
  expect({ screen: name, shellWidth: shellWidth <= PHONE.width }).toEqual({ screen: name, shellWidth: true });
  const [scroll, client] = (await frame.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  expect({ screen: name, wider: scroll > client }).toEqual({ screen: name, wider: false });
  const wrapped = (await frame.evaluate(`[...document.querySelectorAll('[class*="--badge"]')]
    .filter((b) => b.getClientRects().length && b.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(b).fontSize))
    .map((b) => b.textContent)`)) as string[];
  expect({ screen: name, wrappedBadges: wrapped }).toEqual({ screen: name, wrappedBadges: [] });
  const text = String(await frame.evaluate('document.body.innerText'));
  if (opts.staff) {
    const raw = RAW_ON_STAFF_SCREENS.exec(text)?.[0] ?? null;
    expect({ screen: name, raw }).toEqual({ screen: name, raw: null });
  }
  return text;
}

const route = (frame: Frame, r: string) => frame.waitForFunction(`document.documentElement.dataset.route === '${r}'`);

test('five people at a phone’s width: every main screen fits, reads in words, shows no raw data to staff', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'walk');
  const open = (openid: string, url: string) => openAs(page, preview.cloud.url, openid, url);

  await step('the preview opens as the migrant worker, at a phone’s width', async () => {
    await page.goto(`${preview.cloud.url}/?live=0`);
    await page.waitForFunction(`document.getElementById('person').value === '${MIGRANT}'`);
  });

  await step('migrant worker: home, my cases, an appeal, the paid aid application, notices, me', async () => {
    let frame = await open(MIGRANT, '/pages/home/index');
    const home = await look(page, frame, 'migrant-01-home');
    expect(home).toMatch(/\d+月\d+日（周.）前办理/);
    frame = await open(MIGRANT, '/pages/my-cases/index');
    await look(page, frame, 'migrant-02-my-cases');
    frame = await open(MIGRANT, '/pages/case/index?id=demo-case-01');
    const appeal = await look(page, frame, 'migrant-03-appeal');
    expect(appeal).toContain('我提交的内容');
    expect(appeal).toContain('18,000.00 元');
    const mine = await call<{ items: { caseId: string; stage: string }[] }>(MIGRANT, 'aid', 'mine');
    frame = await open(MIGRANT, `/pages/aid-application/index?id=${mine.items[0].caseId}`);
    await look(page, frame, 'migrant-04-aid-application');
    frame = await open(MIGRANT, '/pages/notices/index');
    await look(page, frame, 'migrant-05-notices');
    frame = await open(MIGRANT, '/pages/me/index');
    await look(page, frame, 'migrant-06-me');
  });

  await step('newcomer: an appeal asks for the profile first, whose empty fields say what to do', async () => {
    let frame = await open(NEWCOMER, '/pages/home/index');
    await look(page, frame, 'newcomer-01-home');
    frame = await open(NEWCOMER, '/pages/profile/index');
    await settled(frame);
    await frame.getByRole('button', { name: '保存资料' }).click();
    await visibleText(frame, '请填写姓名').waitFor();
    const profile = await look(page, frame, 'newcomer-02-profile-empty');
    expect(profile).toContain('请选择户籍村（社区）');
    expect(profile).not.toMatch(/编号不正确|只能包含汉字/);
    frame = await open(NEWCOMER, '/pages/appeal/index');
    await look(page, frame, 'newcomer-03-appeal');
  });

  await step('village collector: workbench, queue, an aid application, 退回补充 in view, people', async () => {
    let frame = await open(COLLECTOR, '/staff/pages/home/index');
    await look(page, frame, 'collector-01-workbench', { staff: true });
    frame = await open(COLLECTOR, '/staff/pages/queue/index');
    const queue = await look(page, frame, 'collector-02-queue', { staff: true });
    expect(queue).toMatch(/\*.* · 万家乡翠林山村/);
    const aid = await call<{ items: { _id: string }[] }>(COLLECTOR, 'cases', 'queue', { type: 'hardship_aid' });
    frame = await open(COLLECTOR, `/staff/pages/case/index?id=${aid.items[0]._id}`);
    const detail = await look(page, frame, 'collector-03-aid-case', { staff: true });
    expect(detail).toContain('拟资助金额');
    await frame.getByRole('button', { name: '退回补充', exact: true }).click();
    const sheet = frame.getByRole('dialog', { name: '退回补充' });
    await sheet.waitFor();
    // The sheet is on screen, not below the fold (measured in the phone's own viewport).
    const [top, bottom, screenHeight] = (await frame.evaluate(`(() => {
      const d = [...document.querySelectorAll('[role=dialog]')].find((e) => e.getAttribute('aria-label') === '退回补充');
      const r = d.getBoundingClientRect();
      return [r.top, r.bottom, innerHeight];
    })()`)) as [number, number, number];
    expect({ top: top >= 0, bottom: bottom <= screenHeight + 1 }).toEqual({ top: true, bottom: true });
    expect(await frame.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")')).toBe(
      '说明',
    );
    await photograph(page, frame, 'collector-04-request-info-sheet');
    frame = await open(COLLECTOR, '/staff/pages/people/index');
    await look(page, frame, 'collector-05-people', { staff: true });
  });

  await step('town staff: queue, an appeal with the applicant’s phone revealed, staff list', async () => {
    let frame = await open(TOWN, '/staff/pages/queue/index');
    await look(page, frame, 'town-01-queue', { staff: true });
    frame = await open(TOWN, '/staff/pages/case/index?id=demo-case-01');
    await settled(frame);
    const masked = await look(page, frame, 'town-02-appeal', { staff: true });
    expect(masked).toMatch(/1\d{2}\*{4}\d{4}/);
    await frame.getByRole('button', { name: '显示完整号码' }).click();
    await frame.getByRole('button', { name: /^拨打/ }).waitFor();
    await photograph(page, frame, 'town-03-phone-revealed');
    frame = await open(TOWN, '/staff/pages/invitations/index');
    await look(page, frame, 'town-04-staff', { staff: true });
  });

  await step('city administrator: workbench, rounds, notices and objections, payments, staff, requests', async () => {
    for (const [name, url] of [
      ['admin-01-workbench', '/staff/pages/home/index'],
      ['admin-02-rounds', '/staff/pages/rounds/index'],
      ['admin-03-notices', '/staff/pages/notices/index'],
      ['admin-04-payments', '/staff/pages/payments/index'],
      ['admin-05-staff', '/staff/pages/invitations/index'],
      ['admin-06-requests', '/staff/pages/requests/index'],
      ['admin-07-queue', '/staff/pages/queue/index'],
    ] as const) {
      const frame = await open(ADMIN, url);
      await route(frame, url.slice(1));
      await look(page, frame, name, { staff: true });
    }
  });
});
