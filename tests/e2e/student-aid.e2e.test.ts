/**
 * Scenario 2: a student-aid (金秋助学) application goes village → town → city → public notice → payment batch,
 * and the applicant sees it paid. A worker applies in the five-step form (with the admission letter photo);
 * the village collector records the home visit and approves; the town and the city approve; the city
 * administrator publishes the notice; after the notice period (the functions' clock moved on with
 * UNION_CLOCK_OFFSET_MS, which the local cloud reads at every call) the city makes the payment batch and records
 * the payment as received; the worker sees 已发放.
 */
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { makeIdNumber } from '../../domain/security/validators';
import { DEMO_APPLICANTS } from '../../scripts/seed/reference-samples';
import {
  act,
  currentCaseId,
  openFromQueue as openFromQueueAt,
  pick,
  visibleText,
  openAs,
  screenshot,
  stepper,
  withPreview,
} from './support/harness';

const WORKER = DEMO_APPLICANTS.worker; // demo-worker-1, 万家乡翠林山村, in the household registry
const CHILD = { name: `${WORKER.name[0]}小五`, idNumber: makeIdNumber('421087', '20080808', 971) };
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN_STAFF = 'demo-town-t15';
const CITY_ADMIN = 'demo-admin';
const LETTER = path.join(__dirname, 'fixtures', 'wage-slip.png');
const DAY = 86_400_000;

