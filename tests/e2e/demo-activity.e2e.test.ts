/**
 * `npm start`'s demo tasks and posts at a phone's width (375 px), as each person finds them: the city's board of the
 * visit task by village (yellow, one village done, one extension asked) and its posts to review; the town's overdue
 * report form and its posts to review with a video waiting for a person; the collector's part whose timeline starts
 * with 下发.
 */
import type { Frame } from 'playwright-core';
import { openAs, screenshot, stepper, visibleText, withPreview, PHONE } from './support/harness';

const ADMIN = 'demo-admin';
const TOWN = 'demo-town-t15';
const COLLECTOR = 'demo-collector-t15-v01';

const preview = withPreview({ cloud: { seedActivity: true }, viewport: PHONE });

const button = (frame: Frame, name: RegExp) => frame.getByRole('button', { name }).filter({ visible: true }).first();

test('the city, the town and a collector find the demo tasks and posts populated', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'demo-activity');

  await step('the city opens the visit task: completion by village, yellow, one-tap remind and export', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await button(f, /^走访任务，【演示】冬季困难职工家庭入户走访/).click({ timeout: 20_000 });
    await visibleText(f, '共 14 个村：已签收 7，已完成 1，未签收 7，逾期 0').waitFor({ timeout: 30_000 });
    await button(f, /，已完成，已完成$/).waitFor();
    await button(f, /，延期待批，临近截止$/).waitFor();
    await button(f, /，待签收，临近截止$/).waitFor();
    await button(f, /^一键催办/).waitFor();
    await button(f, /^导出完成情况/).waitFor();
  });
  await screenshot(page, 'demo-activity-01-city-board');

  await step('the city’s posts to review: the town’s own and a recommended one', async () => {
    const f = await openAs(page, preview.cloud.url, ADMIN, '/staff/pages/posts/index?box=review&upper=1&city=1');
    await button(f, /^万家乡，【演示】万家乡企业建会情况调研，待审核/).waitFor({ timeout: 20_000 });
    await button(f, /，已推荐至市总$/).waitFor();
    expect(await f.getByRole('button', { name: '发布工作动态' }).count()).toBe(0);
  });
  await screenshot(page, 'demo-activity-02-city-posts');

  await step('the town’s report form is overdue for the villages that have not reported', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, '/staff/pages/tasks/index?issuer=1&box=issued');
    await button(f, /^报表，【演示】会员实名制数据月报/).click({ timeout: 20_000 });
    await visibleText(f, /^共 14 个村：已签收 5，已完成 1，未签收 9，逾期 13/).waitFor({ timeout: 30_000 });
    await button(f, /，已逾期$/).waitFor();
  });
  await screenshot(page, 'demo-activity-03-town-board');

  await step('the town reviews posts: a video waits for a person', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, '/staff/pages/posts/index?box=review&upper=1');
    await button(f, /【演示】村工会委员会季度例会，待审核/).waitFor({ timeout: 20_000 });
    await visibleText(f, '视频待人工审核').waitFor();
  });
  await screenshot(page, 'demo-activity-04-town-review');

  await step('the collector’s part: signed, due soon, the timeline starting with 下发', async () => {
    const f = await openAs(page, preview.cloud.url, COLLECTOR, '/staff/pages/tasks/index');
    await button(f, /^走访任务，【演示】冬季困难职工家庭入户走访，办理中/).click({ timeout: 20_000 });
    await visibleText(f, /^下发（翠林山村）/).waitFor({ timeout: 20_000 });
    await visibleText(f, /^签收/).waitFor();
    await button(f, /^上报办理情况/).waitFor();
    await button(f, /^申请延期/).waitFor();
  });
  await screenshot(page, 'demo-activity-05-collector-part');
});
