/** Staff maintain the policy & FAQ library: add with validation, edit, remove. */
import { loadPage, ok, type ApiTable } from './support';
import { faq } from './fixtures';

const load = (api: ApiTable = {}) =>
  loadPage('staff/pages/library/index', {
    api: { 'library.search': ok({ items: [faq()], nextCursor: null }), ...api },
  });

describe('library maintenance', () => {
  it('should add an entry, naming missing fields first', async () => {
    const page = load({ 'library.save': (input) => ok(faq({ _id: 'f2', title: input.title })) });
    await page.settle();
    await page.tap('.new');
    await page.tap('.save');
    expect(page.instance.data.errors.category).toBe('请选择分类');
    expect(page.instance.data.errors.title).toBe('请填写标题');
    await page.tap('.chip-employment');
    await page.type('#title', '失业了怎么领失业金？');
    await page.type('#body', '带身份证到户籍所在地人社部门办理失业登记。');
    await page.type('#keywords', '失业金，失业 登记');
    await page.tap('.save');
    expect(page.wx.calls.find((c) => c.action === 'save')?.input).toEqual({
      title: '失业了怎么领失业金？',
      body: '带身份证到户籍所在地人社部门办理失业登记。',
      category: 'employment',
      keywords: ['失业金', '失业', '登记'],
      published: true,
    });
  });

  it('should edit an existing entry by id and remove it after confirming', async () => {
    const page = load({ 'library.save': ok(faq()), 'library.remove': ok({ removed: true as const }) });
    await page.settle();
    await page.tap('.faq');
    expect(page.instance.data.draft).toMatchObject({
      faqId: 'f1',
      title: '金秋助学怎么申请？',
      category: 'school',
      keywords: '助学',
    });
    await page.tap('.remove');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'remove')?.input).toEqual({ faqId: 'f1' });
  });
});
