/**
 * 加入工会 through a founding's join link (`?code=`, shared by the preparatory group): what the link is for, and
 * one tap to join (once; a profile is needed first — PROFILE_REQUIRED goes to the profile page and back).
 */
import type { JoinPreview } from '@union/contracts';
import { joinFounding, joinPreview } from '../../services/founding';
import { redirectForFailure } from '../../services/navigation';
import type { ScreenStatus } from '../../utils/status';

Component({
  data: {
    status: 'loading' as ScreenStatus,
    message: '',
    code: '',
    preview: null as JoinPreview | null,
    joined: false,
    recruits: 0,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: query.code ?? '' });
      void this.load();
    },
    onRetry() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await joinPreview(this.data.code);
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      this.setData({ status: 'ready', preview: result.data, joined: result.data.joined });
    },
    async onJoin() {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending' });
      const result = await joinFounding(this.data.code);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        if (redirectForFailure(result, `/pages/join/index?code=${this.data.code}`)) return;
        wx.showModal({ title: '没有加入成功', content: result.message, showCancel: false });
        return;
      }
      this.setData({ joined: true, recruits: result.data.recruits });
    },
  },
});
