/**
 * 我的: my profile at a glance, my data and consents, and — for staff — the workbench; anyone
 * may redeem an invitation code there.
 */
import { callApi } from '../../services/api';
import { loadMyProfile, roleLabel } from '../../services/people';
import { freshOnShow } from '../../behaviors/screen';

Component({
  behaviors: [freshOnShow],
  data: {
    name: '',
    hasProfile: false,
    staffRole: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const [me, roles] = await Promise.all([loadMyProfile(), callApi('staff', 'myRoles', {})]);
      if (!me.ok) {
        this.showLoadError(me);
        return;
      }
      const staff = roles.ok ? roles.data.staff : null;
      this.setData({
        status: 'ready',
        name: me.data?.name ?? '',
        hasProfile: Boolean(me.data),
        staffRole: staff && staff.active ? roleLabel(staff.role) : '',
      });
    },
    onGo(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
