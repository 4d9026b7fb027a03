/**
 * 电子会员卡: my name, union, number and a QR code that staff scan to check it. The code lasts five minutes:
 * the page fetches a new one before then (and when I come back to it), and says until when it is valid.
 */
import type { MemberCardView } from '@union/contracts';
import { CARD_REFRESH_MS, memberCard } from '../../services/membership';
import { redirectForFailure } from '../../services/navigation';
import { formatTime } from '../../utils/format';
import { screen } from '../../behaviors/screen';

Component({
  behaviors: [screen],
  data: {
    card: null as MemberCardView | null,
    validUntil: '',
  },
  lifetimes: {
    detached() {
      this.stopTimer();
    },
  },
  pageLifetimes: {
    show() {
      if (this.data.status === 'ready') void this.load();
    },
    hide() {
      this.stopTimer();
    },
  },
  methods: {
    onLoad() {
      wx.setKeepScreenOn?.({ keepScreenOn: true });
      void this.load();
    },
    stopTimer() {
      const self = this as unknown as { timer?: number };
      if (self.timer) clearTimeout(self.timer);
      self.timer = undefined;
    },
    async load() {
      this.stopTimer();
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await memberCard();
      if (!result.ok) {
        if (redirectForFailure(result, '/pages/member-card/index')) return;
        return this.showLoadError(result);
      }
      this.setData({ status: 'ready', card: result.data, validUntil: formatTime(result.data.expiresAt).slice(11) });
      const self = this as unknown as { timer?: number };
      self.timer = setTimeout(() => void this.load(), CARD_REFRESH_MS) as unknown as number;
    },
    onRefresh() {
      void this.load();
    },
  },
});
