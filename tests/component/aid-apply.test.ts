/** The aid application in steps: per-step validation, drafts with step and request id, the submitted form. */
import { makeIdNumber } from '../../domain/security/validators';
import { fail, loadPage, ok, type ApiTable, type Rendered } from './support';
import { aidApplication, caseDetail, myProfile, round, smallGrid, step } from './fixtures';

const PARENT_ID = makeIdNumber('421087', '19800101', 123);
const CHILD_ID = makeIdNumber('421087', '20070505', 246);
const base = (extra: ApiTable = {}): ApiTable => ({
  'aid.rounds': ok({ rounds: [round()] }),
  'grid.tree': ok(smallGrid()),
  'aid.getDraft': ok(null),
  'aid.saveDraft': ok({ savedAt: '2026-11-30T02:00:00.000Z' }),
  ...extra,
});
const loaded: Rendered[] = [];
const load = (api: ApiTable = base(), storage?: Record<string, unknown>) => {
  const page = loadPage('pages/aid-apply/index', { query: { programme: 'student_aid' }, api, storage });
  loaded.push(page);
  return page;
};
// Leave each page as WeChat does (its pending server draft goes now, not into the next test's fake wx).
afterEach(() => {
  for (const page of loaded.splice(0)) page.instance.onUnload?.();
});

async function stepApplicant(page: Rendered) {
  await page.type('#applicant-name', '张三');
  await page.type('#applicant-id', PARENT_ID);
  await page.type('#applicant-mobile', '13812345678');
  await page.fire('#applicant-type', 'change', { value: 'worker' });
  await page.fire('#village >>> .pick-town', 'change', { value: '0' });
  await page.fire('#village >>> .pick-village', 'change', { value: '0' });
  await page.tap('.next');
}
async function stepChild(page: Rendered) {
  await page.type('#child-name', '张小明');
  await page.type('#child-id', CHILD_ID);
  await page.type('#child-school', '武汉大学');
  await page.fire('#child-level', 'change', { value: 'undergraduate' });
  await page.tap('#letter >>> .upload-add');
  await page.settle();
  await page.tap('.next');
}
async function stepHousehold(page: Rendered) {
  await page.type('.member-income-0', '36000');
  await page.tap('.add-member');
  await page.type('.member-income-1', '24000.5');
  await page.tap('.next');
}
async function stepBank(page: Rendered) {
  await page.type('#card-number', '6228480402564890018');
  await page.type('#card-bank', '农业银行松滋支行');
  await page.type('#card-holder', '张三');
  await page.tap('.next');
}

