/**
 * 工作动态 (staff): my node's posts, posts waiting for my review (from the level below), and the published posts in
 * my scope; post a new one; towns and the city open the month's table. `?box=mine|review|feed&upper=1&city=1` (the
 * city neither posts nor has posts of its own: no 发布 and no 本单位发布).
 */
import { listPosts, toPostItem, type PostItemView } from '../../../services/posts';
import { freshOnShow } from '../../../behaviors/screen';

type Box = 'mine' | 'review' | 'feed';
const BOXES: { value: Box; label: string }[] = [
  { value: 'mine', label: '本单位发布' },
  { value: 'review', label: '待我审核' },
  { value: 'feed', label: '辖区动态' },
];

Component({
  behaviors: [freshOnShow],
  data: {
    boxes: BOXES,
    box: 'mine' as Box,
    upper: false,
    canPost: true,
    items: [] as PostItemView[],
    /** The next page's cursor (30 posts a page, newest first), or '' at the end. */
    nextCursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const city = query.city === '1';
      const boxes = city ? BOXES.filter((b) => b.value !== 'mine') : BOXES;
      const box = boxes.find((b) => b.value === query.box)?.value ?? boxes[0].value;
      this.setData({ boxes, box, upper: query.upper === '1', canPost: !city });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await listPosts(this.data.box);
      if (!result.ok) return this.showLoadError(result);
      const items = result.data.items.map(toPostItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items, nextCursor: result.data.nextCursor ?? '' });
    },
    async onMore() {
      const { box, nextCursor, loadingMore } = this.data;
      if (!nextCursor || loadingMore) return;
      this.setData({ loadingMore: true });
      const result = await listPosts(box, nextCursor);
      this.setData({ loadingMore: false });
      if (!result.ok || box !== this.data.box) return;
      this.setData({
        items: [...this.data.items, ...result.data.items.map(toPostItem)],
        nextCursor: result.data.nextCursor ?? '',
      });
    },
    onBox(e: WechatMiniprogram.BaseEvent<Record<string, never>, { box: Box }>) {
      this.setData({ box: e.currentTarget.dataset.box, items: [], nextCursor: '', status: 'loading' });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/post/index?id=${e.currentTarget.dataset.id}` });
    },
    onNew() {
      wx.navigateTo({ url: '/staff/pages/post-new/index' });
    },
    onMonth() {
      wx.navigateTo({ url: '/staff/pages/post-month/index' });
    },
  },
});
