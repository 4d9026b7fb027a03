/** 工作动态 list: the city reviews and reads but does not post; a long list comes a page at a time. */
import type { PostListItem } from '@union/contracts';
import { loadPage, ok } from './support';

const item = (n: number): PostListItem => ({
  caseId: `p${n}`,
  title: `动态 ${n}`,
  kindLabel: '走访',
  statusLabel: '已发布',
  poster: '翠林山村',
  at: '2026-12-01T02:00:00.000Z',
  photos: 2,
  hasVideo: false,
  videoStatus: '',
  featured: false,
});

describe('post list', () => {
  it('should give the city no post button and no box of its own posts', async () => {
    const page = loadPage('staff/pages/posts/index', {
      query: { box: 'review', upper: '1', city: '1' },
      api: { 'posts.list': ok({ items: [item(1)], nextCursor: null }) },
    });
    await page.settle();
    expect(page.exists('.new-post')).toBe(false);
    expect(page.exists('.box-mine')).toBe(false);
    expect(page.exists('.box-review')).toBe(true);
    expect(page.exists('.month')).toBe(true);
    expect(page.wx.calls[0].input).toEqual({ box: 'review' });
  });

  it('should let a town post and load the next page after the last one', async () => {
    const page = loadPage('staff/pages/posts/index', {
      query: { box: 'feed', upper: '1' },
      api: {
        'posts.list': (input) =>
          input.cursor
            ? ok({ items: [item(31)], nextCursor: null })
            : ok({ items: Array.from({ length: 30 }, (_, i) => item(i + 1)), nextCursor: 'k30' }),
      },
    });
    await page.settle();
    expect(page.exists('.new-post')).toBe(true);
    expect(page.count('.post-item')).toBe(30);
    await page.tap('.more');
    expect(page.wx.calls[1].input).toEqual({ box: 'feed', cursor: 'k30' });
    expect(page.count('.post-item')).toBe(31);
    expect(page.exists('.more')).toBe(false);
  });
});