describe('aid application page', () => {
  it('should open the programme’s round and start at the applicant step', async () => {
    const page = load();
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    expect(page.text()).toContain('2026年金秋助学');
    expect(page.text()).toContain('子女上学情况');
    expect(page.exists('#applicant-name')).toBe(true);
  });

  it('should start from my profile: name, home village and type, never the masked ID', async () => {
    const page = load(
      base({ 'people.me': ok(myProfile({ name: '张三', homeVillageId: 't01-v02', categories: ['migrant'] })) }),
    );
    await page.settle();
    const { applicant, bankCard } = page.instance.data.form;
    expect(applicant).toMatchObject({ name: '张三', villageId: 't01-v02', type: 'migrant', idNumber: '' });
    expect(bankCard.holderName).toBe('张三');
  });

  it('should take my ID number and phone from my profile: shown masked to confirm, corrected in my data', async () => {
    let profile = myProfile({ name: '张三', homeVillageId: 't01-v01', categories: ['worker'] });
    const page = load(
      base({
        'people.me': () => ok(profile),
        'aid.submit': ok(aidApplication({ caseId: 'a8' })),
      }),
    );
    await page.settle();
    expect(page.exists('#applicant-id')).toBe(false);
    expect(page.exists('#applicant-mobile')).toBe(false);
    expect(page.text()).toContain('身份证号：4210**********1234');
    expect(page.text()).toContain('手机号：138****5678');
    // Wrong? The correction goes through my data, then the form shows the corrected profile.
    await page.tap('.correct-profile');
    expect(page.wx.navigations.pop()).toEqual({ kind: 'navigateTo', url: '/pages/my-data/index' });
    profile = myProfile({ phone: '139****0000' });
    await page.instance.onShow?.();
    await page.settle();
    expect(page.text()).toContain('手机号：139****0000');
    await page.fire('#applicant-type', 'change', { value: 'worker' });
    await page.tap('.next');
    expect(page.instance.data.step).toBe(1);
    await stepChild(page);
    await stepHousehold(page);
    await stepBank(page);
    await page.tap('.consent-sensitive');
    await page.fire('#consent-notice', 'change', { value: 'yes' });
    await page.tap('.consent-guardian');
    await page.tap('.submit');
    const submit = page.wx.calls.find((c) => c.action === 'submit');
    // Neither is sent: the server takes both from the profile.
    expect((submit?.input as { applicant: Record<string, unknown> }).applicant).toEqual({
      name: '张三',
      type: 'worker',
      villageId: 't01-v01',
      unitName: '某建筑公司',
    });
  });

  it('should ask for the phone here when my profile has none', async () => {
    const page = load(base({ 'people.me': ok(myProfile({ phone: null })) }));
    await page.settle();
    expect(page.exists('#applicant-id')).toBe(false);
    expect(page.exists('#applicant-mobile')).toBe(true);
  });

  it('should say when no round is open', async () => {
    const page = load(base({ 'aid.rounds': ok({ rounds: [round({}, 'hardship_aid')] }) }));
    await page.settle();
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('现在没有开放申报的金秋助学批次');
  });

  it('should keep the person on a step until its fields are right, naming each one', async () => {
    const page = load();
    await page.settle();
    await page.type('#applicant-id', '123');
    await page.tap('.next');
    expect(page.instance.data.step).toBe(0);
    const { errors } = page.instance.data;
    expect(errors.applicant_name).toMatch(/姓名/);
    expect(errors.applicant_idNumber).toMatch(/身份证号/);
    expect(errors.applicant_mobile).toMatch(/手机号/);
    expect(Object.keys(errors).every((k) => k.startsWith('applicant_'))).toBe(true);
    expect(page.text()).toContain(errors.applicant_idNumber);
  });

  it('should refuse income that is not money', async () => {
    const page = load();
    await page.settle();
    await stepApplicant(page);
    await stepChild(page);
    await page.type('.member-income-0', '三万');
    await page.tap('.next');
    expect(page.instance.data.step).toBe(2);
    expect(page.instance.data.errors.members_0_income).toMatch(/正确的金额/);
    expect(page.text()).toContain('请填写正确的金额');
  });

  it('should submit the whole form in fen with consents, asking for result notices', async () => {
    const page = load(base({ 'aid.submit': ok(aidApplication({ caseId: 'a7' })) }));
    await page.settle();
    await stepApplicant(page);
    expect(page.instance.data.step).toBe(1);
    await stepChild(page);
    await stepHousehold(page);
    await stepBank(page);
    await page.tap('.submit');
    expect(page.instance.data.errors.consents_sensitiveData).toBeTruthy();
    expect(page.instance.data.errors.consents_guardian).toBe('提供子女信息须由监护人勾选同意');
    await page.tap('.consent-sensitive');
    await page.fire('#consent-notice', 'change', { value: 'no' });
    await page.tap('.consent-guardian');
    await page.tap('.submit');
    const submit = page.wx.calls.find((c) => c.action === 'submit');
    expect(submit?.requestId).toBeTruthy();
    expect(submit?.input).toEqual({
      roundId: 'r-student-2026',
      applicant: { name: '张三', idNumber: PARENT_ID, mobile: '13812345678', type: 'worker', villageId: 't01-v01' },
      child: {
        name: '张小明',
        idNumber: CHILD_ID,
        school: '武汉大学',
        level: 'undergraduate',
        admissionLetterFileId: `cloud://env.bucket/${page.wx.uploads[0].cloudPath}`,
        declarations: [],
      },
      household: {
        members: [
          { relation: 'self', annualIncomeFen: 3600000 },
          { relation: 'spouse', annualIncomeFen: 2400050 },
        ],
        annualHardshipCostFen: 0,
      },
      bankCard: { number: '6228480402564890018', bankName: '农业银行松滋支行', holderName: '张三' },
      consents: { sensitiveData: true, publicNotice: false, guardian: true },
    });
    expect(page.wx.subscribeRequests).toEqual([['CASE_PROGRESS_TEMPLATE_ID']]);
    expect(page.wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/aid-application/index?id=a7' }]);
    expect(page.wx.storage.has('draft:aid:student_aid')).toBe(false);
  });

  it('should come back to the step and field the server refused, keeping everything typed', async () => {
    const page = load(
      base({ 'aid.submit': fail('DUPLICATE', '该子女已在本批次提交过申请，不能重复申请', 'child.idNumber') }),
    );
    await page.settle();
    await stepApplicant(page);
    await stepChild(page);
    await stepHousehold(page);
    await stepBank(page);
    await page.tap('.consent-sensitive');
    await page.fire('#consent-notice', 'change', { value: 'yes' });
    await page.tap('.consent-guardian');
    await page.tap('.submit');
    expect(page.instance.data.step).toBe(1);
    expect(page.text()).toContain('该子女已在本批次提交过申请，不能重复申请');
    expect(page.instance.data.form.bankCard.number).toBe('6228480402564890018');
  });

  it('should send only the changed paths to the view while typing', async () => {
    const page = load();
    await page.settle();
    page.setDataLog.length = 0;
    await page.type('#applicant-name', '张三');
    await page.fire('#village >>> .pick-town', 'change', { value: '0' });
    await page.fire('#village >>> .pick-village', 'change', { value: '0' });
    expect(page.setDataLog.map((s) => s.keys)).toEqual([
      ['form.applicant.name', 'errors.applicant_name'],
      ['form.applicant.villageId', 'errors.applicant_villageId'],
      ['form.applicant.villageId', 'errors.applicant_villageId'],
    ]);
    expect(Math.max(...page.setDataLog.map((s) => s.bytes))).toBeLessThan(120);
  });

  it('should resume a draft at the step it was left', async () => {
    const first = load();
    await first.settle();
    await stepApplicant(first);
    const again = load(base(), Object.fromEntries(first.wx.storage));
    await again.settle();
    expect(again.instance.data.step).toBe(1);
    expect(again.instance.data.form.applicant.name).toBe('张三');
  });
});

describe('aid application drafts on the server', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const saves = (page: Rendered) => page.wx.calls.filter((c) => c.action === 'saveDraft');

  it('should save the draft to the server once after a burst of step changes', async () => {
    const page = load();
    await page.settle();
    await stepApplicant(page);
    await page.tap('.prev');
    await page.tap('.next');
    expect(saves(page)).toHaveLength(0); // debounced
    await wait(900);
    expect(saves(page)).toHaveLength(1);
    const input = saves(page)[0].input as { roundId: string; form: Record<string, unknown> };
    expect(input.roundId).toBe('r-student-2026');
    expect(input.form).toMatchObject({
      applicant: { name: '张三', idNumber: PARENT_ID, villageId: 't01-v01' },
      _draft: { step: 1 },
    });
  });

  it('should send a pending draft at once when the page is left', async () => {
    const page = load();
    await page.settle();
    await stepApplicant(page);
    page.instance.onHide();
    expect(saves(page)).toHaveLength(1);
    await wait(900);
    expect(saves(page)).toHaveLength(1); // not sent twice
  });

  it('should restore the server’s draft on a phone that has none, at its step and with its request id', async () => {
    const page = load(
      base({
        'aid.getDraft': ok({
          savedAt: '2026-11-29T02:00:00.000Z',
          form: {
            roundId: 'r-student-2026',
            applicant: { name: '张三', idNumber: PARENT_ID, mobile: 13800000000, villageId: 't01-v02' },
            members: [
              { relation: 'self', income: '36000' },
              { relation: 'spouse', income: '24000.5' },
            ],
            _draft: { step: 2, requestId: 'req-from-old-phone' },
          },
        }),
      }),
    );
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'getDraft')?.input).toEqual({ roundId: 'r-student-2026' });
    const { form, step, requestId } = page.instance.data;
    expect(step).toBe(2);
    expect(requestId).toBe('req-from-old-phone');
    expect(form.applicant).toMatchObject({ name: '张三', idNumber: PARENT_ID, villageId: 't01-v02', mobile: '' });
    expect(form.members).toEqual([
      { relation: 'self', income: '36000' },
      { relation: 'spouse', income: '24000.5' },
    ]);
    expect(page.exists('.member-income-1')).toBe(true);
    expect(page.wx.calls.some((c) => c.action === 'me')).toBe(false); // not overwritten from the profile
  });

  it('should prefer the draft on the phone and not ask the server', async () => {
    const first = load();
    await first.settle();
    await stepApplicant(first);
    const again = load(base(), Object.fromEntries(first.wx.storage));
    await again.settle();
    expect(again.wx.calls.some((c) => c.action === 'getDraft')).toBe(false);
    expect(again.instance.data.step).toBe(1);
  });

  it('should start from the profile when neither phone nor server has a draft', async () => {
    const page = load(base({ 'people.me': ok(myProfile({ name: '李四' })) }));
    await page.settle();
    expect(page.wx.calls.map((c) => c.action).filter((a) => a !== 'tree')).toEqual(['rounds', 'getDraft', 'me']);
    expect(page.instance.data.form.applicant.name).toBe('李四');
  });
});

