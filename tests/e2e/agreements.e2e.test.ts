/**
 * A wage special contract (工资专项集体合同) from the offer to its publication, through the real pages in the preview
 * and the real functions, as the town's staff at phone width: the view of the town, an enterprise without a
 * contract, the offer, the written answer, the meeting, the enterprise's data, the draft, a vote without quorum
 * (refused, in words) and the vote that passes, the signatures, the filing; the developer panel moves the clock
 * past the 15-day review window and fires the timer; the contract is in force and is published.
 */
import { currentCaseId, openAs, screenshot, stepper, visibleText, withPreview } from './support/harness';
import type { Frame } from 'playwright-core';
import { DEMO_APPLICANTS } from '../../scripts/seed/reference-samples';

const TOWN_STAFF = 'demo-town-t15';

const preview = withPreview();

test('a wage special contract from the offer to its publication', async () => {
  const page = preview.page;
  await page.setViewportSize({ width: 375, height: 812 });
  const step = stepper(() => page, 'agreements');
  let frame: Frame;
  let caseId = '';

  /** Take the next step on the contract page: open its form, fill it, confirm, wait for the new state. */
  const record = async (label: string, fill: (f: Frame) => Promise<void>, then: string | RegExp) => {
    await frame.getByRole('button', { name: label }).click();
    await fill(frame);
    await frame.getByRole('button', { name: '确认登记' }).click();
    await visibleText(frame, then).first().waitFor({ timeout: 20_000 });
  };

  frame = await step('the town staff open the view of their town', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN_STAFF, '/staff/pages/agreements/index');
    await visibleText(f, /万家乡企业 \d+ 家/).waitFor();
    return f;
  });
  await screenshot(page, 'agreements-01-town-view');

  await step('they pick an enterprise with no contract and record the union’s offer to negotiate wages', async () => {
    await frame.getByRole('button', { name: '无有效合同' }).click();
    await visibleText(frame, '无集体合同', { exact: true }).click();
    await visibleText(frame, '还没有集体合同记录').waitFor();
    await frame.getByRole('button', { name: '登记要约' }).click();
    await frame.getByRole('radio', { name: '工资专项集体合同' }).click();
    await frame.getByLabel('要约内容').fill('就 2027 年度职工工资增长幅度和最低工资标准开展工资集体协商');
    await screenshot(page, 'agreements-02-offer');
    await frame.getByRole('button', { name: '确认登记要约' }).click();
    await visibleText(frame, '待书面回应').first().waitFor({ timeout: 20_000 });
    await visibleText(frame, /书面回应要约/).waitFor();
    caseId = await currentCaseId(frame);
    expect(caseId).toMatch(/^[0-9a-f]{32}$/);
  });
  await screenshot(page, 'agreements-03-offered');

  await step('the written answer, the meeting and the enterprise’s data', async () => {
    await record('登记书面回应', (f) => f.getByLabel('回应内容').fill('企业同意开展工资集体协商'), '协商中');
    await visibleText(frame, /召开工资集体协商会议/).waitFor();
    await record('登记协商会议', (f) => f.getByLabel('会议地点').fill('公司二楼会议室'), /企业提供工资和财务资料/);
    await record(
      '登记企业提供资料',
      (f) => f.getByLabel('提供的资料').fill('上年度工资总额、职工平均工资、利润表'),
      /企业已于 .* 提供工资和财务资料/,
    );
  });

  await step('the draft (one year) goes to the workers’ congress', async () => {
    await record(
      '登记合同草案',
      async (f) => {
        await f.getByLabel('职工方首席代表').fill('王代表');
        await f.getByLabel('企业方首席代表').fill('李代表');
        await f.getByLabel('主要条款').fill('2027 年职工工资平均增长 6%，最低工资不低于当地标准 120%');
      },
      '草案待职代会审议',
    );
  });

  await step('a vote without two thirds present is refused in words; the vote that passes is recorded', async () => {
    await frame.getByRole('button', { name: '登记职代会表决' }).click();
    const counts = async (present: string, inFavour: string, against: string) => {
      await frame.getByLabel('应到代表人数').fill('30');
      await frame.getByLabel('实到代表人数').fill(present);
      await frame.getByLabel('赞成票').fill(inFavour);
      await frame.getByLabel('反对票').fill(against);
      await frame.getByLabel('弃权票').fill('0');
      await frame.getByRole('button', { name: '确认登记' }).click();
    };
    await counts('19', '19', '0');
    await visibleText(frame, '实到代表 19 人，不足全体代表 30 人的三分之二（至少 20 人），表决无效').waitFor();
    await screenshot(page, 'agreements-04-vote-refused');
    await counts('20', '16', '4');
    await visibleText(frame, '职代会已通过，待签字').first().waitFor({ timeout: 20_000 });
  });

  await step('the signatures and the filing with the labour department', async () => {
    await record('登记签字', async () => undefined, '待报送人社部门');
    await visibleText(frame, /报送人社部门审查/).waitFor();
    await record('登记报送审查', (f) => f.getByLabel('受理部门').fill('松滋市人力资源和社会保障局'), '人社部门审查中');
    await visibleText(frame, /审查期（无异议即生效）/).waitFor();
  });
  await screenshot(page, 'agreements-05-filed');

  await step('16 days later without objection the timer puts it in force', async () => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.getByRole('tab', { name: /Timers/ }).click();
    await page.getByRole('spinbutton', { name: 'Days to advance' }).fill('16');
    await page.getByRole('button', { name: 'Advance' }).click();
    await page
      .locator('#clock-now')
      .getByText(/16 days ahead/)
      .waitFor();
    await page.getByRole('button', { name: 'Fire scheduler/overdueScan' }).click();
    await page
      .locator('#timer-result')
      .getByText(/scheduler\/overdueScan → 200/)
      .waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: /Data/ }).click();
    await page.setViewportSize({ width: 375, height: 812 });
    frame = await openAs(page, preview.cloud.url, TOWN_STAFF, `/staff/pages/agreement/index?id=${caseId}`);
    await visibleText(frame, '已生效，待向职工公布').first().waitFor({ timeout: 20_000 });
    await visibleText(frame, /向全体职工公布/).waitFor();
  });

  await step('it is published to the workers', async () => {
    await record('登记向职工公布', (f) => f.getByLabel('公布方式').fill('厂务公开栏张贴并在职工群发布'), '履行中');
    await visibleText(frame, /合同期满/).waitFor();
  });
  await screenshot(page, 'agreements-06-published');
});

