/**
 * Photos and documents: chosen with `wx.chooseMedia`, uploaded with `wx.cloud.uploadFile` (the
 * only other `wx.cloud` use besides services/api.ts), with progress. Files go under
 * `uploads/<kind>/` with an unguessable name; forms carry the returned `cloud://` file ids.
 */

export interface ChosenFile {
  path: string;
  size: number;
}

/** Largest file accepted (10 MB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Let the person choose up to `count` photos (camera or album). Resolves [] when cancelled. */
export function choosePhotos(count: number): Promise<ChosenFile[]> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) => resolve(res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size }))),
      fail: () => resolve([]),
    });
  });
}

const random = () => Math.floor(Math.random() * 0x100000000).toString(36);

/** Where a file of `kind` goes in storage. */
export function cloudPathFor(kind: string, localPath: string): string {
  const ext = /\.(\w{1,5})$/.exec(localPath)?.[1]?.toLowerCase() ?? 'jpg';
  return `uploads/${kind}/${Date.now().toString(36)}-${random()}${random()}.${ext}`;
}

export type UploadResult = { ok: true; fileID: string } | { ok: false; message: string };

/** Upload one file, reporting progress 0–100. */
export function uploadFile(
  kind: string,
  localPath: string,
  onProgress: (percent: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const task = wx.cloud.uploadFile({
      cloudPath: cloudPathFor(kind, localPath),
      filePath: localPath,
      success: (res) => resolve({ ok: true, fileID: res.fileID }),
      fail: () => resolve({ ok: false, message: '上传没有成功，请检查网络后重试。' }),
    });
    task?.onProgressUpdate?.((p) => onProgress(p.progress));
  });
}
