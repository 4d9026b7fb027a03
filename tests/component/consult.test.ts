/** Consultation: search the library first, then ask; the question becomes a consultation case. */
import { fail, loadPage, ok, type ApiTable } from './support';
import { caseDetail, faq } from './fixtures';

const library = (items = [faq()]) => ok({ items, nextCursor: null });
const load = (api: ApiTable, query: Record<string, string> = {}) =>
  loadPage('pages/consult/index', { api: { 'library.search': library(), ...api }, query });

describe('consult page', () => {
  it('should list the library first and show an answer when its question is tapped', async () => {
    const page = load({});
    await page.settle();
    expect(page.wx.calls[0]).toEqual({ name: 'library', action: 'search', input: { limit: 20 } });
    expect(page.text()).toContain('金秋助学怎么申请？');
    expect(page.text()).not.toContain('每年 7 月至 9 月');
    await page.tap('.faq-title');
    expect(page.text()).toContain('每年 7 月至 9 月');
  });

  it('should point someone who came to ask at the library first', async () => {
    const page = load({}, { intent: 'ask' });
    await page.settle();
    expect(page.instance.data.mode).toBe('browse');
    expect(page.text()).toContain('先搜一搜');
  });

  it('should search with the typed words and the chosen category', async () => {
    const page = load({ 'library.search': (input) => library(input.q ? [] : [faq()]) });
    await page.settle();
    await page.type('#q', '助学金');
    await page.tap('.search-btn');
    await page.tap('.chip-school');
    expect(page.wx.calls[2].input).toEqual({ q: '助学金', category: 'school', limit: 20 });
    expect(page.instance.data.status).toBe('empty');
    expect(page.text()).toContain('没有找到相关问答，可以直接向工会提问');
  });

  it('should carry the search words into the question and validate it', async () => {
    const page = load({});
    await page.settle();
    await page.type('#q', '孩子');
    await page.tap('.ask');
    expect(page.instance.data.form.question).toBe('孩子');
    await page.tap('.submit');
    expect(page.instance.data.errors.category).toBe('请选择咨询类别');
    expect(page.instance.data.errors.question).toBe('咨询内容至少 5 个字');
    expect(page.wx.calls.filter((c) => c.action === 'submit')).toHaveLength(0);
  });

  it('should send the question as a consultation and open its thread', async () => {
    const page = load({ 'cases.submit': ok(caseDetail({ _id: 'q1', type: 'consultation' })) }, { ask: '1' });
    await page.settle();
    await page.tap('.ask-chip-school');
    await page.type('#question', '孩子在外地上学能申请助学吗？');
    await page.tap('.submit');
    const submit = page.wx.calls.find((c) => c.action === 'submit');
    expect(submit?.input).toEqual({
      type: 'consultation',
      form: { category: 'school', question: '孩子在外地上学能申请助学吗？' },
    });
    expect(submit?.requestId).toBeTruthy();
    expect(page.wx.subscribeRequests).toHaveLength(1);
    expect(page.wx.navigations).toEqual([{ kind: 'redirectTo', url: '/pages/case/index?id=q1' }]);
  });

  it('should show the content check’s refusal next to the question', async () => {
    const page = load(
      { 'cases.submit': fail('CONTENT_RISKY', '内容未通过安全检查，请修改', 'form.question') },
      { ask: '1' },
    );
    await page.settle();
    await page.tap('.ask-chip-rights');
    await page.type('#question', '单位不给我交社保怎么办');
    await page.tap('.submit');
    expect(page.instance.data.errors.question).toBe('内容未通过安全检查，请修改');
    expect(page.text()).toContain('内容未通过安全检查，请修改');
  });

  it('should show the library error with a retry', async () => {
    const page = load({ 'library.search': fail('INTERNAL', '服务暂时出了点问题') });
    await page.settle();
    expect(page.instance.data.status).toBe('error');
  });
});
