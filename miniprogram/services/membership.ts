/** Union membership (function `membership`): my membership, joining, transfer, the member card, staff checks. */
import { callApi, type CallInput } from './api';

export const myMembership = () => callApi('membership', 'mine', {});
export const joinUnion = (input: CallInput<'membership', 'join'>, requestId: string) =>
  callApi('membership', 'join', input, { requestId });
export const transferMembership = (input: CallInput<'membership', 'transfer'>, requestId: string) =>
  callApi('membership', 'transfer', input, { requestId });
export const memberCard = () => callApi('membership', 'card', {});
export const verifyCard = (token: string) => callApi('membership', 'verifyCard', { token });
/** Units by name, city-wide (names, places and unions only). */
export const findUnits = (q: string) => callApi('membership', 'units', { q });

/** How long before a shown card expires the page fetches a new one (ms). */
export const CARD_REFRESH_MS = 4 * 60 * 1000;

/** Scan a QR code with the camera; resolves the text, or null when cancelled. */
export function scanCode(): Promise<string | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: false,
      scanType: ['qrCode'],
      success: (res) => resolve(res.result),
      fail: () => resolve(null),
    });
  });
}
