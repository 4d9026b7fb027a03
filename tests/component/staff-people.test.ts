/** Collectors: people in scope (masked), entering someone on their behalf, claim codes; the person claims. */
import type { MaskedPerson } from '@union/contracts';
import { makeIdNumber } from '../../domain/security/validators';
import { fail, loadPage, ok, type ApiTable } from './support';
import { myProfile, smallGrid } from './fixtures';

const ID = makeIdNumber('421087', '19600101', 111);
const person = (over: Partial<MaskedPerson> = {}): MaskedPerson => ({
  personId: 'p1',
  name: '王*',
  idNumber: '4210**********0011',
  phone: null,
  gender: 'male',
  homeVillageId: 't01-v01',
  categories: ['hardship'],
  workCity: null,
  employer: null,
  claimed: false,
  enteredOnBehalf: true,
  masked: true,
  ...over,
});
const load = (api: ApiTable = {}) =>
  loadPage('staff/pages/people/index', {
    api: { 'people.searchPeople': ok({ people: [person()], total: 1 }), 'grid.tree': ok(smallGrid()), ...api },
  });

describe('staff people page', () => {
  it('should list people in scope as the server masked them, and search by name', async () => {
    const page = load();
    await page.settle();
    expect(page.text()).toContain('王* 4210**********0011');
    expect(page.text()).toContain('待认领');
    await page.type('#q', '王');
    await page.tap('.search-btn');
    expect(page.wx.calls[1].input).toEqual({ name: '王', limit: 50 });
  });

  it('should enter a profile on someone’s behalf and show the claim code', async () => {
    const page = load({
      'people.createOnBehalf': ok({
        person: person({ personId: 'p2' }),
        claimCode: 'K7P2M9Q4',
        claimCodeExpiresAt: '2026-12-30T00:00:00.000Z',
      }),
    });
    await page.settle();
    await page.tap('.create');
    await page.tap('.submit');
    expect(page.instance.data.errors.idNumber).toMatch(/身份证号/);
    await page.type('#name', '王大爷');
    await page.type('#idNumber', ID);
    await page.fire('#village >>> .pick-town', 'change', { value: '0' });
    await page.fire('#village >>> .pick-village', 'change', { value: '0' });
    await page.fire('#categories', 'change', { value: ['hardship'] });
    await page.tap('.submit');
    const call = page.wx.calls.find((c) => c.action === 'createOnBehalf');
    expect(call?.input).toEqual({ name: '王大爷', idNumber: ID, homeVillageId: 't01-v01', categories: ['hardship'] });
    expect(call?.requestId).toBeTruthy();
    expect(page.text()).toContain('K7P2M9Q4');
  });

  it('should issue a fresh claim code for an unclaimed person', async () => {
    const page = load({
      'people.reissueClaimCode': ok({ claimCode: 'ZZ11YY22', claimCodeExpiresAt: '2026-12-30T00:00:00.000Z' }),
    });
    await page.settle();
    await page.tap('.reissue');
    expect(page.wx.calls[1].input).toEqual({ personId: 'p1' });
    expect(page.text()).toContain('ZZ11YY22');
  });
});

describe('claim page', () => {
  it('should claim with name, ID number and code, then go back', async () => {
    const page = loadPage('pages/claim/index', { noLifecycle: true, api: { 'people.claimProfile': ok(myProfile()) } });
    await page.type('#name', '王大爷');
    await page.type('#idNumber', ID);
    await page.type('#claimCode', '12');
    await page.tap('.submit');
    expect(page.instance.data.errors.claimCode).toBe('认领码应为8位字母或数字');
    await page.type('#claimCode', 'K7P2M9Q4');
    await page.tap('.submit');
    expect(page.wx.calls[0].input).toEqual({ name: '王大爷', idNumber: ID, claimCode: 'K7P2M9Q4' });
    expect(page.wx.navigations).toEqual([{ kind: 'navigateBack' }]);
  });

  it('should show why a claim failed', async () => {
    const page = loadPage('pages/claim/index', {
      noLifecycle: true,
      api: { 'people.claimProfile': fail('NOT_FOUND', '认领码不正确或已过期') },
    });
    await page.type('#name', '王大爷');
    await page.type('#idNumber', ID);
    await page.type('#claimCode', 'K7P2M9Q4');
    await page.tap('.submit');
    expect(page.text()).toContain('认领码不正确或已过期');
  });
});

