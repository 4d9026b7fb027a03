/**
 * Tasks sent down, at a phone's width (375 px): the city issues a visit task to every village of a town; the
 * collector of one village signs, takes the on-site photo (camera, place recorded) and reports; the city sends it
 * back with a reason, the collector redoes it, the city accepts it and sees completion by village.
 */
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openAs, screenshot, stepper, visibleText, withPreview, PHONE, tap } from './support/harness';

const ADMIN = 'demo-admin';
const COLLECTOR = 'demo-collector-t15-v01';
const PHOTO = path.join(__dirname, 'fixtures', 'wage-slip.png');
const TITLE = '冬季困难职工入户走访';

const preview = withPreview({ viewport: PHONE });

/** Take the on-site photo: the camera (the preview's file chooser), after agreeing to the privacy notice once. */
async function takePhoto(page: Page, frame: Frame, count: number, agree: boolean) {
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await tap(frame, '拍摄现场照片');
  if (agree) await tap(frame, '同意并继续');
  await (await chooser).setFiles(PHOTO);
  await frame
    .getByText('已记录位置')
    .nth(count - 1)
    .waitFor({ timeout: 20_000 });
}

async function collectorReports(page: Page, step: ReturnType<typeof stepper>, agree: boolean, shot: string) {
  const frame = await openAs(page, preview.cloud.url, COLLECTOR, '/staff/pages/tasks/index');
  await frame.getByRole('button', { name: new RegExp(TITLE) }).click();
  await visibleText(frame, '截止').waitFor({ timeout: 20_000 });
  await step('the collector takes the photo with the camera and reports', async () => {
    await tap(frame, '上报办理情况');
    await takePhoto(page, frame, 1, agree);
    await frame.getByLabel('情况说明').fill('已入户查看，房屋安全，送去慰问品。');
    await tap(frame, '提交上报');
    await visibleText(frame, /^待验收/).waitFor({ timeout: 20_000 });
  });
  await screenshot(page, shot);
}

test('the city sends a visit task down, a village reports with a photo, is sent back, redoes it and is accepted', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'tasks');

  const admin = await step('the city admin opens 任务督办 and starts a new task', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await tap(f, '下发新任务');
    await f.getByText('任务类型').waitFor({ timeout: 20_000 });
    return f;
  });

  await step('a visit task to every village of 万家乡, with a deadline', async () => {
    await admin.getByRole('button', { name: '走访任务，已选' }).waitFor();
    await admin.getByLabel('任务名称').fill(TITLE);
    await admin.getByLabel('任务要求').fill('入户查看困难职工家庭住房和取暖情况，拍摄现场照片上报。');
    await admin.getByRole('checkbox', { name: '万家乡' }).click();
    await visibleText(admin, '已选 1 个').waitFor();
  });
  await screenshot(page, 'tasks-01-issue-form');

  await step('issuing lands on the board: every village unsigned', async () => {
    await tap(admin, '下发');
    await visibleText(admin, '共 14 个村：已签收 0，已完成 0，未签收 14，逾期 0').waitFor({ timeout: 30_000 });
    await visibleText(admin, '翠林山村').waitFor();
  });
  await screenshot(page, 'tasks-02-board-issued');

  await step('the collector signs for it', async () => {
    const f = await openAs(page, preview.cloud.url, COLLECTOR, '/staff/pages/tasks/index');
    await f.getByRole('button', { name: new RegExp(TITLE) }).click();
    await tap(f, '签收');
    await visibleText(f, /^办理中/).waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'tasks-03-signed');

  await collectorReports(page, step, true, 'tasks-04-reported');

  const review = await step('the city opens the village’s report: photo with capture time and place', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await f.getByRole('button', { name: new RegExp(TITLE) }).click();
    await f.getByRole('button', { name: /^翠林山村，待验收/ }).click();
    await visibleText(f, /^照片 1：拍摄于 .* 之间（服务器时间）；位置已记录（精度约 \d+ 米）；已留存文件指纹/).waitFor({
      timeout: 20_000,
    });
    await f
      .getByLabel(/^现场照片 1，点击查看大图/)
      .first()
      .waitFor();
    return f;
  });
  await screenshot(page, 'tasks-05-report-seen-by-city');

  await step('the city sends it back with a reason', async () => {
    await tap(review, '退回重办');
    await review.getByLabel('退回理由', { exact: true }).fill('照片没有拍到门牌，请补拍。');
    await tap(review, '确认退回');
    await visibleText(review, /^办理中/).waitFor({ timeout: 20_000 });
  });

  await collectorReports(page, step, false, 'tasks-06-redone');

  await step('the city accepts the redone report', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await f.getByRole('button', { name: new RegExp(TITLE) }).click();
    await f.getByRole('button', { name: /^翠林山村，待验收/ }).click();
    await f.getByLabel('验收意见', { exact: true }).fill('走访到位。');
    await tap(f, '验收通过');
    await visibleText(f, /^已完成/).waitFor({ timeout: 20_000 });
    await visibleText(f, /^退回重办/).waitFor();
  });

  await step('the board shows completion by village', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await f.getByRole('button', { name: new RegExp(TITLE) }).click();
    await visibleText(f, '共 14 个村：已签收 1，已完成 1，未签收 13，逾期 0').waitFor({ timeout: 20_000 });
    await f.getByRole('button', { name: /^翠林山村，已完成/ }).waitFor();
  });
  await screenshot(page, 'tasks-07-board-completed');
});
