/**
 * Subscribe messages (订阅消息) for progress notices. WeChat only allows the request from a tap,
 * so pages call {@link askToNotify} first thing in their submit handler, before any `await`.
 * The answer never blocks the submission.
 */
import { config } from '../config';

export type NoticeTopic = keyof typeof config.subscribeTemplates;

/** Ask (from the tap) to be notified about `topics`; resolves to the accepted template ids. */
export function askToNotify(topics: NoticeTopic[]): Promise<string[]> {
  const tmplIds = topics.map((t) => config.subscribeTemplates[t]).filter((id) => id.length > 0);
  if (!tmplIds.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds,
      success: (res) => resolve(tmplIds.filter((id) => (res as unknown as Record<string, string>)[id] === 'accept')),
      fail: () => resolve([]),
    });
  });
}
