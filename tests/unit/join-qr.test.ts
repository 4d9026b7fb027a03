/**
 * The preparatory group's join QR code: it carries the https link registered for 扫普通链接二维码打开小程序 with the
 * founding's code, reads back with a QR reader, and the join page takes the code from what WeChat hands it after a
 * scan (the link, URL-encoded once, as `q`) as well as from a share card (`code`).
 */
import jsQR from 'jsqr';
import { qrDataUrl, qrModules } from '../../domain/membership/card';
import { joinQrUrl } from '../../domain/founding/recruits';
import { joinCodeOf } from '../../miniprogram/utils/join-code';
import { LOCAL_PROJECT_ENV } from '../../local/cloud/project-env';

/** The QR modules drawn as an RGBA image (4 px a module, 4 modules of quiet zone) and read with jsQR. */
function readQr(modules: boolean[][]): string | null {
  const n = modules.length;
  const scale = 4;
  const size = (n + 8) * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let y = 0; y < size; y += 1)
    for (let x = 0; x < size; x += 1) {
      const r = Math.floor(y / scale) - 4;
      const c = Math.floor(x / scale) - 4;
      if (r >= 0 && c >= 0 && r < n && c < n && modules[r][c]) data.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
    }
  return jsQR(data, size, size)?.data ?? null;
}

const CODE = '0123456789abcdef0123456789abcdef';

afterEach(() => {
  delete process.env.UNION_JOIN_QR_URL;
});

test('the QR code reads back as the registered link with the code', () => {
  process.env.UNION_JOIN_QR_URL = 'https://gh.example.cn/j';
  const url = joinQrUrl(CODE);
  expect(url).toBe(`https://gh.example.cn/j?code=${CODE}`);
  expect(readQr(qrModules(url))).toBe(url);
  expect(qrDataUrl(url)).toMatch(/^data:image\/gif;base64,/);
});

test('without UNION_JOIN_QR_URL (or with one that is not a plain https address) no QR code is made, and it says why', () => {
  delete process.env.UNION_JOIN_QR_URL;
  expect(() => joinQrUrl(CODE)).toThrow(/UNION_JOIN_QR_URL）尚未配置/);
  for (const bad of ['http://gh.example.cn/j', 'https://gh.example.cn/j?x=1', 'gh.example.cn/j', ' ']) {
    process.env.UNION_JOIN_QR_URL = bad;
    expect(() => joinQrUrl(CODE)).toThrow(/UNION_JOIN_QR_URL/);
  }
});

test('the local cloud gives the founding function a stand-in that opens nothing real', () => {
  expect(LOCAL_PROJECT_ENV.UNION_JOIN_QR_URL).toMatch(/^https:\/\/[a-z.-]+\.invalid\//);
  process.env.UNION_JOIN_QR_URL = LOCAL_PROJECT_ENV.UNION_JOIN_QR_URL;
  expect(joinQrUrl(CODE)).toBe(`https://union-join.invalid/j?code=${CODE}`);
});

test('the join page takes the code from a scan (q) and from a share card (code)', () => {
  const url = `https://gh.example.cn/j?code=${CODE}`;
  expect(joinCodeOf({ q: encodeURIComponent(url), scancode_time: '1765100000' })).toBe(CODE);
  expect(joinCodeOf({ code: CODE })).toBe(CODE);
  expect(joinCodeOf({ q: encodeURIComponent('https://gh.example.cn/j?code=xyz') })).toBe('');
  expect(joinCodeOf({ q: encodeURIComponent(`https://gh.example.cn/j?code=${CODE}0`) })).toBe('');
  expect(joinCodeOf({})).toBe('');
});
