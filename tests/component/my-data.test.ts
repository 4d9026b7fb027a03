/** My data: everything held about me, consents, correcting a field and asking for deletion. */
import type { MyData } from '@union/contracts';
import { fail, loadPage, ok, type ApiTable } from './support';
import { myProfile } from './fixtures';

const data = (): MyData => ({
  profile: { ...myProfile(), idNumber: '421087198503121237', phone: '13812345678', masked: false },
  consents: [{ kind: 'public_notice', version: '2026-01', granted: true, at: '2026-11-01T00:00:00.000Z' }],
  requests: [{ requestId: 'q1', type: 'view', status: 'done', at: '2026-11-30T00:00:00.000Z' }],
});
const load = (api: ApiTable = {}) =>
  loadPage('pages/my-data/index', { api: { 'people.viewMyData': ok(data()), ...api } });

describe('my data page', () => {
  it('should show my full data, my consents and my requests', async () => {
    const page = load();
    await page.settle();
    const text = page.text();
    expect(text).toContain('421087198503121237');
    expect(text).toContain('13812345678');
    expect(text).toContain('查看申请 · 已完成');
    expect(page.instance.data.granted).toEqual({ sensitive_data: false, public_notice: true });
  });

  it('should withdraw a consent after confirming', async () => {
    const page = load({ 'people.recordConsent': (input) => ok({ ...input, at: '2026-11-30T01:00:00.000Z' }) });
    await page.settle();
    await page.tap('.toggle-notice');
    expect(page.wx.modals[0].title).toBe('撤回同意');
    await page.settle();
    expect(page.wx.calls[1]).toMatchObject({
      action: 'recordConsent',
      input: { kind: 'public_notice', version: '2026-01', granted: false },
    });
  });

  it('should correct only the fields typed, and name a bad one', async () => {
    const page = load({ 'people.correctMyData': ok(myProfile()) });
    await page.settle();
    await page.tap('.correct');
    await page.tap('.submit');
    expect(page.instance.data.errors._).toBe('请至少更正一项');
    await page.type('#phone', '123');
    await page.tap('.submit');
    expect(page.instance.data.errors.phone).toMatch(/手机号/);
    await page.type('#phone', '13900001111');
    await page.tap('.submit');
    expect(page.wx.calls.find((c) => c.action === 'correctMyData')?.input).toEqual({
      changes: { phone: '13900001111' },
    });
    expect(page.wx.toasts).toContain('已更正');
  });

  it('should ask for deletion after confirming', async () => {
    const page = load({
      'people.requestDeletion': ok({
        requestId: 'q2',
        type: 'delete',
        status: 'pending',
        at: '2026-11-30T02:00:00.000Z',
      }),
    });
    await page.settle();
    await page.tap('.delete');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'requestDeletion')?.input).toEqual({});
    expect(page.wx.toasts).toContain('已提交删除申请');
  });

  it('should say nothing is held when there is no profile, and show errors', async () => {
    const empty = load({ 'people.viewMyData': ok({ profile: null, consents: [], requests: [] }) });
    await empty.settle();
    expect(empty.text()).toContain('我们还没有保存您的个人信息。');
    const broken = load({ 'people.viewMyData': fail('INTERNAL', '服务暂时出了点问题') });
    await broken.settle();
    expect(broken.instance.data.status).toBe('error');
  });
});
