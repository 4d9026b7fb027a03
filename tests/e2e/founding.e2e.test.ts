/**
 * Union founding in the preview at phone width: an enterprise's contact files the request (建会请示); the town asks
 * for more information; the contact corrects and resubmits; the town approves the preparatory group; workers join
 * through the group's link; the group reports its members and groups on its page; the candidate list, the 7-day
 * publication (the timer) and the election go through the functions; the town approves the result with a 文号 and a
 * 任期 on the staff page; the enterprise sees the 批复; the union enters the registry and the town's board counts it
 * as founded online. A second request is refused with a reason the enterprise reads.
 */
import jsQR from 'jsqr';
import { act, openAs, pick, screenshot, stepper, visibleText, withPreview } from './support/harness';

const CONTACT = 'demo-worker-1';
const WORKERS = ['demo-worker-2', 'demo-worker-3', 'demo-worker-4'];
const TOWN = 'demo-town-t15';
const ADMIN = 'demo-admin';

// The functions' clock is put back after the scenario.
afterAll(() => delete process.env.UNION_CLOCK_OFFSET_MS);
const preview = withPreview();

let n = 0;
/** A step taken through the functions (the scenario's middle, covered page by page elsewhere). */
async function call(openid: string, fn: string, action: string, input: unknown) {
  const out = (
    await preview.cloud.cloud.callFunction(
      fn,
      { action, input, requestId: `e2e-founding-${(n += 1)}-${Date.now()}` },
      { openid },
    )
  ).result as { ok: boolean; data: Record<string, unknown>; message?: string };
  if (!out.ok) throw new Error(`${fn}.${action}: ${out.message}`);
  return out.data;
}
async function actApi(openid: string, caseId: string, action: string, extra: Record<string, unknown>) {
  const c = await call(openid, 'cases', 'get', { caseId });
  return call(openid, 'cases', 'act', { caseId, action, version: c.version, ...extra });
}

async function fillRequest(
  frame: import('playwright-core').Frame,
  page: import('playwright-core').Page,
  unit: string,
  code: string,
) {
  await frame.getByLabel('单位名称', { exact: true }).fill(unit);
  await frame.getByLabel('统一社会信用代码', { exact: true }).fill(code);
  await pick(page, frame, '选择乡镇（街道）', '万家乡');
  await frame.getByLabel('单位地址', { exact: true }).fill('万家乡工业园 8 号');
  await frame.getByLabel('法定代表人', { exact: true }).fill('张建国');
  await frame.getByLabel('所属行业', { exact: true }).fill('机械制造');
  await frame.getByLabel('职工人数', { exact: true }).fill('3');
  await frame.getByLabel('女职工人数', { exact: true }).fill('1');
  for (const [i, [name, post]] of [
    ['王小红', '车间主任'],
    ['李明', '技术员'],
    ['赵强', '班组长'],
  ].entries()) {
    await frame.getByLabel(`筹备组第${i + 1}人姓名`, { exact: true }).fill(name);
    await frame.getByLabel(`筹备组第${i + 1}人职务`, { exact: true }).fill(post);
  }
  await frame.getByLabel('建会理由', { exact: true }).fill('职工有入会意愿，企业支持建会，请予批准。');
  await frame.getByLabel('单位党政意见', { exact: true }).fill('企业党支部、行政同意建会');
}

