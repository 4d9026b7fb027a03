/**
 * 加入工会 through a founding's join link (`?code=`, shared by the preparatory group): what the link is for, and
 * one tap to join (once; a profile is needed first — PROFILE_REQUIRED goes to the profile page and back). Joining
 * files a 入会申请 the worker follows on its case page; a member of another union is offered a 会员关系转接 instead.
 */
import type { JoinApplication, JoinPreview } from '@union/contracts';
import { joinFounding, joinPreview } from '../../services/founding';
import { joinCodeOf } from '../../utils/join-code';
import { redirectForFailure } from '../../services/navigation';
import type { ScreenStatus } from '../../utils/status';

/** What the worker reads once joined, by what the joining filed. */
function doneText(unitName: string, application: JoinApplication | null): string {
  if (!application) return `您的会籍已在${unitName}，单位工会成立后自动转入。`;
  if (application.title === '会员关系转接')
    return `您已申请把会籍转入${unitName}工会（筹建中）。原工会同意转出后，由乡镇工会登记。`;
  return `您已申请加入${unitName}工会（筹建中）。乡镇工会审核通过后，您先作为预备会员由乡镇工会管理，单位工会成立后自动转为会员。`;
}

Component({
  data: {
    status: 'loading' as ScreenStatus,
    message: '',
    code: '',
    preview: null as JoinPreview | null,
    joined: false,
    doneText: '',
    application: null as JoinApplication | null,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: joinCodeOf(query) });
      void this.load();
    },
    onShow() {
      // back from the case page: its step may have moved
      if (this.data.joined) void this.load();
    },
    onRetry() {
      void this.load();
    },
    async load() {
      if (!this.data.preview) this.setData({ status: 'loading' });
      const result = await joinPreview(this.data.code);
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      const p = result.data;
      this.setData({
        status: 'ready',
        preview: p,
        joined: p.joined,
        application: p.application,
        doneText: p.joined ? doneText(p.unitName, p.application) : '',
      });
    },
    onJoin() {
      void this.join(false);
    },
    onTransfer() {
      void this.join(true);
    },
    async join(transfer: boolean) {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending' });
      const result = await joinFounding(this.data.code, transfer);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        if (redirectForFailure(result, `/pages/join/index?code=${this.data.code}`)) return;
        wx.showModal({ title: transfer ? '没有转入成功' : '没有加入成功', content: result.message, showCancel: false });
        return;
      }
      await this.load();
    },
    onOpenApplication() {
      const application = this.data.application;
      if (application) wx.navigateTo({ url: `/pages/case/index?id=${application.caseId}` });
    },
  },
});