describe('consents recorded on someone’s behalf', () => {
  const paper = {
    kind: 'sensitive_data' as const,
    version: '2026-01',
    granted: true,
    at: '2026-11-30T02:00:00.000Z',
    onBehalf: true,
    formPhotoFileId: 'cloud://env.b/uploads/0123456789abcdef/202611/form.jpg',
    recordedBy: '李*',
  };
  const open = async (api: ApiTable = {}, who: MaskedPerson = person()) => {
    const page = loadPage('staff/pages/people/index', {
      api: {
        'people.searchPeople': ok({ people: [who], total: 1 }),
        'grid.tree': ok(smallGrid()),
        'people.listConsents': ok({ consents: [] }),
        ...api,
      },
    });
    await page.settle();
    await page.tap('.consents-open');
    await page.settle();
    return page;
  };

  it('should show a person’s consents, with who recorded a paper form and its photo', async () => {
    const page = await open({ 'people.listConsents': ok({ consents: [paper] }) });
    expect(page.wx.calls.find((c) => c.action === 'listConsents')?.input).toEqual({ personId: 'p1' });
    expect(page.text()).toContain('王* 4210**********0011 的同意记录');
    expect(page.text()).toContain('同意处理敏感个人信息');
    expect(page.text()).toContain('纸质同意书，李*代为登记');
    expect(page.count('.consent-photo')).toBe(1);
  });

  it('should record a signed paper form with its uploaded photo', async () => {
    const page = await open({
      'people.recordConsentOnBehalf': (input) =>
        ok({ ...paper, kind: input.kind, granted: input.granted, formPhotoFileId: input.formPhotoFileId }),
    });
    expect(page.text()).toContain('还没有同意记录');
    await page.tap('.record-consent');
    expect(page.instance.data.consentErrors.formPhotoFileId).toBe('请上传签字的同意书照片');
    expect(page.text()).toContain('请上传签字的同意书照片');
    expect(page.wx.calls.some((c) => c.action === 'recordConsentOnBehalf')).toBe(false);
    await page.fire('#consent-kind', 'change', { value: 'public_notice' });
    await page.tap('#consent-photo >>> .upload-add');
    await page.settle();
    await page.tap('.record-consent');
    const call = page.wx.calls.find((c) => c.action === 'recordConsentOnBehalf');
    expect(page.wx.calls.some((c) => c.action === 'uploadPath')).toBe(true);
    expect(call?.requestId).toBeTruthy();
    expect(call?.input).toEqual({
      personId: 'p1',
      kind: 'public_notice',
      version: '2026-01',
      granted: true,
      formPhotoFileId: `cloud://env.bucket/${page.wx.uploads[0].cloudPath}`,
    });
    expect(page.text()).toContain('同意在公示中列出');
    expect(page.text()).toContain('同意书已登记');
    expect(page.wx.toasts).toContain('已登记同意书');
  });

  it('should put the server’s refusal next to the photo', async () => {
    const page = await open({
      'people.recordConsentOnBehalf': fail('INVALID_INPUT', '照片必须是您本人上传的文件', 'formPhotoFileId'),
    });
    await page.tap('#consent-photo >>> .upload-add');
    await page.settle();
    await page.tap('.record-consent');
    expect(page.instance.data.consentErrors.formPhotoFileId).toBe('照片必须是您本人上传的文件');
    expect(page.exists('.consent-form')).toBe(true);
  });

  it('should only show (not record) consents of someone who claimed their profile', async () => {
    const page = await open(
      { 'people.listConsents': ok({ consents: [{ ...paper, onBehalf: false }] }) },
      person({ claimed: true }),
    );
    expect(page.text()).toContain('本人在小程序中确认');
    expect(page.exists('.consent-form')).toBe(false);
    await page.tap('.back-list');
    expect(page.exists('.person')).toBe(true);
  });

  it('should say when the consents cannot be loaded', async () => {
    const page = await open({ 'people.listConsents': fail('NOT_FOUND', 'x') });
    expect(page.text()).toContain('这个人不在您的管辖范围内');
  });
});
