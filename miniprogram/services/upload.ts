/**
 * Photos and documents: chosen with `wx.chooseMedia`, uploaded with `wx.cloud.uploadFile` (the
 * only other `wx.cloud` use besides services/api.ts), with progress. The path comes from
 * `cases.uploadPath`: files go under the person's own prefix (`uploads/<hash>/<yyyymm>/…`), the only
 * files a case accepts from them; forms carry the returned `cloud://` file ids.
 */
import { callApi } from './api';

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

/** Extensions the server accepts (typings/cases.ts `UPLOAD_EXTENSIONS`); anything else uploads as a photo. */
const EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'pdf', 'doc', 'docx', 'xls', 'xlsx'] as const;
type Extension = (typeof EXTENSIONS)[number];

/** The extension a local file is uploaded with. */
export function extensionOf(localPath: string): Extension {
  const ext = /\.(\w{1,5})$/.exec(localPath)?.[1]?.toLowerCase() ?? '';
  return (EXTENSIONS as readonly string[]).includes(ext) ? (ext as Extension) : 'jpg';
}

export type UploadResult = { ok: true; fileID: string } | { ok: false; message: string };

/** Upload one file under the person's own prefix, reporting progress 0–100. `kind` is the form's use. */
export async function uploadFile(
  _kind: string,
  localPath: string,
  onProgress: (percent: number) => void,
): Promise<UploadResult> {
  const path = await callApi('cases', 'uploadPath', { ext: extensionOf(localPath) });
  if (!path.ok) return { ok: false, message: path.message };
  return new Promise((resolve) => {
    const task = wx.cloud.uploadFile({
      cloudPath: path.data.cloudPath,
      filePath: localPath,
      success: (res) => resolve({ ok: true, fileID: res.fileID }),
      fail: () => resolve({ ok: false, message: '上传没有成功，请检查网络后重试。' }),
    });
    task?.onProgressUpdate?.((p) => onProgress(p.progress));
  });
}
