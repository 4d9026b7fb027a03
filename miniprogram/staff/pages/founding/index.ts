/**
 * 建会申报 (town staff, the city): the foundings in my scope by step, the overdue ones and the unions founded
 * online; below, the open requests of the chosen step by deadline — tap one to act on it on the case page.
 */
import type { FoundingBoard } from '@union/contracts';
import { foundingBoard, FOUNDING_TYPE } from '../../../services/founding';
import { loadQueue, toCaseItem, type CaseItem, type QueueFilters } from '../../../services/cases';
import type { ScreenStatus } from '../../../utils/status';

Component({
  data: {
    status: 'loading' as ScreenStatus,
    message: '',
    board: null as FoundingBoard | null,
    state: '',
    stateLabel: '',
    items: [] as CaseItem[],
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.board) void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void this.load();
    },
    async load() {
      if (!this.data.board) this.setData({ status: 'loading' });
      const filters: QueueFilters = { type: FOUNDING_TYPE, limit: 50 };
      if (this.data.state) filters.status = this.data.state;
      const [board, queue] = await Promise.all([foundingBoard(), loadQueue(filters)]);
      if (!board.ok) {
        this.setData({ status: 'error', message: board.message });
        return;
      }
      if (!queue.ok) {
        this.setData({ status: 'error', message: queue.message });
        return;
      }
      this.setData({ status: 'ready', board: board.data, items: queue.data.items.map(toCaseItem) });
    },
    onStep(e: WechatMiniprogram.BaseEvent<Record<string, never>, { state: string }>) {
      const state = e.currentTarget.dataset.state === this.data.state ? '' : e.currentTarget.dataset.state;
      const label = this.data.board?.steps.find((s) => s.state === state)?.label ?? '';
      this.setData({ state, stateLabel: label });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
