/** The aid application in steps: per-step validation, drafts with step and request id, the submitted form. */
import { makeIdNumber } from '../../domain/security/validators';
import { fail, loadPage, ok, type ApiTable, type Rendered } from './support';
import { aidApplication, myProfile, round, smallGrid } from './fixtures';

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
