/**
 * 待办事项 / 咨询收件箱 (`?type=consultation`): open cases in my scope by due date, filtered by
 * type, overdue and held-for-review; overdue ones carry a red badge. Tap one to act on it.
 */
import { loadQueue, toCaseItem, type CaseItem, type QueueFilters } from '../../../services/cases';
import { freshOnShow } from '../../../behaviors/screen';

const TYPES = [
  { value: '', label: '全部' },
  { value: 'appeal', label: '诉求' },
  { value: 'consultation', label: '咨询' },
  { value: 'student_aid', label: '金秋助学' },
  { value: 'hardship_aid', label: '困难帮扶' },
];

Component({
  behaviors: [freshOnShow],
  data: {
    types: TYPES,
    type: '',
    overdue: false,
    held: false,
    /** Town filter ('' = everywhere in my scope). */
    townId: '',
    items: [] as CaseItem[],
    nextCursor: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const type = TYPES.some((t) => t.value === query.type) ? (query.type as string) : '';
      this.setData({ type });
      if (type === 'consultation') wx.setNavigationBarTitle?.({ title: '咨询收件箱' });
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
