/** The profile page: view masked profile, or complete it with instant validation, server errors and a draft. */
import { makeIdNumber } from '../../domain/security/validators';
import { fail, loadPage, ok, type ApiTable } from './support';
import { myProfile, smallGrid } from './fixtures';

const ID = makeIdNumber('421087', '19850312', 123);
const api = (extra: ApiTable = {}): ApiTable => ({
  'grid.tree': ok(smallGrid()),
  'people.me': ok(null),
  'people.recordConsent': (input) => ok({ ...input, at: '2026-11-30T00:00:00.000Z' }),
  ...extra,
});

async function fillValid(page: ReturnType<typeof loadPage>) {
  await page.type('#name', '张三');
  await page.type('#idNumber', ID);
  await page.type('#phone', '13812345678');
  await page.fire('#village >>> .pick-town', 'change', { value: '0' });
  await page.fire('#village >>> .pick-village', 'change', { value: '1' });
  await page.fire('#categories', 'change', { value: ['migrant'] });
  await page.tap('.consent-box');
}

describe('profile page', () => {
  it('should show the saved profile exactly as the server masked it', async () => {
    const page = loadPage('pages/profile/index', { api: api({ 'people.me': ok(myProfile()) }) });
    await page.settle();
    expect(page.instance.data.mode).toBe('view');
    expect(page.text()).toContain('4210**********1234');
    expect(page.text()).toContain('138****5678');
    expect(page.text()).toContain('农民工');
  });

  it('should show the form when there is no profile and name each invalid field', async () => {
    const page = loadPage('pages/profile/index', { api: api() });
    await page.settle();
    expect(page.instance.data.mode).toBe('edit');
    await page.type('#idNumber', '420000198503121235');
    await page.tap('.submit');
    expect(page.wx.calls.filter((c) => c.action === 'saveProfile')).toHaveLength(0);
    const errors = page.instance.data.errors;
    expect(errors.name).toMatch(/姓名/);
    expect(errors.idNumber).toMatch(/身份证号/);
    expect(errors.homeVillageId).toMatch(/村/);
    expect(errors.categories).toBe('请选择人员类别');
    expect(errors.consent).toMatch(/同意/);
    expect(page.text()).toContain(errors.idNumber);
  });

  it('should save the profile with the typed values and return to the page that asked', async () => {
    const page = loadPage('pages/profile/index', {
      query: { back: encodeURIComponent('/pages/appeal/index') },
      api: api({ 'people.saveProfile': (input) => ok(myProfile({ name: input.name })) }),
    });
    await page.settle();
    await fillValid(page);
    await page.tap('.submit');
    const save = page.wx.calls.find((c) => c.action === 'saveProfile');
    expect(save?.input).toEqual({
      name: '张三',
      idNumber: ID,
      phone: '13812345678',
      homeVillageId: 't01-v02',
      categories: ['migrant'],
    });
    expect(save?.requestId).toBeTruthy();
    const consent = page.wx.calls.findIndex((c) => c.action === 'recordConsent');
    expect(page.wx.calls[consent].input).toEqual({ kind: 'sensitive_data', version: '2026-01', granted: true });
    expect(consent).toBeLessThan(page.wx.calls.findIndex((c) => c.action === 'saveProfile'));
    expect(page.instance.data.mode).toBe('view');
    expect(page.wx.navigations).toEqual([{ kind: 'navigateBack' }]);
    expect(page.wx.storage.has('draft:profile')).toBe(false);
  });

  it('should show the server’s field error next to the field and keep what was typed', async () => {
    const page = loadPage('pages/profile/index', {
      api: api({ 'people.saveProfile': fail('DUPLICATE', '这个身份证号已登记过', 'idNumber') }),
    });
    await page.settle();
    await fillValid(page);
    await page.tap('.submit');
    expect(page.instance.data.errors.idNumber).toBe('这个身份证号已登记过');
    expect(page.text()).toContain('这个身份证号已登记过');
    expect(page.instance.data.form.name).toBe('张三');
  });

  it('should restore a draft typed earlier and reuse its request id', async () => {
    const first = loadPage('pages/profile/index', {
      api: api({ 'people.saveProfile': fail('INTERNAL', '网络不太好') }),
    });
    await first.settle();
    await fillValid(first);
    await first.tap('.submit');
    const firstId = first.wx.calls.find((c) => c.action === 'saveProfile')?.requestId;
    const storage = Object.fromEntries(first.wx.storage);
    const second = loadPage('pages/profile/index', { storage, api: api({ 'people.saveProfile': ok(myProfile()) }) });
    await second.settle();
    expect(second.instance.data.form.name).toBe('张三');
    await second.tap('.consent-box'); // agreement is given on screen each time, never restored from storage
    await second.tap('.submit');
    expect(second.wx.calls.find((c) => c.action === 'saveProfile')?.requestId).toBe(firstId);
  });

  it('should show the error state when the profile cannot be loaded', async () => {
    const page = loadPage('pages/profile/index', { api: api({ 'people.me': fail('INTERNAL', '服务暂时出了点问题') }) });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
    expect(page.text()).toContain('服务暂时出了点问题');
  });
});
