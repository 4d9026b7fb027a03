/** 首页: the services as large tiles, what is waiting for me, and notices being published. */
import { serviceTiles, STATIC_SERVICES, type ServiceTile } from '../../services/catalogue';
import { caseTypes } from '../../services/cases';
import { loadHome } from '../../services/home';
import type { ApplicationItem, NoticeItem } from '../../services/aid';
import type { CaseItem } from '../../services/cases';
import { screen } from '../../behaviors/screen';

Component({
  behaviors: [screen],
  data: {
    services: STATIC_SERVICES as readonly ServiceTile[],
    waiting: [] as CaseItem[],
    applications: [] as ApplicationItem[],
    notices: [] as NoticeItem[],
    staff: false,
  },
  methods: {
    onLoad() {
      void this.loadServices();
      void this.load();
    },
    /** The tiles of the case types the server declares (the static ones show meanwhile). */
    async loadServices() {
      const types = await caseTypes();
      if (types.length) this.setData({ services: serviceTiles(types) });
    },
    onShow() {
      if (this.data.status === 'ready' || this.data.status === 'empty') void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      if (this.data.services.length === STATIC_SERVICES.length) void this.loadServices();
      const home = await loadHome();
      if (!home.answered) {
        this.setData({ status: 'error', message: '网络不太好，服务还能用，但进度和公示暂时看不到。' });
        return;
      }
      const { waiting, applications, notices, staff } = home;
      if (staff !== this.data.staff) this.setData({ staff });
      this.setData({
        status: waiting.length || applications.length || notices.length ? 'ready' : 'empty',
        waiting,
        applications,
        notices,
      });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
