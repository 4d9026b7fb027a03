/**
 * Shared reactions to failures every page may get, and page addresses.
 * `PROFILE_REQUIRED`: the service needs the person's profile, so go to it and come back.
 */
import type { ApiFailure } from '@union/contracts';

/** The profile page, returning to `back` (a page path with its query) once saved. */
export function profileUrl(back: string): string {
  return `/pages/profile/index?back=${encodeURIComponent(back)}`;
}

/**
 * Handle the failures that mean "go somewhere else"; returns true if it did.
 * `here` is the current page's path with query, to come back to.
 */
export function redirectForFailure(failure: ApiFailure, here: string): boolean {
  if (failure.code === 'PROFILE_REQUIRED') {
    wx.navigateTo({ url: profileUrl(here) });
    return true;
  }
  return false;
}

/** Build `path?a=1&b=2` from a query object (values URI-encoded). */
export function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const parts = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}
