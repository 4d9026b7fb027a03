/** Shared components: the privacy popup answers WeChat's prompt; the upload list shows progress, failure and retry. */
import { loadPage } from './support';

describe('privacy popup', () => {
  it('should open when WeChat asks for the agreement and answer agree from the agree button', async () => {
    const popup = loadPage('components/privacy-popup/index', { noLifecycle: true });
    expect(popup.exists('.mask')).toBe(false);
    const answers: unknown[] = [];
    popup.wx.privacyListener?.((a) => answers.push(a), { referrer: 'chooseMedia' });
    await popup.settle();
    expect(popup.exists('.mask')).toBe(true);
    expect(popup.text()).toContain('个人信息保护提示');
    expect(answers).toEqual([{ event: 'exposureAuthorization' }]);
    await popup.fire('#privacy-agree', 'agreeprivacyauthorization', {});
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'privacy-agree' }]);
    expect(popup.exists('.mask')).toBe(false);
  });

  it('should answer disagree when the person declines', async () => {
    const popup = loadPage('components/privacy-popup/index', { noLifecycle: true });
    const answers: unknown[] = [];
    popup.wx.privacyListener?.((a) => answers.push(a), { referrer: 'chooseMedia' });
    await popup.settle();
    await popup.tap('.privacy-decline');
    expect(answers[1]).toEqual({ event: 'disagree' });
  });
});

describe('upload list', () => {
  it('should upload a chosen photo with progress and report the file id', async () => {
    const list = loadPage('components/upload-list/index', { noLifecycle: true, props: { kind: 'appeal', max: 2 } });
    const changes: unknown[] = [];
    list.comp.addEventListener('change', (e) => changes.push(e.detail));
    await list.tap('.upload-add');
    await list.settle();
    expect(list.instance.data.items[0]).toMatchObject({ state: 'done', progress: 100 });
    expect(list.text()).toContain('已上传');
    expect(changes[changes.length - 1]).toEqual({
      fileIds: [`cloud://env.bucket/${list.wx.uploads[0].cloudPath}`],
      uploading: false,
    });
    expect(list.text()).toContain('（1/2）');
  });

  it('should show a failed upload with a retry, and refuse files over 10 MB', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      uploadFails: true,
      chosenFiles: [
        { tempFilePath: 'http://tmp/a.jpg', size: 1000 },
        { tempFilePath: 'http://tmp/huge.jpg', size: 11 * 1024 * 1024 },
      ],
      props: { kind: 'appeal', max: 9 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.count('.upload')).toBe(1);
    expect(list.wx.uploads).toHaveLength(0); // the huge file was never sent
    expect(list.text()).toContain('上传失败');
    expect(list.text()).toContain('上传没有成功，请检查网络后重试。');
    expect(list.exists('.upload-retry')).toBe(true);
    await list.tap('.upload-remove');
    expect(list.count('.upload')).toBe(0);
  });
});

describe('photo compression before upload', () => {
  const MB = 1024 * 1024;

  it('should upload a small photo as chosen, without compressing it', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/small.jpg', size: 800 * 1024 }],
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions).toHaveLength(0);
    expect(list.wx.uploads.map((u) => u.filePath)).toEqual(['http://tmp/small.jpg']);
  });

  it('should compress a photo over 900 KB, stepping the quality down until it fits, and upload that', async () => {
    // 4 MB → 80: 2 MB, 60: 1.2 MB, 40: 850 KB (fits).
    const sizes: Record<number, number> = { 80: 2 * MB, 60: 1.2 * MB, 40: 850 * 1024 };
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/big.png', size: 4 * MB }],
      compressedSize: (_source, { quality }) => sizes[quality],
      props: { kind: 'appeal', max: 2 },
    });
    const changes: Array<{ fileIds: string[] }> = [];
    list.comp.addEventListener('change', (e) => changes.push(e.detail as { fileIds: string[] }));
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions.map((c) => c.quality)).toEqual([80, 60, 40]);
    expect(list.wx.compressions.every((c) => c.src === 'http://tmp/big.png')).toBe(true);
    const third = list.wx.compressions[2].tempFilePath;
    expect(list.wx.uploads.map((u) => u.filePath)).toEqual([third]);
    // Uploaded as the compressed file's type (JPEG), asked for with that extension.
    expect(list.wx.calls.find((c) => c.action === 'uploadPath')?.input).toEqual({ ext: 'jpg' });
    expect(changes.at(-1)?.fileIds).toEqual([`cloud://env.bucket/${list.wx.uploads[0].cloudPath}`]);
    expect(list.instance.data.items[0]).toMatchObject({ state: 'done', localPath: 'http://tmp/big.png' });
  });

  it('should scale a photo down last, and upload the smallest version when none fits', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/huge.jpg', size: 9 * MB }],
      compressedSize: (_source, { quality, compressedWidth }) => (compressedWidth ? 1.1 * MB : (quality / 10) * MB),
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions.map((c) => [c.quality, c.compressedWidth ?? null])).toEqual([
      [80, null],
      [60, null],
      [40, null],
      [40, 1280],
    ]);
    expect(list.wx.uploads.map((u) => u.filePath)).toEqual([list.wx.compressions[3].tempFilePath]);
  });

  it('should scale a photo larger than 750×1334 into it, even when small in bytes, for the image check', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/tall.jpg', size: 300 * 1024 }],
      images: { 'http://tmp/tall.jpg': { width: 1080, height: 2400, type: 'jpeg' } },
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions.map((c) => [c.quality, c.compressedWidth, c.compressHeight])).toEqual([
      [80, 600, 1334],
    ]);
    expect(list.wx.uploads.map((u) => u.filePath)).toEqual([list.wx.compressions[0].tempFilePath]);
  });

  it('should convert a WebP or BMP photo to JPEG, which the image check takes', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/pic.webp', size: 100 * 1024 }],
      images: { 'http://tmp/pic.webp': { width: 400, height: 300, type: 'webp' } },
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions).toHaveLength(1);
    expect(list.wx.calls.find((c) => c.action === 'uploadPath')?.input).toEqual({ ext: 'jpg' });
  });

  it('should leave a checkable photo (PNG, within 750×1334, small) as it is', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/ok.png', size: 200 * 1024 }],
      images: { 'http://tmp/ok.png': { width: 750, height: 1334, type: 'png' } },
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.compressions).toHaveLength(0);
  });

  it('should upload the original when compression fails', async () => {
    const list = loadPage('components/upload-list/index', {
      noLifecycle: true,
      chosenFiles: [{ tempFilePath: 'http://tmp/odd.jpg', size: 2 * MB }],
      compressedSize: () => {
        throw new Error('unsupported');
      },
      props: { kind: 'appeal', max: 2 },
    });
    await list.tap('.upload-add');
    await list.settle();
    expect(list.wx.uploads.map((u) => u.filePath)).toEqual(['http://tmp/odd.jpg']);
    expect(list.text()).toContain('已上传');
  });
});
