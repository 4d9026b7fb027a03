/** My data lists, section by section, what each service holds about me (the case types' export hooks). */
import type { MyData } from '@union/contracts';
import { loadPage, ok } from './support';
import { myProfile } from './fixtures';

const data = (held?: MyData['held']): MyData => ({
  profile: { ...myProfile(), masked: false },
  consents: [],
  requests: [],
  ...(held ? { held } : {}),
});

describe('my data: what each service holds about me', () => {
  it('shows each section with its labelled values', async () => {
    const page = loadPage('pages/my-data/index', {
      api: {
        'people.viewMyData': ok(
          data([
            {
              title: '诉求 · 欠薪 · 示例建筑劳务公司',
              lines: [
                { label: '当前状态', value: '待受理' },
                { label: '事实经过', value: '工地拖欠两个月工资' },
              ],
            },
            { title: '金秋助学 · 2026年金秋助学', lines: [{ label: '银行卡', value: '农商银行（尾号1234）' }] },
          ]),
        ),
      },
    });
    await page.settle();
    const text = page.text();
    expect(text).toContain('我在各项服务中的信息');
    expect(text).toContain('诉求 · 欠薪 · 示例建筑劳务公司');
    expect(text).toContain('事实经过工地拖欠两个月工资');
    expect(text).toContain('银行卡农商银行（尾号1234）');
  });

  it('shows no such heading when nothing is held (or an older server sends none)', async () => {
    const page = loadPage('pages/my-data/index', { api: { 'people.viewMyData': ok(data()) } });
    await page.settle();
    expect(page.text()).not.toContain('我在各项服务中的信息');
  });
});
