/**
 * The registry screens at a phone's width (375 px) as the collector of 翠林山村, town staff of 万家乡 and the
 * city administrator: every list tab, a unit, a union, a hardship file, the import page and the yearly re-check.
 * Every screen is photographed (test-artifacts/e2e/registry-walk-*.png) and fails the walk when it is wider than
 * the phone, a badge wraps, or it shows a raw id, a hash, a grid node id or an English field name.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ARTIFACTS_DIR, openAs, stepper, visibleText, withPreview, PHONE } from './support/harness';

const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';
const RAW =
  /[0-9a-f]{16,}|\bt\d{2}(-v\d{2})?\b|\b(unitId|unionId|fileId|creditKey|enterprise|town_federation|relative|deep|never_helped|unchanged_year|true|false|undefined|null|NaN)\b/;

const preview = withPreview({ viewport: PHONE });

async function call<T>(openid: string, action: string, input: unknown = {}): Promise<T> {
  const { result } = (await preview.cloud.cloud.callFunction('registry', { action, input }, { openid })) as {
    result: { ok: boolean; data: T };
  };
  if (!result.ok) throw new Error(`registry.${action} as ${openid} failed`);
  return result.data;
}

async function settled(frame: Frame): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const text = String(await frame.evaluate('document.body.innerText').catch(() => ''));
    if (text && !/正在加载/.test(text)) return;
    await frame.page().waitForTimeout(100);
  }
}

/** Photograph the whole screen and check it: fits the phone, one-line badges, no raw data. */
async function look(page: Page, frame: Frame, name: string, opts: { fullIds?: boolean } = {}): Promise<string> {
  await settled(frame);
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const height = Number(await frame.evaluate('document.documentElement.scrollHeight'));
  await page.evaluate(`document.getElementById('phone').style.height = '${Math.min(height + 140, 8000)}px'`);
  await page.locator('#phone').screenshot({ path: path.join(ARTIFACTS_DIR, `registry-walk-${name}.png`) });
  await page.evaluate(`document.getElementById('phone').style.height = ''`);
  const [scroll, client] = (await frame.evaluate(
    '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
  )) as [number, number];
  expect({ screen: name, wider: scroll > client }).toEqual({ screen: name, wider: false });
  const wrapped = (await frame.evaluate(`[...document.querySelectorAll('[class*="--badge"]')]
    .filter((b) => b.getClientRects().length && b.getBoundingClientRect().height > 2 * parseFloat(getComputedStyle(b).fontSize))
    .map((b) => b.textContent)`)) as string[];
  expect({ screen: name, wrappedBadges: wrapped }).toEqual({ screen: name, wrappedBadges: [] });
  const text = String(await frame.evaluate('document.body.innerText'));
  // The audited full view shows ID numbers on purpose; they are not raw ids.
  const checked = opts.fullIds ? text.replace(/\b\d{17}[\dX]\b/g, '') : text;
  expect({ screen: name, raw: RAW.exec(checked)?.[0] ?? null }).toEqual({ screen: name, raw: null });
  return text;
}

test('the registry screens of collector, town staff and the city fit the phone and read in words', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'registry-walk');
  const open = (openid: string, url: string) => openAs(page, preview.cloud.url, openid, url);

  await step('collector: every list of 翠林山村, and a unit', async () => {
    let frame = await open(COLLECTOR, '/staff/pages/registry/index');
    const units = await look(page, frame, 'collector-01-units');
    expect(units).toContain('万家乡示例茶叶专业合作社');
    expect(units).not.toContain('导出完整信息');
    for (const [tab, name] of [
      ['工会组织', 'collector-02-unions'],
      ['困难职工档案', 'collector-03-archive'],
      ['农民工', 'collector-04-migrants'],
    ]) {
      await frame.getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(300);
      await look(page, frame, name);
    }
    frame = await open(COLLECTOR, '/staff/pages/registry/index');
    await visibleText(frame, '万家乡示例竹木加工厂').click();
    await visibleText(frame, '所属工会').waitFor();
    const unit = await look(page, frame, 'collector-05-unit');
    expect(unit).toContain('未建会');
  });

  await step('town staff: a union, a hardship file in full, the import page, the re-check drawn', async () => {
    const unions = await call<{ unions: Array<{ unionId: string; type: string }> }>(TOWN, 'listUnions', {
      type: 'joint',
    });
    let frame = await open(TOWN, `/staff/pages/union/index?id=${unions.unions[0].unionId}`);
    const union = await look(page, frame, 'town-01-union');
    expect(union).toContain('覆盖单位');
    const files = await call<{ files: Array<{ fileId: string; fileNo: string }> }>(TOWN, 'listArchive', {
      q: 'KN2024-0001',
    });
    frame = await open(TOWN, `/staff/pages/archive/index?id=${files.files[0].fileId}`);
    await look(page, frame, 'town-02-archive-masked');
    await frame.getByRole('button', { name: /显示完整信息/ }).click();
    await visibleText(frame, /^\d{17}[\dX]$/).waitFor();
    await look(page, frame, 'town-03-archive-full', { fullIds: true });
    frame = await open(TOWN, '/staff/pages/import/index?kind=migrants');
    await look(page, frame, 'town-04-import');
    frame = await open(TOWN, '/staff/pages/recheck/index');
    await frame.getByRole('button', { name: '随机抽取复核名单' }).click();
    await visibleText(frame, '抽中名单').waitFor();
    const recheck = await look(page, frame, 'town-05-recheck');
    expect(recheck).toMatch(/抽中复核\s*\d+ 户/);
  });

  await step('city administrator: the city-wide lists', async () => {
    const frame = await open(ADMIN, '/staff/pages/registry/index?tab=unions');
    const text = await look(page, frame, 'admin-01-unions');
    expect(text).toMatch(/共 \d+ 条/);
    await frame.getByRole('tab', { name: '单位' }).click();
    await page.waitForTimeout(300);
    await look(page, frame, 'admin-02-units');
  });
});
