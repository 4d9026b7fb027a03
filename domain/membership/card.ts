/**
 * The electronic member card: a QR code carrying a short-lived signed token that staff scan and the server
 * verifies. The token names the member (a random document id, never personal data), the card's version (bumped
 * when the membership changes, so an old card stops working) and its expiry; its signature is a keyed SM3-HMAC
 * under the deployment's index key (`blindIndex`), so nobody without the key can make one.
 *
 *   UC1.<memberId>.<cardVersion>.<expires, unix seconds>.<signature, 32 hex>
 */
import qrcode from 'qrcode-generator';
import { blindIndex } from '../security/crypto';

/** How long a shown card is valid (the page renews it before then). */
export const CARD_TOKEN_SECONDS = 5 * 60;

const PREFIX = 'UC1';

const signature = (body: string) => blindIndex('member-card', body).slice(0, 32);

/** A signed token for the member's current card, valid for {@link CARD_TOKEN_SECONDS} from `now`. */
export function cardToken(memberId: string, cardVersion: number, now: Date): { token: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + CARD_TOKEN_SECONDS;
  const body = `${PREFIX}.${memberId}.${cardVersion}.${expires}`;
  return { token: `${body}.${signature(body)}`, expiresAt: new Date(expires * 1000) };
}

export type TokenCheck =
  | { ok: true; memberId: string; cardVersion: number; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

/** Check a scanned token's shape, signature and expiry (the member's record is checked by the caller). */
export function checkCardToken(token: string, now: Date): TokenCheck {
  const m = /^UC1\.([A-Za-z0-9_-]{1,64})\.(\d{1,9})\.(\d{9,11})\.([0-9a-f]{32})$/.exec(token.trim());
  if (!m) return { ok: false, reason: 'malformed' };
  const body = `${PREFIX}.${m[1]}.${m[2]}.${m[3]}`;
  // Compare in constant time per character count: both are 32 hex characters.
  const expected = signature(body);
  let diff = 0;
  for (let i = 0; i < 32; i += 1) diff |= expected.charCodeAt(i) ^ m[4].charCodeAt(i);
  if (diff !== 0) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(m[3]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, memberId: m[1], cardVersion: Number(m[2]), expiresAt };
}

/** The token as a QR code image the page shows (`<image src>`): a GIF data URL, error correction M. */
export function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return qr.createDataURL(6, 16);
}

/** The QR code's modules (true = dark), for tests that read the code back. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, r) => Array.from({ length: n }, (_, c) => qr.isDark(r, c)));
}
