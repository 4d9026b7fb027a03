/**
 * What is behind a figure of the dashboard (`?figure=appeals.closed&nodeId=t15`): the cases it counts, newest first
 * (the count at the top is the figure itself), or the registry units and unions it counts or sums (each with its
 * part of a sum). Tap one to open it.
 */
import type { FigureList, RecordItem } from '@union/contracts';
import { screen } from '../../../behaviors/screen';
import { toCaseItem, type CaseItem } from '../../../services/cases';
import { loadFigureList } from '../../../services/stats';

/** A case opens on its type's staff page when it has one (a post), else the staff case page. */
const staffUrl = (c: CaseItem) => (c.url.startsWith('/staff/') ? c.url : `/staff/pages/case/index?id=${c.id}`);
const toItem = (c: Parameters<typeof toCaseItem>[0]) => {
  const item = toCaseItem(c);
  return { ...item, url: staffUrl(item) };
};

/** The heading: the figure, and for records how many there are. */
function headingOf(d: FigureList): { heading: string; note: string } {
  if (!d.records.length && d.items.length) return { heading: `${d.figure.label} ${d.total} 件`, note: '' };
  return { heading: `${d.figure.label} ${d.figure.text}`, note: d.total ? `共 ${d.total} 条记录` : '' };
}

Component({
  behaviors: [screen],
  data: {
    figure: '',
    nodeId: '',
    heading: '',
    note: '',
    place: '',
    items: [] as CaseItem[],
    records: [] as RecordItem[],
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
        status: d.items.length || d.records.length ? 'ready' : 'empty',
        ...headingOf(d),
        place: d.node.name,
        items: d.items.map(toItem),
        records: d.records,
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
      const patch: Record<string, unknown> = { nextCursor: result.data.nextCursor ?? '' };
      const start = this.data.items.length;
      result.data.items.forEach((c, i) => (patch[`items[${start + i}]`] = toItem(c)));
      const from = this.data.records.length;
      result.data.records.forEach((r, i) => (patch[`records[${from + i}]`] = r));
      this.setData(patch);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      if (e.currentTarget.dataset.url) wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
