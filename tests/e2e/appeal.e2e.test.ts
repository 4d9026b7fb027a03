/**
 * Scenario 1: a migrant worker files a wage-arrears appeal with a photo; it goes to the home village, whose
 * collector escalates it to the town; the town's staff accept it, reply and close it; the worker sees the timeline
 * and rates it. Everything goes through the real pages in the preview and
 * the real functions in the local cloud.
 */
import path from 'node:path';
import {
  act,
  currentCaseId,
  openFromQueue,
  pick,
  timelineHas,
  visibleText,
  openAs,
  screenshot,
  stepper,
  switchPerson,
  withPreview,
} from './support/harness';

const WORKER = 'demo-migrant-1'; // 张测试, home village 万家乡翠林山村 (t15-v01)
const COLLECTOR = 'demo-collector-t15-v01'; // 罗采集员, 翠林山村 (where a migrant worker's appeal goes first)
const TOWN_STAFF = 'demo-town-t15'; // 高工作员, 万家乡
const PHOTO = path.join(__dirname, 'fixtures', 'wage-slip.png');

const preview = withPreview();

test('appeal: filed with a photo, accepted and answered by the town, rated by the worker', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'appeal');
  let caseId = '';

  let frame = await step('the worker opens the appeal form', async () => {
    const f = await openAs(page, preview.cloud.url, WORKER, '/pages/appeal/index');
    await f.getByText('我要诉求').first().waitFor();
    return f;
  });

  await step('the worker fills in the form (category, facts, employer, city, amount)', async () => {
    await pick(page, frame, '选择问题类别', '欠薪');
    await frame.getByText('欠薪 ▼').waitFor();
    await frame.getByLabel('事情经过').fill('2025年8月起在工地干活，老板拖欠三个月工资共一万二千元，多次讨要未果。');
    await frame.getByLabel('工作单位').fill('深圳某某建筑劳务公司');
    await frame.getByLabel('工作城市').fill('深圳');
    await frame.getByLabel('被拖欠的工资，单位元').fill('12000');
    await frame.getByRole('radio', { name: '电话联系我' }).click();
  });

  await step('the worker agrees to the privacy notice and uploads a photo of the wage slip', async () => {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await frame.getByRole('button', { name: /添加照片/ }).click();
    await frame.getByRole('button', { name: '同意并继续' }).click();
    await (await chooser).setFiles(PHOTO);
    await frame.getByText('已上传').waitFor({ timeout: 15_000 });
  });
  await screenshot(page, 'appeal-01-form-filled');

  await step('the worker submits and lands on the case page', async () => {
    await frame.getByRole('button', { name: '提交诉求' }).click();
    await frame.getByText('办理进度').waitFor({ timeout: 20_000 });
    await frame.getByText('待受理').first().waitFor();
    caseId = await currentCaseId(frame);
    expect(caseId).toBeTruthy();
  });
  await screenshot(page, 'appeal-02-submitted');

  await step('the photo is stored in the case, and the worker was asked for progress notices', async () => {
    const res = await fetch(`${preview.cloud.url}/dev/collections/cases?limit=1000`);
    const { documents } = (await res.json()) as { documents: { _id: string; form?: { attachments?: string[] } }[] };
    const stored = documents.find((d) => d._id === caseId);
    expect(stored?.form?.attachments?.[0]).toMatch(/^cloud:\/\//);
    await page.getByRole('tab', { name: /Console/ }).click();
    await page
      .locator('#console')
      .getByText(/requestSubscribeMessage: accepted/)
      .waitFor();
  });

  frame = await step('the village collector switches in and opens the appeal from the workbench queue', async () => {
    await switchPerson(page, COLLECTOR);
    return openFromQueue(page, preview.cloud.url, COLLECTOR, caseId, '待受理');
  });

  await step('the village collector escalates the appeal to the town', async () => {
    await act(page, frame, '上报上级', async (f) => {
      await f.getByLabel('上报意见').fill('跨省欠薪，需乡镇协调处理。');
    });
    await timelineHas(frame, '上报上级');
  });
  await screenshot(page, 'appeal-03-escalated-by-village');

  frame = await step('town staff open the appeal from their queue', async () => {
    return openFromQueue(page, preview.cloud.url, TOWN_STAFF, caseId, '待受理');
  });

  await step('town staff accept the appeal', async () => {
    await act(page, frame, '受理');
    await timelineHas(frame, '受理');
    await visibleText(frame, '办理中').waitFor();
  });

  await step('town staff reply', async () => {
    await frame.getByLabel('答复内容').fill('已联系用工单位，约定本月15日前结清全部欠薪，请保持电话畅通。');
    await frame.getByRole('button', { name: '发送答复' }).click();
    await timelineHas(frame, '答复');
    await visibleText(frame, '已答复').waitFor();
  });
  await screenshot(page, 'appeal-04-town-replied');

  await step('town staff close the case', async () => {
    await act(page, frame, '办结');
    await timelineHas(frame, '办结');
  });

  frame = await step('the worker comes back to the case', async () => {
    return openAs(page, preview.cloud.url, WORKER, `/pages/case/index?id=${caseId}`);
  });

  await step('the worker sees the whole timeline with the reply', async () => {
    await frame.getByText('已办结').first().waitFor();
    await frame
      .getByText(/已联系用工单位/)
      .first()
      .waitFor();
    for (const action of ['提交', '上报上级', '受理', '答复', '办结']) await timelineHas(frame, action);
    await page.locator('#outbox li').first().waitFor();
  });
  await screenshot(page, 'appeal-05-worker-timeline');

  await step('the worker rates the handling', async () => {
    await act(page, frame, '评价', async (f) => {
      await f.getByRole('button', { name: '5星' }).click();
      await f.getByRole('button', { name: '满意', exact: true }).click();
    });
    await timelineHas(frame, '评价');
    await frame.getByText(/我的评价/).waitFor();
  });
  await screenshot(page, 'appeal-06-rated');
});