/** A Luhn-valid card number. */
function card(n: number): string {
  const body = `62170000${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

// The functions' clock starts now and is put back after the scenario.
beforeAll(() => delete process.env.UNION_CLOCK_OFFSET_MS);
afterAll(() => delete process.env.UNION_CLOCK_OFFSET_MS);
const preview = withPreview();

/** Tap 下一步 and check the form moved on (else report the errors the page shows). */
async function next(frame: Frame): Promise<void> {
  const stepOf = () => frame.evaluate('getCurrentPages().slice(-1)[0].data.step') as Promise<number>;
  const before = await stepOf();
  await frame.getByRole('button', { name: '下一步' }).click();
  for (let i = 0; i < 20 && (await stepOf()) === before; i++) await frame.page().waitForTimeout(100);
  if ((await stepOf()) === before) {
    const errors = await frame.evaluate('JSON.stringify(getCurrentPages().slice(-1)[0].data.errors)');
    throw new Error(`the form stayed on step ${before + 1}: ${String(errors)}`);
  }
}

const openFromQueue = (page: Page, openid: string, caseId: string, status: string) =>
  openFromQueueAt(page, preview.cloud.url, openid, caseId, status);

test('student aid: village → town → city → public notice → payment batch → paid', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'student-aid');
  let caseId = '';

  let frame = await step('the worker opens 金秋助学 from the home page', async () => {
    const f = await openAs(page, preview.cloud.url, WORKER.openid, '/pages/home/index');
    await f.getByRole('button', { name: /^金秋助学/ }).click();
    await f.getByLabel('申请人姓名').waitFor();
    return f;
  });

  await step('step 1: the applicant (ID number and phone from the profile, shown masked to confirm)', async () => {
    await frame.getByLabel('申请人姓名').fill(WORKER.name);
    const masked = `身份证号：${WORKER.idNumber.slice(0, 4)}**********${WORKER.idNumber.slice(-4)}`;
    await visibleText(frame, masked).waitFor();
    expect(await frame.getByLabel('申请人身份证号').count()).toBe(0);
    // A profile without a phone asks for one here.
    if (await frame.getByLabel('申请人手机号').count()) await frame.getByLabel('申请人手机号').fill('13700137000');
    await frame.getByRole('radio', { name: '职工', exact: true }).click();
    await pick(page, frame, '选择乡镇（街道）', '万家乡');
    await pick(page, frame, '选择村（社区）', '翠林山村');
  });
  await screenshot(page, 'student-aid-01-applicant');

  await step('step 2: the child, with the admission letter', async () => {
    await next(frame);
    await frame.getByLabel('子女姓名').fill(CHILD.name);
    await frame.getByLabel('子女身份证号').fill(CHILD.idNumber);
    await frame.getByLabel('录取学校').fill('武汉示例大学');
    await frame.getByRole('radio', { name: '本科' }).click();
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await frame.getByRole('button', { name: /拍录取通知书/ }).click();
    await frame.getByRole('button', { name: '同意并继续' }).click();
    await (await chooser).setFiles(LETTER);
    await frame.getByText('已上传').waitFor({ timeout: 15_000 });
  });
  await screenshot(page, 'student-aid-02-child');

  await step('step 3: household income', async () => {
    await next(frame);
    await frame.getByLabel('第1位家庭成员年收入，单位元').fill('6000');
    await frame.getByLabel('去年因病因灾花费，单位元').fill('0');
  });

  await step('step 4: the bank card', async () => {
    await next(frame);
    await frame.getByLabel('银行卡号').fill(card(77));
    await frame.getByLabel('开户银行').fill('中国农业银行松滋支行');
    await frame.getByLabel('持卡人姓名').fill(WORKER.name);
  });

  await step('step 5: consents, then submit', async () => {
    await next(frame);
    await frame.getByRole('checkbox', { name: '我同意处理上述敏感个人信息' }).click();
    await frame.getByRole('radio', { name: '同意列入公示', exact: true }).click();
    await frame.getByRole('checkbox', { name: '我是孩子的监护人，同意提供孩子的信息' }).click();
    await screenshot(page, 'student-aid-03-consents');
    await frame.getByRole('button', { name: '提交申请' }).click();
    await page.waitForFunction(
      `document.getElementById('webview').contentDocument.documentElement.dataset.route !== 'pages/aid-apply/index'`,
      undefined,
      { timeout: 20_000 },
    );
    caseId = await currentCaseId(frame);
    expect(caseId).toBeTruthy();
  });
  await screenshot(page, 'student-aid-04-submitted');

  await step('the developer panel shows the stored application with identifiers encrypted', async () => {
    await page.getByRole('tab', { name: /Data/ }).click();
    await page.locator('#collection-refresh').click();
    await page.locator('#collections button', { hasText: /^aid_applications$/ }).click();
    await page.locator('#documents .doc').first().waitFor();
    const stored = (await page.locator('#documents').textContent()) ?? '';
    expect(stored).toContain(caseId);
    for (const secret of [WORKER.idNumber, CHILD.idNumber, card(77)]) expect(stored).not.toContain(secret);
  });
  await screenshot(page, 'student-aid-05-stored-encrypted');

  frame = await step('the village collector opens it from the queue and records the home visit', async () => {
    const f = await openFromQueue(page, COLLECTOR, caseId, '待村级核实');
    await f.getByRole('button', { name: '登记入户核实' }).click();
    await f.getByLabel('走访情况').fill('入户核实：家庭情况属实，孩子已被录取。');
    await f.getByRole('button', { name: '保存走访记录' }).click();
    await f.getByRole('button', { name: '登记入户核实' }).or(f.getByText(/走访/).first()).first().waitFor();
    return f;
  });

  // Every approval takes the reviewer's opinion (shown in the timeline).
  const opinion = (text: string) => async (f: Frame) => {
    await f.getByLabel('审核意见').fill(text);
  };
  await step('the village collector approves', async () => {
    await act(page, frame, '审核通过', opinion('入户核实情况属实，同意上报。'));
    await frame.getByText('待乡镇审核').first().waitFor();
  });
  await screenshot(page, 'student-aid-06-village-approved');

  await step('the town approves', async () => {
    frame = await openFromQueue(page, TOWN_STAFF, caseId, '待乡镇审核');
    await act(page, frame, '审核通过', opinion('材料齐全，同意。'));
    await frame.getByText('待市总审批').first().waitFor();
  });

  await step('the city approves', async () => {
    frame = await openFromQueue(page, CITY_ADMIN, caseId, '待市总审批');
    await act(page, frame, '审核通过', opinion('同意资助。'));
    await frame
      .getByText(/审批通过/)
      .first()
      .waitFor();
  });
  await screenshot(page, 'student-aid-07-city-approved');

  await step('the city publishes the public notice', async () => {
    frame = await openAs(page, preview.cloud.url, CITY_ADMIN, '/staff/pages/notices/index');
    await frame
      .getByRole('button', { name: /^发布.*金秋助学.*的公示$/ })
      .first()
      .click();
    const modal = page.getByRole('dialog');
    if (await modal.count()) await modal.getByRole('button', { name: '确定' }).click();
    await page.waitForTimeout(500);
  });
  await screenshot(page, 'student-aid-08-notice-published');

  await step('the applicant sees the application in public notice', async () => {
    frame = await openAs(page, preview.cloud.url, WORKER.openid, `/pages/aid-application/index?id=${caseId}`);
    await frame
      .getByText(/公示中/)
      .first()
      .waitFor();
  });

  await step(
    'the notice period ends: the local clock is advanced and noticeExpiry fired from the developer panel',
    async () => {
      await page.getByRole('tab', { name: /Timers/ }).click();
      // The developer panel's clock control moves the functions' time (issue 12 item 20).
      await page.getByRole('spinbutton', { name: 'Days to advance' }).fill(String(12));
      await page.getByRole('button', { name: 'Advance' }).click();
      await page
        .locator('#clock-now')
        .getByText(/12 days ahead/)
        .waitFor();
      expect(Number(process.env.UNION_CLOCK_OFFSET_MS)).toBe(12 * DAY);
      await page.getByRole('button', { name: 'Fire aid/noticeExpiry' }).click();
      await page
        .locator('#timer-result')
        .getByText(/aid\/noticeExpiry → 200/)
        .waitFor();
      await page.getByRole('tab', { name: /Data/ }).click();
      frame = await openAs(page, preview.cloud.url, WORKER.openid, `/pages/aid-application/index?id=${caseId}`);
      await visibleText(frame, /公示期满/).waitFor();
    },
  );

  await step('the city makes the payment batch', async () => {
    frame = await openAs(page, preview.cloud.url, CITY_ADMIN, '/staff/pages/payments/index');
    await frame
      .getByRole('button', { name: /^从.*金秋助学.*生成发放批次$/ })
      .first()
      .click();
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click();
    await frame.getByRole('button', { name: '导出银行文件' }).waitFor();
  });
  await screenshot(page, 'student-aid-09-payment-batch');

  await step('the city exports the bank file', async () => {
    await frame.getByRole('button', { name: '导出银行文件' }).click();
    const modal = page.getByRole('dialog', { name: '银行文件已生成' });
    await modal.waitFor();
    await screenshot(page, 'student-aid-10-bank-file');
    await modal.getByRole('button', { name: '确定' }).click();
  });

  await step('the city records the payment as received', async () => {
    await frame.getByRole('button', { name: '登记已到账' }).first().click();
    const modal = page.getByRole('dialog');
    if (await modal.count()) await modal.getByRole('button', { name: '确定' }).click();
    await frame.getByText('已到账', { exact: true }).waitFor();
  });

  await step('the applicant sees 已发放', async () => {
    frame = await openAs(page, preview.cloud.url, WORKER.openid, `/pages/aid-application/index?id=${caseId}`);
    await frame.getByText('已发放').first().waitFor();
  });
  await screenshot(page, 'student-aid-11-paid');
});
