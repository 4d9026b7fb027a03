/**
 * The privacy agreement (用户隐私保护指引).
 *
 * WeChat pauses a privacy-related API (choosing a photo, a phone number…) until the person agrees.
 * `installPrivacyHandler()` (from app.ts) registers the one `wx.onNeedPrivacyAuthorization`
 * listener; it hands the pending request to the `<privacy-popup>` of the page on screen, which
 * shows the agreement in plain words and answers with {@link answerPrivacy}.
 */

/** What the popup answers; `agree` carries the id of the `open-type="agreePrivacyAuthorization"` button. */
export type PrivacyAnswer =
  { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };
type Resolve = (answer: PrivacyAnswer) => void;
type Listener = (referrer: string) => void;

let pending: Resolve | null = null;
const listeners: Listener[] = [];

/** The API surface we use; the published typings give the listener the wrong parameter type. */
interface PrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: Resolve, info: { referrer?: string }) => void) => void;
}

/** Register the app-wide listener (once, from `App.onLaunch`). */
export function installPrivacyHandler(): void {
  const api = wx as unknown as PrivacyApi;
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return;
  api.onNeedPrivacyAuthorization((resolve, info) => {
    pending = resolve;
    const showing = listeners[listeners.length - 1];
    if (showing) {
      resolve({ event: 'exposureAuthorization' });
      showing(info?.referrer ?? '');
    } else {
      // No popup on screen: refuse rather than leave the API waiting forever.
      answerPrivacy(false);
    }
  });
}

/** A popup subscribes while its page is shown; the latest subscriber is the visible one. */
export function onPrivacyRequest(listener: Listener): () => void {
  listeners.push(listener);
  return () => {
    const i = listeners.lastIndexOf(listener);
    if (i >= 0) listeners.splice(i, 1);
  };
}

/** Answer the pending request: agree (after the agree button was tapped) or decline. */
export function answerPrivacy(agree: boolean, buttonId = 'privacy-agree'): void {
  const resolve = pending;
  pending = null;
  if (!resolve) return;
  resolve(agree ? { event: 'agree', buttonId } : { event: 'disagree' });
}

/** Whether a request is waiting for the person's answer. */
export function privacyPending(): boolean {
  return pending !== null;
}