test('founding: request, return for information, approval, joining, election, 批复, registry; and a refusal', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'founding');
  let caseId = '';

  let frame = await step('the enterprise’s contact opens 单位建会 and files the request', async () => {
    const f = await openAs(page, preview.cloud.url, CONTACT, '/pages/founding/index');
    await f.getByText('申请建立工会').first().waitFor();
    await fillRequest(f, page, '松滋示例机械有限公司', '91421087MA4F00000N');
    return f;
  });
  await screenshot(page, 'founding-01-request');
  await step('submitted: the progress page shows the first step with its deadline', async () => {
    await frame.getByRole('button', { name: '提交建会请示' }).click();
    await visibleText(frame, '待乡镇工会审核').waitFor({ timeout: 20_000 });
    await visibleText(frame, /本步办理期限/).waitFor();
    caseId = new URL(page.url()).searchParams.get('url')?.split('id=')[1] ?? '';
    if (!caseId) {
      const mine = await call(CONTACT, 'cases', 'mine', {});
      caseId = (mine.items as { _id: string }[])[0]._id;
    }
  });
  await screenshot(page, 'founding-02-progress');

  frame = await step('the town asks for more information on the staff page', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, `/staff/pages/case/index?id=${caseId}`);
    await visibleText(f, '待乡镇工会审核').waitFor({ timeout: 20_000 });
    await act(page, f, '退回补充', async (p) => {
      await p.getByLabel('说明', { exact: true }).fill('请补充营业执照复印件，并写明职工人数的统计日期。');
    });
    await visibleText(f, '待企业补充材料').waitFor({ timeout: 20_000 });
    return f;
  });
  await screenshot(page, 'founding-03-town-returns');

  frame = await step('the contact corrects the request and resubmits', async () => {
    const f = await openAs(page, preview.cloud.url, CONTACT, `/pages/founding/index?id=${caseId}`);
    await visibleText(f, '补充材料后重新提交').waitFor({ timeout: 20_000 });
    await f
      .getByLabel('建会理由', { exact: true })
      .fill('职工有入会意愿，企业支持建会，职工人数按 2026 年 11 月底统计，请予批准。');
    await f.getByRole('button', { name: '提交建会请示' }).click();
    await visibleText(f, '待乡镇工会审核').waitFor({ timeout: 20_000 });
    return f;
  });

  frame = await step('the town approves the preparatory group', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, `/staff/pages/case/index?id=${caseId}`);
    await visibleText(f, '待乡镇工会审核').waitFor({ timeout: 20_000 });
    await act(page, f, '审核通过', async (p) => {
      await p.getByLabel('审核意见', { exact: true }).fill('材料齐全，同意成立筹备组。');
    });
    await visibleText(f, '筹备组发展会员').waitFor({ timeout: 20_000 });
    return f;
  });

  let code = '';
  let scanned = '';
  frame = await step('the group sees its join link and QR code; workers join through it', async () => {
    const f = await openAs(page, preview.cloud.url, CONTACT, `/pages/founding/index?id=${caseId}`);
    await visibleText(f, '分享给职工').waitFor({ timeout: 20_000 });
    // scan the QR image on the page as a phone's camera would: its pixels through a QR reader
    const qr = f.getByLabel('入会二维码，职工用微信扫一扫即可加入', { exact: true });
    await qr.waitFor();
    const pixels = (await f.evaluate(`(async () => {
      const host = document.querySelector('[aria-label="入会二维码，职工用微信扫一扫即可加入"]');
      const img = new Image();
      img.src = (host.querySelector('img') || host).src;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      return { w: canvas.width, h: canvas.height, data: Array.from(g.getImageData(0, 0, canvas.width, canvas.height).data) };
    })()`)) as { w: number; h: number; data: number[] };
    scanned = jsQR(Uint8ClampedArray.from(pixels.data), pixels.w, pixels.h)?.data ?? '';
    expect(scanned).toMatch(/^https:\/\/.+\?code=[0-9a-f]{32}$/);
    code = new URL(scanned).searchParams.get('code') ?? '';
    // the page shows the QR code and the share button, never the raw code
    expect(await f.locator('body').innerText()).not.toMatch(/[0-9a-f]{32}/);
    // at 375 px every button's words stay on one line
    // (browser-side code as text: this repo's tsconfig has no DOM types)
    const lineCount = new Function(
      'b',
      `const range = document.createRange();
      range.selectNodeContents(b);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;`,
    ) as (b: unknown) => number;
    for (const name of ['分享入会链接给职工', '复制入会链接', '刷新人数', '会员发展完成'])
      expect([name, await f.getByRole('button', { name, exact: true }).evaluate(lineCount)]).toEqual([name, 1]);
    return f;
  });
  await screenshot(page, 'founding-04-join-link');
  frame = await step('a worker scans the QR code and joins', async () => {
    // WeChat opens the registered page with the scanned link as `q` (URL-encoded once)
    const q = encodeURIComponent(scanned);
    const f = await openAs(page, preview.cloud.url, WORKERS[0], `/pages/join/index?q=${q}&scancode_time=1765100000`);
    await visibleText(f, '松滋示例机械有限公司').waitFor({ timeout: 20_000 });
    await f.getByRole('button', { name: '加入工会' }).click();
    // joining files a 入会申请 at the town's union, which the worker follows on its case page
    await visibleText(f, /您已申请加入松滋示例机械有限公司工会（筹建中）/).waitFor({ timeout: 20_000 });
    await f.getByRole('button', { name: '查看入会申请的办理进度' }).click();
    await visibleText(f, '待工会审核').waitFor({ timeout: 20_000 });
    await visibleText(f, /预备会员/).waitFor();
    expect(await f.locator('body').innerText()).not.toContain('内容正在核对中');
    return f;
  });
  await screenshot(page, 'founding-05-worker-joined');
  for (const w of WORKERS.slice(1)) await call(w, 'founding', 'join', { code });

  frame = await step('the group reports its members and its union group on its page', async () => {
    const f = await openAs(page, preview.cloud.url, CONTACT, `/pages/founding/index?id=${caseId}`);
    await visibleText(f, '会员发展完成（3 人）').waitFor({ timeout: 20_000 });
    await f.getByRole('button', { name: '会员发展完成' }).click();
    await visibleText(f, '每个小组的人数加起来应等于会员人数。').waitFor({ timeout: 20_000 });
    await f.getByLabel('第1组名称', { exact: true }).fill('全体职工小组');
    await f.getByLabel('第1组组长', { exact: true }).fill('李明');
    await f.getByLabel('第1组人数', { exact: true }).fill('2');
    await f.getByRole('button', { name: '提交', exact: true }).click();
    await visibleText(f, /各小组人数合计 2 人，应等于会员人数 3 人/).waitFor({ timeout: 20_000 });
    await f.getByLabel('第1组人数', { exact: true }).fill('3');
    await f.getByRole('button', { name: '提交', exact: true }).click();
    await visibleText(f, /委员会实行差额选举/).waitFor({ timeout: 20_000 });
    return f;
  });
  await screenshot(page, 'founding-06-rule-refused-then-groups');

  await step('the candidate list, its 7-day publication and the election go through', async () => {
    const cand = (name: string, forChairman = false) => ({
      name,
      post: 'staff',
      kinship: 'none',
      foreign: false,
      forChairman,
    });
    await actApi(CONTACT, caseId, 'report_candidates', {
      inputs: {
        step: {
          assembly: 'members',
          committeeSeats: 1,
          auditSeats: 0,
          committee: [cand('王小红', true), cand('李明')],
        },
      },
    });
    await actApi(TOWN, caseId, 'publish_candidates', { inputs: { opinion: '同意公示' } });
    process.env.UNION_CLOCK_OFFSET_MS = String(7 * 86_400_000 + 60_000);
    await call(ADMIN, 'scheduler', 'run', { task: 'founding' });
    await actApi(TOWN, caseId, 'approve_candidates', { inputs: { opinion: '公示无异议，批准' } });
    const result = {
      due: 3,
      present: 3,
      womenMembers: 1,
      committee: [
        { name: '王小红', votes: 3 },
        { name: '李明', votes: 0 },
      ],
      audit: [],
      chairman: '王小红',
      heldOn: '2026-12-20',
    };
    await actApi(CONTACT, caseId, 'report_election', { inputs: { step: result } });
  });

  frame = await step('the town approves the result with a 文号 and a 任期', async () => {
    const f = await openAs(page, preview.cloud.url, TOWN, `/staff/pages/case/index?id=${caseId}`);
    await visibleText(f, '待批复选举结果').waitFor({ timeout: 20_000 });
    await act(page, f, '批复选举结果', async (p) => {
      await p.getByLabel('批复文号', { exact: true }).fill('万工〔2026〕15号');
      await p.getByLabel('任期（年）', { exact: true }).fill('5');
      await p.getByLabel('批复意见', { exact: true }).fill('同意选举结果，请依法办理法人资格登记。');
    });
    await visibleText(f, '完善工会信息').waitFor({ timeout: 20_000 });
    return f;
  });
  await screenshot(page, 'founding-07-town-approves');

  frame = await step('the enterprise sees the 批复 and completes the profile', async () => {
    const f = await openAs(page, preview.cloud.url, CONTACT, `/pages/founding/index?id=${caseId}`);
    await visibleText(f, '关于同意松滋示例机械有限公司工会委员会选举结果的批复').waitFor({ timeout: 20_000 });
    await visibleText(f, /万工〔2026〕15号/).waitFor();
    await f.getByLabel('工会全称', { exact: true }).fill('松滋示例机械有限公司工会小组');
    await f.getByLabel('工会地址', { exact: true }).fill('万家乡工业园 8 号');
    await f.getByLabel('专职工会干部人数', { exact: true }).fill('0');
    await f.getByLabel('女职工委员', { exact: true }).fill('王小红');
    await f.getByRole('button', { name: '提交', exact: true }).click();
    await visibleText(f, '待录入工会组织库').waitFor({ timeout: 20_000 });
    return f;
  });
  await screenshot(page, 'founding-08-approval-shown');

  frame = await step('the town enters the union in the registry; the board counts it founded online', async () => {
    let f = await openAs(page, preview.cloud.url, TOWN, `/staff/pages/case/index?id=${caseId}`);
    await visibleText(f, '待录入工会组织库').waitFor({ timeout: 20_000 });
    await act(page, f, '录入工会组织库', async (p) => {
      await p.getByLabel('录入说明', { exact: true }).fill('已核对工会信息，录入工会组织库。');
    });
    await visibleText(f, '办理法人资格登记').waitFor({ timeout: 20_000 });
    f = await openAs(page, preview.cloud.url, TOWN, '/staff/pages/founding/index');
    await visibleText(f, '万家乡建会情况').waitFor({ timeout: 20_000 });
    await f.getByLabel('网上建会 1 个', { exact: true }).waitFor();
    await f.getByRole('button', { name: '办理法人资格登记，1件' }).waitFor();
    return f;
  });
  await screenshot(page, 'founding-09-board');

  frame = await step('a second request is refused with a reason the enterprise reads', async () => {
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    const filed = await call(WORKERS[0], 'cases', 'submit', {
      type: 'union_founding',
      form: {
        unitName: '松滋另一示例有限公司',
        creditCode: '91421087MA4F00001R',
        townId: 't15',
        address: '万家乡工业园 9 号',
        legalRep: '刘建设',
        industry: '食品加工',
        employees: 12,
        womenEmployees: 3,
        prepGroup: [
          { name: '陈一', post: '会计' },
          { name: '陈二', post: '仓管' },
          { name: '陈三', post: '司机' },
        ],
        reason: '职工希望加入工会，企业同意建会。',
        partyOpinion: '同意建会',
      },
    });
    const id = String(filed._id);
    let f = await openAs(page, preview.cloud.url, TOWN, `/staff/pages/case/index?id=${id}`);
    await visibleText(f, '待乡镇工会审核').waitFor({ timeout: 20_000 });
    await act(page, f, '不予通过', async (p) => {
      await p.getByLabel('理由', { exact: true }).fill('该单位已纳入园区联合工会，请以联合工会形式入会。');
    });
    await visibleText(f, '不予批准').waitFor({ timeout: 20_000 });
    f = await openAs(page, preview.cloud.url, WORKERS[0], `/pages/founding/index?id=${id}`);
    await visibleText(f, '不予批准').waitFor({ timeout: 20_000 });
    await visibleText(f, /请以联合工会形式入会/).waitFor();
    // a refusal reads as one (red), not as a founding done
    await f.locator('[class*="--badge-error"]').filter({ hasText: '不予批准' }).waitFor();
    return f;
  });
  await screenshot(page, 'founding-10-refused');
  expect(await frame.locator('body').innerText()).not.toMatch(/union_founding|t15|[0-9a-f]{32}/);
});
