/**
 * 统计看板: the figures of my node (the city: all towns; a town: its villages; a village: itself), one service at a
 * time; each figure opens the cases behind it; the ranking of the towns or villages opens theirs; exports as xlsx.
 * `?nodeId=` shows a node below mine.
 */
import type { ExportKind } from '@union/contracts';
import { screen } from '../../../behaviors/screen';
import {
  exportLabel,
  exportStats,
  loadDashboard,
  loadSection,
  toHeader,
  toSectionView,
  type HeaderView,
  type SectionView,
} from '../../../services/stats';

Component({
  behaviors: [screen],
  data: {
    nodeId: '',
    header: null as HeaderView | null,
    sections: [] as SectionView[],
    tabs: [] as { key: string; title: string }[],
    current: '',
    section: null as SectionView | null,
    /** Export in progress ('' = none). */
    exporting: '' as '' | ExportKind,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ nodeId: query.nodeId ?? '' });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadDashboard(this.data.nodeId || undefined);
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const d = result.data;
      const sections = d.sections.map((s) => toSectionView(s, d.node._id));
      const current = sections.some((s) => s.key === this.data.current) ? this.data.current : (sections[0]?.key ?? '');
      wx.setNavigationBarTitle?.({ title: `${d.node.name}统计看板` });
      this.setData({
        status: 'ready',
        header: toHeader(d),
        sections,
        tabs: sections.map((s) => ({ key: s.key, title: s.title })),
        current,
        section: sections.find((s) => s.key === current) ?? null,
      });
      void this.loadDetail(current);
    },
    /** The trends and the ranking of a section, loaded when its tab is shown (once per load). */
    async loadDetail(key: string) {
      const i = this.data.sections.findIndex((s) => s.key === key);
      if (i < 0 || !this.data.sections[i].pending) return;
      const result = await loadSection(key, this.data.header?.nodeId);
      if (!result.ok) return;
      const view = toSectionView(result.data, this.data.header?.nodeId ?? '');
      const patch: Record<string, unknown> = { [`sections[${i}]`]: view };
      if (this.data.current === key) patch.section = view;
      this.setData(patch);
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ current: key, section: this.data.sections.find((s) => s.key === key) ?? null });
      void this.loadDetail(key);
    },
    onFigure(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      const url = e.currentTarget.dataset.url;
      if (url) wx.navigateTo({ url });
    },
    onNode(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id && id !== this.data.header?.nodeId) wx.navigateTo({ url: `/staff/pages/dashboard/index?nodeId=${id}` });
    },
    onChild(e: WechatMiniprogram.PickerChange) {
      const child = this.data.header?.children[Number(e.detail.value)];
      if (child) wx.navigateTo({ url: `/staff/pages/dashboard/index?nodeId=${child._id}` });
    },
    async onExport(e: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: ExportKind }>) {
      if (this.data.exporting) return;
      const kind = e.currentTarget.dataset.kind;
      this.setData({ exporting: kind });
      const result = await exportStats(kind, this.data.header?.nodeId);
      this.setData({ exporting: '' });
      if (!result.ok) {
        wx.showModal({ title: `${exportLabel(kind)}导出失败`, content: result.message, showCancel: false });
        return;
      }
      wx.downloadFile({
        url: result.data.url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }),
        fail: () => wx.showToast({ title: '下载失败，请重试', icon: 'none' }),
      });
    },
  },
});
