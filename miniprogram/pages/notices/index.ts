/** 公示: notices being served now; tap one for its list. */
import { listNotices, toNoticeItem, type NoticeItem } from '../../services/aid';
import { screen } from '../../behaviors/screen';

Component({
  behaviors: [screen],
  data: {
    items: [] as NoticeItem[],
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await listNotices();
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const items = result.data.notices.map(toNoticeItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/notice/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
