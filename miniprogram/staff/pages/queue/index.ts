/**
 * 待办事项 / a type's queue (`?type=consultation` is the 咨询收件箱): open cases in my scope by due date,
 * filtered by type, overdue and held-for-review; overdue ones carry a red badge. Tap one to act on it. The type
 * filters and titles are the case types' own (`cases.types`).
 */
import { caseTypes, loadQueue, toCaseItem, type CaseItem, type QueueFilters } from '../../../services/cases';
import { freshOnShow } from '../../../behaviors/screen';

const ALL = { value: '', label: '全部' };

Component({
  behaviors: [freshOnShow],
  data: {
    types: [ALL] as { value: string; label: string }[],
    type: '',
    overdue: false,
    held: false,
    /** Town filter ('' = everywhere in my scope). */
    townId: '',
    items: [] as CaseItem[],
    nextCursor: '',
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const types = await caseTypes();
      const chosen = types.find((t) => t.type === query.type);
      this.setData({
        types: [ALL, ...types.map((t) => ({ value: t.type, label: t.client.queue.label }))],
        // Without the types (offline) a queue asked for by type still filters by it.
        type: chosen ? chosen.type : types.length ? '' : (query.type ?? ''),
      });
      if (chosen) wx.setNavigationBarTitle?.({ title: chosen.client.queue.title });
      void this.load();
    },
    filters(cursor?: string): QueueFilters {
      const f: QueueFilters = { limit: 20 };
      if (this.data.type) f.type = this.data.type;
      if (this.data.overdue) f.overdue = true;
      if (this.data.held) f.held = true;
      if (this.data.townId) f.townId = this.data.townId;
      if (cursor) f.cursor = cursor;
      return f;
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadQueue(this.filters());
      if (!result.ok) {
        this.setData({
          status: 'error',
          message: result.code === 'FORBIDDEN' ? '只有工作人员可以查看待办事项。' : result.message,
        });
        return;
      }
      const items = result.data.items.map(toCaseItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items, nextCursor: result.data.nextCursor ?? '' });
    },
    async onReachBottom() {
      if (!this.data.nextCursor) return;
      const result = await loadQueue(this.filters(this.data.nextCursor));
      if (!result.ok) return;
      const start = this.data.items.length;
      const patch: Record<string, unknown> = { nextCursor: result.data.nextCursor ?? '' };
      result.data.items.forEach((c, i) => (patch[`items[${start + i}]`] = toCaseItem(c)));
      this.setData(patch);
    },
    onType(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: string }>) {
      this.setData({ type: e.currentTarget.dataset.value, status: 'loading' });
      void this.load();
    },
    onToggle(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: 'overdue' | 'held' }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [key]: !this.data[key], status: 'loading' });
      void this.load();
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ townId: e.detail.nodeId, status: 'loading' });
      void this.load();
    },
    onClearTown() {
      this.setData({ townId: '', status: 'loading' });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
