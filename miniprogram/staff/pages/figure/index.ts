/**
 * The cases behind a figure of the dashboard (`?figure=appeals.closed&nodeId=t15`), newest first; the count at the
 * top is the figure itself. Tap one to open it.
 */
import { screen } from '../../../behaviors/screen';
import { toCaseItem, type CaseItem } from '../../../services/cases';
import { loadFigureList } from '../../../services/stats';

Component({
  behaviors: [screen],
  data: {
    figure: '',
    nodeId: '',
    heading: '',
    place: '',
    items: [] as CaseItem[],
    nextCursor: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({
        figure: decodeURIComponent(query.figure ?? ''),
        nodeId: decodeURIComponent(query.nodeId ?? ''),
      });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadFigureList({ figure: this.data.figure, nodeId: this.data.nodeId || undefined });
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const d = result.data;
      wx.setNavigationBarTitle?.({ title: d.figure.label });
      this.setData({
        status: d.items.length ? 'ready' : 'empty',
        heading: `${d.figure.label} ${d.total} 件`,
        place: d.node.name,
        items: d.items.map(toCaseItem),
        nextCursor: d.nextCursor ?? '',
      });
    },
    async onReachBottom() {
      if (!this.data.nextCursor) return;
      const result = await loadFigureList({
        figure: this.data.figure,
        nodeId: this.data.nodeId || undefined,
        cursor: this.data.nextCursor,
      });
      if (!result.ok) return;
      const start = this.data.items.length;
      const patch: Record<string, unknown> = { nextCursor: result.data.nextCursor ?? '' };
      result.data.items.forEach((c, i) => (patch[`items[${start + i}]`] = toCaseItem(c)));
      this.setData(patch);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
