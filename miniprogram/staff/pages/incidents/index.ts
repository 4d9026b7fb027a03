/** 故障待办 (city admin): side effects that failed after their retries (e.g. a progress message); retry one. */
import type { Incident } from '@union/contracts';
import { callApi, newRequestId } from '../../../services/api';
import { formatTime } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';

const KIND: Record<Incident['kind'], string> = { subscribe_message: '进度通知', hook: '业务联动' };
const toItem = (i: Incident) => ({
  id: i._id,
  title: KIND[i.kind] ?? '其他',
  /** The case it concerns, opened from here (its id is never shown). */
  caseId: i.caseId ?? '',
  detail: `已尝试 ${i.attempts} 次 · ${formatTime(i.updatedAt)}`,
  error: i.lastError,
  failed: i.status === 'failed',
});
type Item = ReturnType<typeof toItem>;

Component({
  behaviors: [screen],
  data: {
    items: [] as Item[],
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await callApi('cases', 'incidents', {});
      if (!result.ok) return this.showLoadError(result);
      const items = result.data.items.map(toItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onOpenCase(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/case/index?id=${e.currentTarget.dataset.id}` });
    },
    async onRetryIncident(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; index: number }>) {
      const { id, index } = e.currentTarget.dataset;
      const result = await callApi('cases', 'retryIncident', { incidentId: id }, { requestId: newRequestId() });
      if (!result.ok) return wx.showModal({ title: '没有重试成功', content: result.message, showCancel: false });
      this.setData({ [`items[${index}]`]: toItem(result.data) });
    },
  },
});
