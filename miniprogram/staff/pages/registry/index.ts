/**
 * 基础信息 (staff): the registry lists — units, unions, hardship files, workers, migrant workers — in my
 * scope, searchable by name or code (ID number for people), filtered to a town or village, paged, and
 * exported to xlsx (masked; in full for town staff and the city, audited). Entries to add a unit, a
 * union or a file, to import a workbook and to run the hardship re-check.
 */
import { ListUnitsInput, maxLengths, type RegistryList } from '@union/contracts';
import { exportAndOpen, loadList, REGISTRY_TABS, type RegistryItem } from '../../../services/registry';
import { myRoles } from '../../../services/staff';
import { freshOnShow } from '../../../behaviors/screen';

const PAGE = 20;

Component({
  behaviors: [freshOnShow],
  data: {
    tabs: REGISTRY_TABS,
    tab: 'units' as RegistryList,
    /** Text limits from the contract. */
    limits: maxLengths(ListUnitsInput, { q: 'q' }),
    q: '',
    nodeId: '',
    nodeLabel: '',
    items: [] as RegistryItem[],
    total: 0,
    /** Town staff and the city may export full identifiers. */
    canUnmask: false,
    exporting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = REGISTRY_TABS.some((t) => t.value === query.tab) ? (query.tab as RegistryList) : 'units';
      this.setData({ tab });
      void myRoles().then((r) => {
        if (r.ok && r.data.staff) this.setData({ canUnmask: r.data.staff.role !== 'village_collector' });
      });
      void this.load();
    },
    filters(skip = 0) {
      return { q: this.data.q.trim(), nodeId: this.data.nodeId, skip, limit: PAGE };
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadList(this.data.tab, this.filters());
      if (!result.ok) {
        this.setData({
          status: 'error',
          message: result.code === 'FORBIDDEN' ? '只有工作人员可以查看基础信息。' : result.message,
        });
        return;
      }
      const { items, total } = result.data;
      this.setData({ status: items.length ? 'ready' : 'empty', items, total });
    },
    async onReachBottom() {
      if (this.data.items.length >= this.data.total) return;
      const result = await loadList(this.data.tab, this.filters(this.data.items.length));
      if (!result.ok) return;
      const start = this.data.items.length;
      const patch: Record<string, unknown> = {};
      result.data.items.forEach((item, i) => (patch[`items[${start + i}]`] = item));
      this.setData(patch);
    },
    onTab(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: RegistryList }>) {
      this.setData({ tab: e.currentTarget.dataset.value, q: '', items: [], status: 'loading' });
      void this.load();
    },
    onQuery(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value });
    },
    onSearch() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    onNode(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      if (!e.detail.nodeId) return;
      this.setData({ nodeId: e.detail.nodeId, status: 'loading' });
      void this.load();
    },
    onClearNode() {
      this.setData({ nodeId: '', status: 'loading' });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      if (e.currentTarget.dataset.url) wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onAdd() {
      const url = {
        units: '/staff/pages/unit/index',
        unions: '/staff/pages/union/index',
        hardship: '/staff/pages/archive/index',
      }[this.data.tab as 'units' | 'unions' | 'hardship'];
      wx.navigateTo({ url: url ?? '/staff/pages/people/index' });
    },
    onImport() {
      wx.navigateTo({ url: `/staff/pages/import/index?kind=${this.data.tab}` });
    },
    onRecheck() {
      wx.navigateTo({ url: '/staff/pages/recheck/index' });
    },
    async onExport(e: WechatMiniprogram.BaseEvent<Record<string, never>, { full?: string }>) {
      if (this.data.exporting) return;
      const unmask = e.currentTarget.dataset.full === 'yes';
      this.setData({ exporting: true });
      const q = this.data.q.trim();
      const result = await exportAndOpen({
        list: this.data.tab,
        ...(this.data.nodeId ? { nodeId: this.data.nodeId } : {}),
        ...(q ? { q } : {}),
        ...(unmask ? { unmask } : {}),
      });
      this.setData({ exporting: false });
      if (!result.ok) wx.showModal({ title: '没有导出', content: result.message, showCancel: false });
      else wx.showToast({ title: `已导出 ${result.data.rows} 条`, icon: 'success' });
    },
  },
});
