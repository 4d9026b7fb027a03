/** 工作台: the staff member's role and the tools it opens. Not staff → say so plainly. */
import { myRoles, workbenchFor } from '../../../services/staff';
import { askToNotify } from '../../../services/subscribe';
import { screen } from '../../../behaviors/screen';

type Workbench = ReturnType<typeof workbenchFor>;

Component({
  behaviors: [screen],
  data: {
    bench: null as Workbench | null,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await myRoles();
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const staff = result.data.staff;
      if (!staff || !staff.active) {
        this.setData({ status: 'empty', bench: null });
        return;
      }
      this.setData({ status: 'ready', bench: workbenchFor(staff) });
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      // Staff reminders (new case, about to be overdue) need the staff member's consent, asked from a tap.
      void askToNotify(['staffTodo']);
      wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
  },
});
