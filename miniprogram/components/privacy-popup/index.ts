/**
 * `<privacy-popup/>`: put it on every page that uses a privacy-related API (choosing photos,
 * phone number). When WeChat asks for the agreement it opens, says in plain words what is
 * collected and why, links to the full guide, and answers agree/decline (services/privacy.ts).
 */
import { answerPrivacy, installPrivacyHandler, onPrivacyRequest } from '../../services/privacy';

const unsubscribers = new WeakMap<object, () => void>();

Component({
  options: { addGlobalClass: true },
  data: {
    open: false,
  },
  lifetimes: {
    attached() {
      // Registration is idempotent (the last one wins); doing it here makes the popup self-sufficient.
      installPrivacyHandler();
      unsubscribers.set(
        this,
        onPrivacyRequest(() => this.setData({ open: true })),
      );
    },
    detached() {
      unsubscribers.get(this)?.();
      answerPrivacy(false);
    },
  },
  methods: {
    onOpenContract() {
      wx.openPrivacyContract({});
    },
    onAgree() {
      this.setData({ open: false });
      answerPrivacy(true, 'privacy-agree');
      this.triggerEvent('answer', { agreed: true });
    },
    onDecline() {
      this.setData({ open: false });
      answerPrivacy(false);
      this.triggerEvent('answer', { agreed: false });
    },
  },
});
