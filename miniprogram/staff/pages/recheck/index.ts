/**
 * 年度复核 (town staff, the city): the year's re-check of the hardship archive in my town (or the city) —
 * draw the random sample of at least 30% of active files once, then follow the home visits; with the counts
 * of files unchanged for a year and never helped.
 */
import type { RecheckView } from '@union/contracts';
import { getRecheck, startRecheck } from '../../../services/registry';
import { formatTime } from '../../../utils/format';
import { freshOnShow } from '../../../behaviors/screen';

Component({
  behaviors: [freshOnShow],
  data: {
    year: new Date(Date.now() + 8 * 3600_000).getUTCFullYear(),
    campaign: null as RecheckView | null,
    drawnAt: '',
    drawing: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await getRecheck(this.data.year);
      if (!result.ok) {
        return this.setData({
          status: 'error',
          message: result.code === 'FORBIDDEN' ? '年度复核由乡镇工作员或市总工会发起。' : result.message,
        });
      }
      this.setData({
        status: 'ready',
        campaign: result.data,
        drawnAt: result.data ? formatTime(result.data.drawnAt) : '',
      });
    },
    async onDraw() {
      if (this.data.drawing) return;
      this.setData({ drawing: true });
      const result = await startRecheck(this.data.year);
      this.setData({ drawing: false });
      if (!result.ok) return wx.showModal({ title: '没有抽样', content: result.message, showCancel: false });
      this.setData({ campaign: result.data, drawnAt: formatTime(result.data.drawnAt) });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/archive/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
