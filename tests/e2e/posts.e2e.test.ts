/**
 * Activity posts at a phone's width (375 px): a village collector posts a visit with photos and a filmed video
 * (uploaded with progress); the town sees it waiting with "视频待人工审核", watches and confirms the video,
 * publishes and features it; the month's table counts it.
 */
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { openAs, screenshot, stepper, visibleText, withPreview, PHONE, tap } from './support/harness';

const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';
const PHOTO = path.join(__dirname, 'fixtures', 'wage-slip.png');
const TITLE = '翠林山村走访困难职工家庭';

const preview = withPreview({ viewport: PHONE });

async function choose(
  page: Page,
  frame: Frame,
  button: string | RegExp,
  files: Parameters<import('playwright-core').FileChooser['setFiles']>[0],
  agree = false,
) {
  const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
  await tap(frame, button);
  if (agree) await tap(frame, '同意并继续');
  await (await chooser).setFiles(files);
}

test('a village posts a visit with photos and a video; the town watches the video, publishes and features it', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'posts');

  const frame = await step('the collector opens 工作动态 and starts a post', async () => {
    const f = await openAs(page, preview.cloud.url, COLLECTOR, '/staff/pages/posts/index');
    await tap(f, '发布工作动态');
    await f.getByText('视频（现场拍摄').waitFor({ timeout: 20_000 });
    return f;
  });

  await step('a visit with text, two photos and a video', async () => {
    await frame.getByRole('button', { name: '走访，已选' }).waitFor();
    await frame.getByLabel('标题').fill(TITLE);
    await frame.getByLabel('正文').fill('村工会主席带队走访三户困难职工家庭，了解就医和子女上学情况，送去慰问品。');
    await choose(page, frame, /添加照片/, PHOTO, true);
    await frame.getByText('已上传').first().waitFor({ timeout: 20_000 });
    await choose(page, frame, '拍摄视频', {
      name: 'visit.mp4',
      mimeType: 'video/mp4',
      buffer: Buffer.alloc(200_000, 7),
    });
    await visibleText(frame, '已上传，发布后由上级人工审核视频').waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'posts-01-composed');

  await step('submitted: it waits for the town, the video marked for a person', async () => {
    await tap(frame, '提交审核');
    await visibleText(frame, '视频待人工审核').waitFor({ timeout: 20_000 });
    await visibleText(frame, '待审核').waitFor();
  });
  await screenshot(page, 'posts-02-submitted');

  const town = await step('the town sees it waiting for review with the video status', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, '/staff/pages/posts/index?box=review&upper=1');
    await f.getByRole('button', { name: new RegExp(`^翠林山村，${TITLE}，待审核`) }).waitFor({ timeout: 20_000 });
    await visibleText(f, '视频待人工审核').waitFor();
    return f;
  });
  await screenshot(page, 'posts-03-review-list');

  await step('publishing before the video is watched is refused; the town confirms it, then publishes', async () => {
    await town.getByRole('button', { name: new RegExp(`^翠林山村，${TITLE}`) }).click();
    await town.getByLabel('活动视频').waitFor({ timeout: 20_000 });
    await town.getByLabel(/^照片1，点击查看大图/).waitFor();
    await tap(town, '审核发布');
    await visibleText(town, '视频尚未人工审核，请先观看并确认').waitFor({ timeout: 20_000 });
    await town.getByRole('checkbox', { name: '我已看完视频，内容无问题' }).click();
    await tap(town, '视频审核通过');
    await visibleText(town, '视频已人工审核').waitFor({ timeout: 20_000 });
    await tap(town, '审核发布');
    await visibleText(town, '已发布').waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'posts-04-published');

  await step('the town features it', async () => {
    await tap(town, '设为精选');
    await visibleText(town, '已精选').waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'posts-05-featured');

  await step('the month’s table counts it for 万家乡', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, '/staff/pages/post-month/index');
    await f
      .getByRole('button', { name: /^万家乡，动态\d+条，精选\d+条，零报送\d+个单位/ })
      .waitFor({ timeout: 20_000 });
    await visibleText(f, /零报送：/).waitFor();
  });
  await screenshot(page, 'posts-06-month');
});