test('a workers’ congress, a proposal, labour contracts and the union’s contact, entered on the enterprise page', async () => {
  const page = preview.page;
  await page.setViewportSize({ width: 375, height: 812 });
  const step = stepper(() => page, 'agreements-congress');
  const frame: Frame = await step('the town staff open an enterprise without a congress this year', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN_STAFF, '/staff/pages/agreements/index');
    await visibleText(f, /万家乡企业 \d+ 家/).waitFor();
    await f.getByRole('button', { name: '未开职代会' }).click();
    await f.getByRole('button', { name: '万家兴旺示例有限公司' }).click();
    await visibleText(f, '还没有职代会记录').waitFor();
    return f;
  });

  await step('they record the labour-contract signing', async () => {
    await frame.getByRole('button', { name: '登记劳动合同签订情况' }).click();
    await frame.getByLabel('职工人数').fill('176');
    await frame.getByLabel('已签订劳动合同人数').fill('170');
    await frame.getByRole('button', { name: '保存签订情况' }).click();
    await visibleText(frame, /已签订劳动合同 170 人，签订率 96\.6%/).waitFor({ timeout: 20_000 });
  });

  await step('they record a congress: too few front-line delegates is refused in words, then it is kept', async () => {
    await frame.getByRole('button', { name: '登记职代会' }).click();
    await visibleText(frame, '登记职代会').first().waitFor();
    await frame.getByRole('radio', { name: '职工代表大会' }).click();
    await frame.getByLabel('应到人数').fill('30');
    await frame.getByLabel('实到人数').fill('27');
    await frame.getByLabel('一线职工代表人数').fill('14');
    await frame.getByLabel('中层以上管理人员代表人数').fill('5');
    await frame.getByLabel('女职工代表人数').fill('9');
    await frame.getByLabel('会议议程').fill('审议工资专项集体合同草案\n听取厂务公开情况报告');
    await frame.getByLabel('第1项决议事项').fill('通过 2027 年度工资专项集体合同草案');
    await frame.getByLabel('第1项赞成票').fill('25');
    await frame.getByLabel('第1项反对票').fill('1');
    await frame.getByLabel('第1项弃权票').fill('1');
    await frame.getByLabel('第1项厂务公开事项', { exact: true }).fill('2026 年度职工福利费使用情况');
    await frame.getByRole('button', { name: '保存职代会记录' }).click();
    await visibleText(frame, '一线职工代表 14 名，不足代表总数的 50%（至少 15 名）').waitFor({ timeout: 20_000 });
    await screenshot(page, 'agreements-07-congress-refused');
    await frame.getByLabel('一线职工代表人数').fill('16');
    await frame.getByRole('button', { name: '保存职代会记录' }).click();
    await visibleText(frame, /第 1 届第 1 次（/).waitFor({ timeout: 20_000 });
    await visibleText(frame, /决议“通过 2027 年度工资专项集体合同草案”：赞成 25，反对 1，弃权 1，通过/).waitFor();
  });
  await screenshot(page, 'agreements-08-congress-kept');

  await step('they register a proposal to the congress and file it', async () => {
    await frame.getByRole('button', { name: '登记提案' }).click();
    await frame.getByLabel('案由').fill('改善夜班职工就餐条件');
    await frame.getByLabel('建议措施').fill('夜班增设热食窗口，延长食堂供餐时间至 24 时');
    await frame.getByLabel('提案人').fill('张测试');
    await frame.getByRole('button', { name: '提交提案' }).click();
    await visibleText(frame, '待审查立案').first().waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'agreements-09-proposal');

  await step('they name the union’s contact, who will hear the contracts’ countdowns', async () => {
    await page.getByRole('button', { name: '返回' }).click();
    await visibleText(frame, '改善夜班职工就餐条件').waitFor({ timeout: 20_000 });
    await frame.getByRole('button', { name: '指定联系人' }).click();
    await frame.getByLabel('联系人姓名').fill('张冒名');
    await frame.getByLabel('联系人身份证号').fill(DEMO_APPLICANTS.worker.idNumber);
    await frame.getByRole('button', { name: '确认指定联系人' }).click();
    await visibleText(frame, '姓名与身份证号登记的实名信息不一致').waitFor({ timeout: 20_000 });
    await frame.getByLabel('联系人姓名').fill(DEMO_APPLICANTS.worker.name);
    await frame.getByRole('button', { name: '确认指定联系人' }).click();
    await visibleText(frame, /（可接收提醒）/).waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'agreements-10-enterprise');

  await step('the city sees every town’s gaps', async () => {
    const f = await openAs(page, preview.cloud.url, 'demo-admin', '/staff/pages/agreements/index');
    await visibleText(f, /全市企业 \d+ 家/).waitFor({ timeout: 20_000 });
  });
  await screenshot(page, 'agreements-11-city-view');
});
