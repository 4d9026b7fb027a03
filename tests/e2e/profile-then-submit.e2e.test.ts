/**
 * A newcomer with no profile files an appeal: the service sends them to complete the profile; they save it, come
 * back to the appeal (everything typed still there) and submit again — with the same request id, which the server
 * ran and refused the first time. It goes through, once: the refusal was never replayed.
 */
import { makeIdNumber } from '../../domain/security/validators';
import { openAs, pick, screenshot, stepper, withPreview } from './support/harness';

const NEWCOMER = 'demo-newcomer';

const preview = withPreview();

/** The newcomer's cases as stored. */
async function casesOfNewcomer(): Promise<{ _id: string }[]> {
  const res = await fetch(`${preview.cloud.url}/dev/collections/cases?limit=1000`);
  const { documents } = (await res.json()) as { documents: { _id: string; applicantOpenid: string }[] };
  return documents.filter((d) => d.applicantOpenid === NEWCOMER);
}

test('newcomer: an appeal refused for the missing profile goes through after the profile is saved', async () => {
  const page = preview.page;
  await page.setViewportSize({ width: 1100, height: 900 });
  const step = stepper(() => page, 'profile-then-submit');

  const frame = await step('the newcomer opens the appeal form and fills it in', async () => {
    const f = await openAs(page, preview.cloud.url, NEWCOMER, '/pages/appeal/index');
    await pick(page, f, '选择问题类别', '欠薪');
    await f.getByLabel('事情经过').fill('在工地干了两个月，包工头一直不结工钱，共八千元，电话也不接。');
    await f.getByLabel('工作单位').fill('某某劳务公司');
    await f.getByLabel('工作城市').fill('宜昌');
    await f.getByLabel('被拖欠的工资，单位元').fill('8000');
    await f.getByRole('radio', { name: '电话联系我' }).click();
    return f;
  });

  await step('submitting sends the newcomer to complete the profile first', async () => {
    await frame.getByRole('button', { name: '提交诉求' }).click();
    await frame.getByText('完善个人资料').waitFor({ timeout: 20_000 });
    await frame.getByText(/保存后会回到刚才的页面/).waitFor();
    expect(await casesOfNewcomer()).toHaveLength(0);
  });
  await screenshot(page, 'profile-then-submit-01-profile-asked');

  await step('the newcomer fills in and saves the profile, and is back on the appeal', async () => {
    await frame.getByRole('textbox', { name: '姓名', exact: true }).fill('周新来');
    await frame.getByRole('textbox', { name: '身份证号', exact: true }).fill(makeIdNumber('421087', '19900315', 871));
    await frame.getByRole('textbox', { name: '手机号' }).fill('13700137011');
    await pick(page, frame, '选择乡镇（街道）', '万家乡');
    await pick(page, frame, '选择村（社区）', '翠林山村');
    await frame.getByRole('checkbox', { name: '农民工' }).click();
    await frame.getByRole('checkbox', { name: '我已阅读并同意' }).click();
    await frame.getByRole('button', { name: '保存资料' }).click();
    await frame.waitForFunction(`document.documentElement.dataset.route === 'pages/appeal/index'`, undefined, {
      timeout: 20_000,
    });
    expect(await frame.getByLabel('事情经过').inputValue()).toMatch(/^在工地干了两个月/);
  });
  await screenshot(page, 'profile-then-submit-02-back-on-appeal');

  await step('submitting again goes through and opens the case', async () => {
    await frame.getByRole('button', { name: '提交诉求' }).click();
    await frame.getByText('办理进度').waitFor({ timeout: 20_000 });
    await frame.getByText('待受理').first().waitFor();
    expect(await casesOfNewcomer()).toHaveLength(1);
  });
  await screenshot(page, 'profile-then-submit-03-submitted');
});
