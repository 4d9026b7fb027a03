/** Public notices: the list, a notice exactly as published, and filing an objection. */
import { fail, loadPage, ok, type ApiTable } from './support';
import type { NoticeView } from '@union/contracts';

const notice = (): NoticeView => ({
  noticeId: 'n1',
  title: '2026年金秋助学拟资助名单公示',
  programme: '金秋助学',
  publishedOn: '2026-11-20',
  endsOn: '2026-11-27',
  howToObject: '市总工会 0716-0000000',
  entries: [
    { entryId: 'e1', maskedName: '张*三', place: '万家乡翠林山村', programme: '金秋助学', amountFen: 300000 },
    { entryId: 'e2', maskedName: '李*', place: '南海镇某村', programme: '金秋助学', amountFen: 200000 },
  ],
});

describe('notices list', () => {
  it('should list notices being served and open one', async () => {
    const page = loadPage('pages/notices/index', {
      api: {
        'aid.notices': ok({
          notices: [
            {
              noticeId: 'n1',
              title: '2026年金秋助学拟资助名单公示',
              programme: '金秋助学',
              publishedOn: '2026-11-20',
              endsOn: '2026-11-27',
              count: 2,
            },
          ],
        }),
      },
    });
    await page.settle();
    expect(page.text()).toMatch(/公示期：(2026年)?11月20日（周五）至 (2026年)?11月27日（周五）/);
    await page.tap('.notice-item');
    expect(page.wx.navigations[0].url).toBe('/pages/notice/index?id=n1');
  });

  it('should say when nothing is being published', async () => {
    const page = loadPage('pages/notices/index', { api: { 'aid.notices': ok({ notices: [] }) } });
    await page.settle();
    expect(page.text()).toContain('现在没有正在公示的名单');
  });
});

describe('notice detail', () => {
  const load = (api: ApiTable) =>
    loadPage('pages/notice/index', { query: { id: 'n1' }, api: { 'aid.notice': ok(notice()), ...api } });

  it('should show only what the server published: masked name, place, amount', async () => {
    const page = load({});
    await page.settle();
    expect(page.count('.entry')).toBe(2);
    const text = page.text();
    expect(text).toContain('张*三');
    expect(text).toContain('万家乡翠林山村');
    expect(text).toContain('3,000.00 元');
    expect(text).toContain('市总工会 0716-0000000');
  });

  it('should file an objection to one line with its reason', async () => {
    const page = load({
      'aid.fileObjection': (input) =>
        ok({
          objectionId: 'o1',
          noticeId: input.noticeId,
          entryId: input.entryId,
          status: 'open',
          reply: null,
          filedAt: '2026-11-21T00:00:00.000Z',
          resolvedAt: null,
          noticeTitle: '2026年金秋助学拟资助名单公示',
          entryName: '张*三',
          entryPlace: '万家乡翠林山村',
        }),
    });
    await page.settle();
    await page.tap('.object');
    expect(page.text()).toContain('对“张*三”提出异议');
    await page.type('#reason', '短');
    await page.tap('.submit');
    expect(page.instance.data.errors.reason).toBe('异议理由至少 5 个字');
    await page.type('#reason', '此人家庭条件较好，不属于困难家庭');
    await page.tap('.submit');
    const call = page.wx.calls.find((c) => c.action === 'fileObjection');
    expect(call?.input).toEqual({ noticeId: 'n1', entryId: 'e1', reason: '此人家庭条件较好，不属于困难家庭' });
    expect(call?.requestId).toBeTruthy();
    expect(page.wx.modals[0].title).toBe('异议已提交');
    expect(page.exists('.objection')).toBe(false);
  });

  it('should say the notice is over when the server no longer serves it', async () => {
    const page = load({ 'aid.notice': fail('NOT_FOUND', 'x') });
    await page.settle();
    expect(page.text()).toContain('这份公示已经结束或不存在。');
  });
});
