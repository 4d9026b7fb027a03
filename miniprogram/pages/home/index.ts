/** 首页: the services a worker can use, one large tile each. */
import { SERVICES, type ServiceTile } from '../../services/catalogue';

Component({
  data: {
    services: SERVICES as readonly ServiceTile[],
  },
  methods: {
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
