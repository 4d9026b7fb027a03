/**
 * 任务督办台 (the issuer, and staff above): completion by town and village — who has not signed, who is late (red),
 * near the deadline (yellow) — remind every unsigned or late recipient with one tap, export to Excel; a village's
 * line opens its part (accept, send back, extensions). `?id=<task id>`.
 */
import { exportTask, loadBoard, remindTask, toBoardView, type BoardView } from '../../../services/tasks';
import { freshOnShow } from '../../../behaviors/screen';

Component({
  behaviors: [freshOnShow],
  data: {
    taskId: '',
    board: null as BoardView | null,
    /** Towns opened to show their villages (a city-wide task has 18 towns). */
    open: {} as Record<string, boolean>,
    phase: 'idle' as 'idle' | 'reminding' | 'exporting',
    notice: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ taskId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.board) this.setData({ status: 'loading' });
      const result = await loadBoard(this.data.taskId);
      if (!result.ok) return this.showLoadError(result, '没有找到这项任务，或它不在您的管辖范围内。');
      const board = toBoardView(result.data);
      const open = { ...this.data.open };
      if (board.towns.length === 1) open[board.towns[0].townId] = true;
      this.setData({ status: 'ready', board, open });
    },
    onTown(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      this.setData({ [`open.${id}`]: !this.data.open[id] });
    },
    onRow(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/task/index?id=${e.currentTarget.dataset.id}` });
    },
    async onRemind() {
      if (this.data.phase !== 'idle') return;
      this.setData({ phase: 'reminding', notice: '' });
      const result = await remindTask(this.data.taskId);
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ notice: result.message });
      const { reminded, skipped } = result.data;
      this.setData({
        notice:
          reminded > 0
            ? `已催办 ${reminded} 个单位（通知其工作人员和上一级）${skipped ? `，${skipped} 个今天已催办过` : ''}`
            : skipped
              ? `今天已催办过这 ${skipped} 个单位，明天可再次催办`
              : '没有未签收或逾期的单位',
      });
    },
    async onExport() {
      if (this.data.phase !== 'idle') return;
      this.setData({ phase: 'exporting', notice: '' });
      const result = await exportTask(this.data.taskId);
      if (!result.ok) return this.setData({ phase: 'idle', notice: result.message });
      wx.downloadFile({
        url: result.data.url,
        success: (res) =>
          wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true, fail: () => undefined }),
        fail: () => this.setData({ notice: '下载没有成功，请稍后重试' }),
        complete: () => this.setData({ phase: 'idle' }),
      });
    },
  },
});
