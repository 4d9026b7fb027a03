/** The appeal form: instant validation, the submitted form, uploads, drafts, server errors, profile redirect. */
import { fail, loadPage, ok, offline, type ApiTable } from './support';
import { caseDetail } from './fixtures';

const load = (api: ApiTable = {}, storage?: Record<string, unknown>) =>
  loadPage('pages/appeal/index', { api, storage });

async function fill(page: ReturnType<typeof load>) {
  await page.fire('#category', 'change', { value: '0' }); // 欠薪
  await page.type('#facts', '老板拖欠我三个月工资一直不发');
  await page.type('#employer', '某建筑公司');
  await page.type('#workCity', '武汉');
  await page.type('#amountOwed', '12,000.5');
  await page.fire('#contact', 'change', { value: 'phone' });
}

describe('appeal page', () => {
  it('should name every missing field and send nothing', async () => {
    const page = load();
    await page.tap('.submit');
    expect(page.wx.calls).toHaveLength(0);
    const { errors } = page.instance.data;
    expect(errors.category).toBe('请选择诉求类别');
    // A missing value says what to do; a short one says what is wrong (issue 12 item 16).
    expect(errors.facts).toBe('请填写事实经过');
    expect(errors.contactPreference).toBe('请选择联系方式');
    expect(page.text()).toContain('请选择诉求类别');
  });

  it('should refuse an amount that is not money', async () => {
    const page = load();
    await fill(page);
    await page.type('#amountOwed', '一万');
    await page.tap('.submit');
    expect(page.instance.data.errors.amountOwed).toMatch(/正确的金额/);
    expect(page.wx.calls).toHaveLength(0);
  });

  it('should submit the appeal form with fen, attachments and a request id, ask for notices, then open the case', async () => {
    const page = load({ 'cases.submit': ok(caseDetail({ _id: 'c9' })) });
    await fill(page);
    await page.tap('#uploads >>> .upload-add');
    await page.settle();
    expect(page.wx.uploads).toHaveLength(1);
    // The path comes from the server: under the person's own prefix, the only files a case accepts.
    expect(page.wx.calls[0]).toMatchObject({ name: 'cases', action: 'uploadPath', input: { ext: 'jpg' } });
    expect(page.wx.uploads[0].cloudPath).toMatch(/^uploads\/[0-9a-f]{16}\/\d{6}\//);
    await page.tap('.submit');
    expect(page.wx.subscribeRequests).toEqual([['CASE_PROGRESS_TEMPLATE_ID']]);
    const [call] = page.wx.calls.filter((c) => c.action !== 'uploadPath');
    expect(call).toMatchObject({ name: 'cases', action: 'submit' });
    expect(call.input).toEqual({
      type: 'appeal',
      form: {
        category: 'wage_arrears',
        facts: '老板拖欠我三个月工资一直不发',
        employer: '某建筑公司',
        workCity: '武汉',
        attachments: [`cloud://env.bucket/${page.wx.uploads[0].cloudPath}`],
        contactPreference: 'phone',
        amountOwedFen: 1200050,
      },
    });
    expect(call.requestId).toBeTruthy();
    expect(page.wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/case/index?id=c9' }]);
    expect(page.wx.storage.has('draft:appeal')).toBe(false);
  });

  it('should keep everything typed and the request id when the network fails, and restore it next time', async () => {
    const page = load({ 'cases.submit': offline });
    await fill(page);
    await page.tap('.submit');
    expect(page.instance.data.errors._).toMatch(/网络不太好/);
    const firstId = page.wx.calls[0].requestId;
    const again = load({ 'cases.submit': ok(caseDetail()) }, Object.fromEntries(page.wx.storage));
    expect(again.instance.data.form.facts).toBe('老板拖欠我三个月工资一直不发');
    expect(again.instance.data.categoryIndex).toBe(0);
    await again.tap('.submit');
    expect(again.wx.calls[0].requestId).toBe(firstId);
  });

  it('should send a corrected form with a new request id, and the same form again with the same one', async () => {
    const page = load({ 'cases.submit': fail('CONTENT_RISKY', '内容含有不适宜的词语，请修改', 'form.facts') });
    await fill(page);
    await page.tap('.submit');
    await page.tap('.submit');
    const [first, retry] = page.wx.calls.filter((c) => c.action === 'submit');
    expect(retry.requestId).toBe(first.requestId);
    await page.type('#facts', '老板拖欠我三个月工资，一直不发，多次讨要');
    await page.tap('.submit');
    const corrected = page.wx.calls.filter((c) => c.action === 'submit')[2];
    expect(corrected.requestId).toBeTruthy();
    expect(corrected.requestId).not.toBe(first.requestId);
    // The draft keeps the id the form was last sent with.
    expect((page.wx.storage.get('draft:appeal') as { requestId: string }).requestId).toBe(corrected.requestId);
  });

  it('should send the same request id after the profile was completed (the server runs a refused id again)', async () => {
    const page = load({ 'cases.submit': fail('PROFILE_REQUIRED', '请先完善资料') });
    await fill(page);
    await page.tap('.submit');
    const refusedId = page.wx.calls.find((c) => c.action === 'submit')?.requestId;
    // Back from the profile page: the draft is restored, and the unchanged form goes with the same id.
    const back = load({ 'cases.submit': ok(caseDetail({ _id: 'c10' })) }, Object.fromEntries(page.wx.storage));
    await back.tap('.submit');
    expect(back.wx.calls.find((c) => c.action === 'submit')?.requestId).toBe(refusedId);
    expect(back.wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/case/index?id=c10' }]);
  });

  it('should show the server’s field error next to the field', async () => {
    const page = load({ 'cases.submit': fail('CONTENT_RISKY', '内容含有不适宜的词语，请修改', 'form.facts') });
    await fill(page);
    await page.tap('.submit');
    expect(page.instance.data.errors.facts).toBe('内容含有不适宜的词语，请修改');
  });

  it('should go to the profile when the server needs it first', async () => {
    const page = load({ 'cases.submit': fail('PROFILE_REQUIRED', '请先完善资料') });
    await fill(page);
    await page.tap('.submit');
    expect(page.wx.navigations).toEqual([
      { kind: 'navigateTo', url: `/pages/profile/index?back=${encodeURIComponent('/pages/appeal/index')}` },
    ]);
    expect(page.wx.storage.has('draft:appeal')).toBe(true);
  });
});

describe('appeal page: correcting after a request for more information', () => {
  const submitted = caseDetail({
    status: 'info_requested',
    statusLabel: '待补充材料',
    version: 5,
    form: {
      category: 'wage_arrears',
      facts: '老板拖欠我三个月工资',
      employer: '某建筑公司',
      workCity: '武汉',
      contactPreference: 'phone',
      amountOwedFen: 1200050,
      attachments: [],
    },
  });

  it('should load the submitted appeal into the form, money back in yuan', async () => {
    const page = loadPage('pages/appeal/index', { query: { resubmit: 'c1' }, api: { 'cases.get': ok(submitted) } });
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    expect(page.instance.data.form).toMatchObject({
      category: 'wage_arrears',
      facts: '老板拖欠我三个月工资',
      amountOwed: '12000.50',
    });
    expect(page.text()).toContain('修改诉求内容');
  });

  it('should resubmit the corrected form at the version seen, then go back to the case', async () => {
    const page = loadPage('pages/appeal/index', {
      query: { resubmit: 'c1' },
      api: { 'cases.get': ok(submitted), 'cases.act': ok(caseDetail({ status: 'handling', statusLabel: '办理中' })) },
    });
    await page.settle();
    await page.type('#facts', '老板拖欠我三个月工资，已补充工资条照片');
    await page.tap('.submit');
    const act = page.wx.calls.find((c) => c.action === 'act');
    expect(act?.input).toEqual({
      caseId: 'c1',
      version: 5,
      action: 'resubmit',
      form: {
        category: 'wage_arrears',
        facts: '老板拖欠我三个月工资，已补充工资条照片',
        employer: '某建筑公司',
        workCity: '武汉',
        attachments: [],
        contactPreference: 'phone',
        amountOwedFen: 1200050,
      },
    });
    expect(act?.requestId).toBeTruthy();
    expect(page.wx.navigations).toEqual([{ kind: 'navigateBack' }]);
    expect(page.wx.storage.has('draft:appeal:c1')).toBe(false);
  });
});
