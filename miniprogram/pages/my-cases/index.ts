/**
 * 我的办件: my cases, newest first, with their status; tap one for its timeline. Below them, the objections I
 * filed to public notices, with their status and the answer. Pull down to refresh; scroll to the bottom for more.
 */
import { myCases, toCaseItem, type CaseItem } from '../../services/cases';
import { myObjections, toObjectionItem, type ObjectionItem } from '../../services/aid';
import { freshOnShow } from '../../behaviors/screen';

Component({
  behaviors: [freshOnShow],
  data: {
    items: [] as CaseItem[],
    objections: [] as ObjectionItem[],
    nextCursor: '',
    more: 'none' as 'none' | 'has' | 'loading',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const [result, filed] = await Promise.all([myCases(), myObjections()]);
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const items = result.data.items.map(toCaseItem);
      const objections = filed.ok ? filed.data.items.map(toObjectionItem) : [];
      this.setData({
        status: items.length || objections.length ? 'ready' : 'empty',
        items,
        objections,
        nextCursor: result.data.nextCursor ?? '',
        more: result.data.nextCursor ? 'has' : 'none',
      });
    },
    async onReachBottom() {
      if (this.data.more !== 'has') return;
      this.setData({ more: 'loading' });
      const result = await myCases(this.data.nextCursor);
      if (!result.ok) {
        this.setData({ more: 'has' });
        wx.showToast({ title: result.message, icon: 'none' });
        return;
      }
      const start = this.data.items.length;
      const patch: Record<string, unknown> = {
        nextCursor: result.data.nextCursor ?? '',
        more: result.data.nextCursor ? 'has' : 'none',
      };
      result.data.items.forEach((c, i) => (patch[`items[${start + i}]`] = toCaseItem(c)));
      this.setData(patch);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onNewAppeal() {
      wx.navigateTo({ url: '/pages/appeal/index' });
    },
  },
});
