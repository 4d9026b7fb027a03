/**
 * Photos and documents: chosen with `wx.chooseMedia`, uploaded with `wx.cloud.uploadFile` (the
 * only other `wx.cloud` use besides services/api.ts), with progress. The path comes from
 * `cases.uploadPath`: files go under the person's own prefix (`uploads/<hash>/<yyyymm>/…`), the only
 * files a case accepts from them; forms carry the returned `cloud://` file ids.
 * Photos over ~900 KB are compressed first (`wx.compressImage`, quality stepping down): the server's image
 * check (`imgSecCheck`) takes at most 1 MB, and a larger photo would always be held for staff.
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

/** Photos larger than this are compressed before upload (the image check takes at most 1 MB). */
export const COMPRESS_ABOVE_BYTES = 900 * 1024;
/** Qualities tried in turn until the photo fits; the last step also scales it down. */
const QUALITY_STEPS: Array<{ quality: number; compressedWidth?: number }> = [
  { quality: 80 },
  { quality: 60 },
  { quality: 40 },
  { quality: 40, compressedWidth: 1280 },
];
/** Photo extensions that `wx.compressImage` re-encodes (a GIF would lose its animation). */
const COMPRESSIBLE = ['jpg', 'jpeg', 'png', 'webp', 'bmp'];

/** The size of a local file in bytes, or null when it cannot be read. */
function fileSize(filePath: string): Promise<number | null> {
  return new Promise((resolve) => {
    try {
      wx.getFileSystemManager().getFileInfo({
        filePath,
        success: (res) => resolve(res.size),
        fail: () => resolve(null),
      });
    } catch {
      resolve(null);
    }
  });
}

function compress(src: string, step: { quality: number; compressedWidth?: number }): Promise<string | null> {
  return new Promise((resolve) => {
    wx.compressImage({
      src,
      ...step,
      success: (res) => resolve(res.tempFilePath),
      fail: () => resolve(null),
    });
  });
}

/**
 * The file to upload for a local photo: itself when small enough (or not a photo), else the first compressed
 * version at or under `COMPRESS_ABOVE_BYTES`, else the smallest one made. Compression failing keeps the original.
 */
export async function prepareUpload(localPath: string, knownSize?: number): Promise<string> {
  if (!COMPRESSIBLE.includes(extensionOf(localPath))) return localPath;
  const size = knownSize ?? (await fileSize(localPath));
  if (size === null || size <= COMPRESS_ABOVE_BYTES) return localPath;
  let best = { path: localPath, size };
  for (const step of QUALITY_STEPS) {
    const out = await compress(localPath, step);
    if (!out) break;
    const outSize = await fileSize(out);
    if (outSize === null) return out; // cannot measure: the compressed one is the better bet
    if (outSize < best.size) best = { path: out, size: outSize };
    if (outSize <= COMPRESS_ABOVE_BYTES) break;
  }
  return best.path;
}

/**
 * Upload one file under the person's own prefix, reporting progress 0–100. `kind` is the form's use; `size`
 * (when the chooser reported it) spares reading the file to decide whether a photo needs compressing.
 */
export async function uploadFile(
  _kind: string,
  chosenPath: string,
  onProgress: (percent: number) => void,
  size?: number,
): Promise<UploadResult> {
  const localPath = await prepareUpload(chosenPath, size);
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