describe('aid resubmission after a request for more information', () => {
  const returned = aidApplication({
    caseId: 'a1',
    caseStatus: 'info_requested',
    household: {
      size: 2,
      annualIncomeFen: 6000050,
      annualHardshipCostFen: 0,
      members: [
        { relation: 'self', annualIncomeFen: 3600000 },
        { relation: 'spouse', annualIncomeFen: 2400050 },
      ],
    },
  });
  const detail = caseDetail({
    _id: 'a1',
    type: 'student_aid',
    version: 4,
    timeline: [
      step(1),
      step(2, {
        action: 'request_info',
        actionLabel: '要求补充材料',
        role: 'village_collector',
        comment: '请更正家庭收入并补充配偶收入证明',
      }),
    ],
  });
  const api = (extra: ApiTable = {}): ApiTable =>
    base({ 'aid.application': ok(returned), 'cases.get': ok(detail), ...extra });
  const open = (table: ApiTable = api(), storage?: Record<string, unknown>) => {
    const page = loadPage('pages/aid-apply/index', { query: { resubmit: 'a1' }, api: table, storage });
    loaded.push(page);
    return page;
  };
  async function correctAll(page: Rendered) {
    await page.type('#applicant-name', '张三');
    await page.type('#applicant-id', PARENT_ID);
    await page.type('#applicant-mobile', '13812345678');
    await page.tap('.next');
    await page.type('#child-name', '张小明');
    await page.type('#child-id', CHILD_ID);
    await page.tap('.next');
    await page.type('.member-income-1', '30000');
    await page.tap('.next');
    await page.type('#card-number', '6228480402564890018');
    await page.type('#card-holder', '张三');
    await page.tap('.next');
  }

  it('should prefill the steps from the application, leaving masked identifiers to be typed again', async () => {
    const page = open();
    await page.settle();
    expect(page.instance.data.status).toBe('ready');
    const { form } = page.instance.data;
    expect(form.applicant).toMatchObject({ name: '', idNumber: '', mobile: '', type: 'worker', villageId: 't01-v01' });
    expect(form.child).toMatchObject({ idNumber: '', school: '武汉大学', level: 'undergraduate' });
    expect(form.child.letter).toEqual(['cloud://env.b/x.jpg']);
    expect(form.members).toEqual([
      { relation: 'self', income: '36000' },
      { relation: 'spouse', income: '24000.5' },
    ]);
    expect(form.bankCard).toEqual({ number: '', bankName: '农业银行', holderName: '' });
    expect(form.consents).toEqual({ sensitiveData: true, publicNotice: true, guardian: true });
    expect(page.text()).toContain('请更正家庭收入并补充配偶收入证明');
    expect(page.text()).not.toContain('4210**********1237');
    expect(page.wx.calls.some((c) => c.action === 'getDraft')).toBe(false);
  });

  it('should resubmit the corrected form with the version seen and a note, then show the application', async () => {
    const page = open(api({ 'aid.resubmit': ok({ ...returned, caseStatus: 'village_review' }) }));
    await page.settle();
    await correctAll(page);
    expect(page.text()).toContain('重新提交');
    await page.type('#resubmit-comment', '已更正配偶收入');
    await page.tap('.submit');
    const call = page.wx.calls.find((c) => c.action === 'resubmit');
    expect(call?.requestId).toBeTruthy();
    expect(call?.input).toMatchObject({
      caseId: 'a1',
      version: 4,
      comment: '已更正配偶收入',
      form: {
        roundId: 'r-student-2026',
        applicant: { name: '张三', idNumber: PARENT_ID, mobile: '13812345678', type: 'worker', villageId: 't01-v01' },
        child: { name: '张小明', idNumber: CHILD_ID, admissionLetterFileId: 'cloud://env.b/x.jpg' },
        household: {
          members: [
            { relation: 'self', annualIncomeFen: 3600000 },
            { relation: 'spouse', annualIncomeFen: 3000000 },
          ],
        },
        bankCard: { number: '6228480402564890018', bankName: '农业银行', holderName: '张三' },
      },
    });
    expect(page.wx.calls.some((c) => c.action === 'submit')).toBe(false);
    expect(page.wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/aid-application/index?id=a1' }]);
    expect(page.wx.storage.has('draft:aid:resubmit:a1')).toBe(false);
  });

  it('should put the server’s field error next to the field; a retry of the same input keeps its request id, the corrected form gets a new one', async () => {
    const page = open(
      api({ 'aid.resubmit': fail('INVALID_INPUT', '持卡人须为申请人本人', 'form.bankCard.holderName') }),
    );
    await page.settle();
    await correctAll(page);
    await page.tap('.submit');
    expect(page.instance.data.step).toBe(3);
    expect(page.instance.data.errors.bankCard_holderName).toBe('持卡人须为申请人本人');
    expect(page.text()).toContain('持卡人须为申请人本人');
    const first = page.wx.calls.find((c) => c.action === 'resubmit')?.requestId;
    expect((page.wx.storage.get('draft:aid:resubmit:a1') as { requestId: string }).requestId).toBe(first);
    // Sent again unchanged (a retry): the same request id.
    await page.tap('.next');
    await page.tap('.submit');
    const resubmits = page.wx.calls.filter((c) => c.action === 'resubmit');
    expect(resubmits).toHaveLength(2);
    expect(resubmits[1].requestId).toBe(first);
    // Reopened later (the draft of this correction, with its request id), corrected and sent again: the input
    // changed, so it is a new submission with a new request id (the refused one is never replayed).
    const again = open(api({ 'aid.resubmit': ok(returned) }), Object.fromEntries(page.wx.storage));
    await again.settle();
    expect(again.instance.data.step).toBe(3);
    expect(again.instance.data.form.applicant.idNumber).toBe(PARENT_ID);
    await again.type('#card-holder', '张三丰');
    await again.tap('.next');
    await again.tap('.submit');
    const corrected = again.wx.calls.find((c) => c.action === 'resubmit')?.requestId;
    expect(corrected).toBeTruthy();
    expect(corrected).not.toBe(first);
  });

  it('should refuse a resubmission when the application is no longer waiting for information', async () => {
    const page = open(api({ 'aid.application': ok(aidApplication({ caseStatus: 'town_review' })) }));
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('这份申请现在不需要补充材料');
  });

  it('should say when a reviewer moved the application meanwhile, keeping what was typed', async () => {
    const page = open(api({ 'aid.resubmit': fail('CONFLICT', '该申请已更新，请刷新后再操作', 'version') }));
    await page.settle();
    await correctAll(page);
    await page.tap('.submit');
    expect(page.text()).toContain('审核人员刚处理过这份申请');
    expect(page.instance.data.form.bankCard.number).toBe('6228480402564890018');
  });
});
