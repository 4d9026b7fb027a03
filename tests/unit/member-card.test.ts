/**
 * The member card's token and QR code: the code reads back as the token; a token verifies until it expires;
 * a changed character, another key or an expired token does not.
 */
import jsQR from 'jsqr';
import { cardToken, checkCardToken, qrDataUrl, qrModules, CARD_TOKEN_SECONDS } from '../../domain/membership/card';
import { generateKeys } from '../../domain/security/crypto';

/** The QR modules drawn as an RGBA image (4 px a module, 4 modules of quiet zone) and read with jsQR. */
function readQr(modules: boolean[][]): string | null {
  const scale = 4;
  const size = (modules.length + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, r) =>
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < scale; y += 1)
        for (let x = 0; x < scale; x += 1) {
          const i = (((r + 4) * scale + y) * size + (c + 4) * scale + x) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
    }),
  );
  return jsQR(data, size, size)?.data ?? null;
}

describe('member card', () => {
  const now = new Date('2026-12-01T08:00:00Z');
  beforeAll(() => {
    const keys = generateKeys();
    process.env.UNION_DATA_KEY = keys.dataKey;
    process.env.UNION_INDEX_KEY = keys.indexKey;
  });

  it('shows a QR code that reads back as the signed token', () => {
    const { token } = cardToken('m-1234', 2, now);
    expect(readQr(qrModules(token))).toBe(token);
    expect(qrDataUrl(token)).toMatch(/^data:image\/gif;base64,/);
  });

  it('verifies a token until it expires, and names the member and the card version', () => {
    const { token, expiresAt } = cardToken('m-1234', 2, now);
    expect(expiresAt.getTime() - now.getTime()).toBe(CARD_TOKEN_SECONDS * 1000);
    expect(checkCardToken(token, new Date(now.getTime() + 60_000))).toMatchObject({
      ok: true,
      memberId: 'm-1234',
      cardVersion: 2,
    });
    expect(checkCardToken(token, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token with a changed member, version or expiry, or signed with another key', () => {
    const { token } = cardToken('m-1234', 2, now);
    const [p, id, v, e, sig] = token.split('.');
    expect(checkCardToken([p, 'm-9999', v, e, sig].join('.'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkCardToken([p, id, '3', e, sig].join('.'), now)).toEqual({ ok: false, reason: 'forged' });
    expect(checkCardToken([p, id, v, String(Number(e) + 3600), sig].join('.'), now)).toEqual({
      ok: false,
      reason: 'forged',
    });
    expect(checkCardToken('not a token', now)).toEqual({ ok: false, reason: 'malformed' });
    const keys = generateKeys();
    process.env.UNION_INDEX_KEY = keys.indexKey;
    expect(checkCardToken(token, now)).toEqual({ ok: false, reason: 'forged' });
  });
});
