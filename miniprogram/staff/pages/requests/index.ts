/** 删除申请 (city admin): people's requests to delete their data; erase (done) or refuse with a note. */
import type { PendingDataRequest } from '@union/contracts';
import { listDataRequests, resolveDataRequest } from '../../../services/people';
import { gridOnce, villageLabel } from '../../../services/grid';
import { formatTime } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';
import { maxLengths, ResolveDataRequestInput } from '@union/contracts';

/** A request in words: the person's masked name and village by name, never a node id. */
const toItem = (r: PendingDataRequest, place: (id: string) => string) => ({
  id: r.requestId,
  who: `${r.name ?? '（已无资料）'}${r.homeVillageId ? ` · ${place(r.homeVillageId)}` : ''}`,
  reason: r.reason ?? '未说明原因',
  at: formatTime(r.at),
});
type Item = ReturnType<typeof toItem>;

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(ResolveDataRequestInput, { note: 'note' }),
    items: [] as Item[],
    openId: '',
    note: '',
    noteError: '',
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const [result, grid] = await Promise.all([listDataRequests(), gridOnce()]);
      if (!result.ok) return this.showLoadError(result);
      const place = (id: string) => (grid.ok ? villageLabel(grid.data, id) : '') || '（村名未加载）';
      const items = result.data.requests.map((r) => toItem(r, place));
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.setData({ openId: e.currentTarget.dataset.id, note: '', noteError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value, noteError: '' });
    },
    async onResolve(e: WechatMiniprogram.BaseEvent<Record<string, never>, { outcome: 'done' | 'refused' }>) {
      if (this.data.phase === 'sending') return;
      if (this.data.note.trim().length < 2) return this.setData({ noteError: '请填写处理说明（申请人能看到）' });
      this.setData({ phase: 'sending' });
      const result = await resolveDataRequest({
        requestId: this.data.openId,
        outcome: e.currentTarget.dataset.outcome,
        note: this.data.note.trim(),
      });
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ noteError: result.message });
      const items = this.data.items.filter((i) => i.id !== result.data.requestId);
      this.setData({ openId: '', items, status: items.length ? 'ready' : 'empty' });
      wx.showToast({ title: '已处理', icon: 'success' });
    },
  },
});
