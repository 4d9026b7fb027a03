/**
 * 工作动态 (staff): my node's posts, posts waiting for my review (from the level below), and the published posts in
 * my scope; post a new one; towns and the city open the month's table. `?box=mine|review|feed&upper=1`.
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
  data: { boxes: BOXES, box: 'mine' as Box, upper: false, items: [] as PostItemView[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const box = BOXES.find((b) => b.value === query.box)?.value ?? 'mine';
      this.setData({ box, upper: query.upper === '1' });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await listPosts(this.data.box);
      if (!result.ok) return this.showLoadError(result);
      const items = result.data.items.map(toPostItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onBox(e: WechatMiniprogram.BaseEvent<Record<string, never>, { box: Box }>) {
      this.setData({ box: e.currentTarget.dataset.box, items: [], status: 'loading' });
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
