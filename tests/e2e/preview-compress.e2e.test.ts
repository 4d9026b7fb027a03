/**
 * The preview's `wx.compressImage`: a large photo is re-encoded in the browser (canvas → JPEG) at the quality
 * asked, scaled to `compressedWidth`, and comes back as a smaller temp file that `wx.getFileInfo` measures.
 */
import path from 'node:path';
import { launchBrowser, openAs, startPreviewCloud, type BrowserSession, type PreviewCloud } from './support/harness';

const FIXTURE = path.join(__dirname, 'fixtures', 'miniapp');

let cloud: PreviewCloud | undefined;
let session: BrowserSession | undefined;

beforeAll(async () => {
  [cloud, session] = await Promise.all([
    startPreviewCloud({ seed: false, preview: { miniprogramDir: FIXTURE } }),
    launchBrowser(),
  ]);
});

afterAll(async () => {
  await session?.close();
  await cloud?.close();
});

test('wx.compressImage re-encodes a large photo smaller in the browser', async () => {
  const frame = await openAs(session!.page, cloud!.url, 'fixture-user');
  // Browser-side code is passed as a string: this repo's tsconfig has no DOM types.
  const result = (await frame.evaluate(`(async () => {
    const c = document.createElement('canvas');
    c.width = 1600; c.height = 1200;
    const g = c.getContext('2d');
    const img = g.createImageData(1600, 1200);
    for (let i = 0; i < img.data.length; i += 4) {
      img.data[i] = (i * 7) % 251; img.data[i + 1] = (i * 13) % 241; img.data[i + 2] = (i >> 6) % 256; img.data[i + 3] = 255;
    }
    g.putImageData(img, 0, 0);
    const png = await new Promise((r) => c.toBlob(r, 'image/png'));
    const src = URL.createObjectURL(png);
    const size = async (filePath) => (await wx.getFileInfo({ filePath })).size;
    const q60 = await wx.compressImage({ src, quality: 60 });
    const small = await wx.compressImage({ src, quality: 40, compressedWidth: 400 });
    const info = await wx.getImageInfo({ src: small.tempFilePath });
    return {
      original: png.size,
      q60: await size(q60.tempFilePath),
      small: await size(small.tempFilePath),
      path: q60.tempFilePath,
      width: info.width,
      height: info.height,
      same: (await wx.compressImage({ src: 'http://tmp/nothing.jpg', quality: 50 })).tempFilePath,
    };
  })()`)) as {
    original: number;
    q60: number;
    small: number;
    path: string;
    width: number;
    height: number;
    same: string;
  };
  expect(result.original).toBeGreaterThan(900 * 1024);
  expect(result.q60).toBeLessThan(result.original);
  expect(result.small).toBeLessThan(result.q60);
  expect(result.path).toMatch(/\.jpg$/);
  expect([result.width, result.height]).toEqual([400, 300]);
  // A file the browser cannot read comes back unchanged.
  expect(result.same).toBe('http://tmp/nothing.jpg');
});
