/**
 * Drafts kept on the phone (`wx.setStorageSync`), so nothing typed is lost on a weak connection
 * or when the app is closed. A draft also keeps the submission's request id: a retry after a
 * failed or unanswered submit reuses it, so the server still makes exactly one record.
 * Removed only when the server confirms the submission.
 */

export interface Draft<F> {
  form: F;
  /** Request id of a submission that was sent but not confirmed. */
  requestId?: string;
  /** Step of a multi-step form. */
  step?: number;
  savedAt: number;
}

const PREFIX = 'draft:';

/** The draft stored under `key`, or null. */
export function loadDraft<F>(key: string): Draft<F> | null {
  try {
    const raw = wx.getStorageSync(PREFIX + key) as Draft<F> | '' | undefined;
    return raw && typeof raw === 'object' && 'form' in raw ? raw : null;
  } catch {
    return null;
  }
}

/** Store a draft (merging with what is stored). */
export function saveDraft<F>(key: string, draft: Omit<Draft<F>, 'savedAt'>): void {
  try {
    wx.setStorageSync(PREFIX + key, { ...draft, savedAt: Date.now() });
  } catch {
    // Storage full: typing goes on; the form is still on screen.
  }
}

/** Forget a draft (after the server confirmed the submission). */
export function clearDraft(key: string): void {
  try {
    wx.removeStorageSync(PREFIX + key);
  } catch {
    // nothing to do
  }
}
