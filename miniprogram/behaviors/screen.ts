/**
 * `behaviors: [screen]`: the loading shape every screen shares. It holds the screen's one `status` and
 * its `message`; pull to refresh reloads and then stops the spinner; the status view's retry (`onRetry`)
 * reloads; `showLoadError` puts a failed load on screen (a page's own words for NOT_FOUND).
 * The page defines `load()` (its own method replaces the empty one here, as WeChat merges behaviors).
 */
import type { ApiFailure } from '@union/contracts';
import type { ScreenStatus } from '../utils/status';

export const screen = Behavior({
  data: {
    status: 'idle' as ScreenStatus,
    message: '',
  },
  methods: {
    /** Load the screen: every page using this behavior defines its own. */
    load(): Promise<void> {
      return Promise.resolve();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void this.load();
    },
    /** Show a failed load: the server's message, or `notFound` when there is no such thing (or not for me). */
    showLoadError(failure: ApiFailure, notFound?: string) {
      this.setData({
        status: 'error',
        message: failure.code === 'NOT_FOUND' && notFound ? notFound : failure.message,
      });
    },
  },
});

/**
 * `behaviors: [freshOnShow]` (the screen behavior, and more): back on the screen from a detail or a form, load
 * again what is on it, since it may have moved on meanwhile; nothing when it never loaded (`onLoad` does that).
 */
export const freshOnShow = Behavior({
  behaviors: [screen],
  methods: {
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
  },
});
