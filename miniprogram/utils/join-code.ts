/**
 * The code from the share card (`?code=`) or from the scanned QR code: WeChat opens the page with the QR's link
 * as `q` (URL-encoded once) and the scan time as `scancode_time`.
 */
export function joinCodeOf(query: Record<string, string | undefined>): string {
  if (query.code) return query.code;
  const scanned = query.q ? decodeURIComponent(query.q) : '';
  return /[?&]code=([0-9a-f]{32})(?:&|$)/.exec(scanned)?.[1] ?? '';
}
