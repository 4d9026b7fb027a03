/**
 * Photos and documents: chosen with `wx.chooseMedia`, uploaded with `wx.cloud.uploadFile` (the
 * only other `wx.cloud` use besides services/api.ts), with progress. The path comes from
 * `cases.uploadPath`: files go under the person's own prefix (`uploads/<hash>/<yyyymm>/…`), the only
 * files a case accepts from them; forms carry the returned `cloud://` file ids.
 * Photos are made checkable first: the server's image check (`imgSecCheck`) takes PNG, JPEG or GIF of at
 * most 1 MB and 750×1334 pixels, and anything else would always be held for staff. So a photo over ~900 KB,
 * larger than 750×1334, or in another format (WebP, BMP) is re-encoded as JPEG with `wx.compressImage`
 * (quality stepping down, scaled to fit 750×1334).
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
const EXTENSIONS = ['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'mp4'] as const;
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
/** Largest photo the image check takes, in pixels. */
export const CHECK_MAX_WIDTH = 750;
export const CHECK_MAX_HEIGHT = 1334;
/** Formats the image check takes as they are. */
const CHECKABLE_TYPES = ['jpeg', 'jpg', 'png', 'gif'];

/** A photo's pixel size and type, or null when it cannot be read. */
function imageInfo(src: string): Promise<{ width: number; height: number; type: string } | null> {
  return new Promise((resolve) => {
    if (typeof wx.getImageInfo !== 'function') return resolve(null);
    wx.getImageInfo({
      src,
      success: (res) => resolve({ width: res.width, height: res.height, type: String(res.type ?? '') }),
      fail: () => resolve(null),
    });
  });
}

/** The target size that fits `width`×`height` into 750×1334 (keeping its shape), or null when it fits already. */
export function fitForCheck(width: number, height: number): { compressedWidth: number; compressHeight: number } | null {
  if (width <= CHECK_MAX_WIDTH && height <= CHECK_MAX_HEIGHT) return null;
  const scale = Math.min(CHECK_MAX_WIDTH / width, CHECK_MAX_HEIGHT / height);
  return { compressedWidth: Math.floor(width * scale), compressHeight: Math.floor(height * scale) };
}

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

type CompressStep = { quality: number; compressedWidth?: number; compressHeight?: number };

function compress(src: string, step: CompressStep): Promise<string | null> {
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
 * The file to upload for a local photo: itself when the image check takes it as it is (small enough, at most
 * 750×1334, PNG/JPEG/GIF; documents are not photos), else the first re-encoded version at or under
 * `COMPRESS_ABOVE_BYTES`, else the smallest one made. Compression failing keeps the original.
 */
export async function prepareUpload(localPath: string, knownSize?: number): Promise<string> {
  if (!COMPRESSIBLE.includes(extensionOf(localPath))) return localPath;
  const size = knownSize ?? (await fileSize(localPath));
  const info = await imageInfo(localPath);
  const fit = info ? fitForCheck(info.width, info.height) : null;
  const convert =
    Boolean(info?.type) && !CHECKABLE_TYPES.includes(String(info?.type).toLowerCase()) && info?.type !== 'unknown';
  if (!fit && !convert && (size === null || size <= COMPRESS_ABOVE_BYTES)) return localPath;
  let best = { path: localPath, size: size ?? Number.MAX_SAFE_INTEGER };
  const steps: CompressStep[] = fit
    ? QUALITY_STEPS.slice(0, 3).map((q) => ({ quality: q.quality, ...fit }))
    : QUALITY_STEPS;
  for (const step of steps) {
    const out = await compress(localPath, step);
    if (!out) break;
    const outSize = await fileSize(out);
    if (outSize === null) return out; // cannot measure: the compressed one is the better bet
    // Resized or converted, the first version is needed even if it is not smaller.
    if (outSize < best.size || (best.path === localPath && (fit || convert))) best = { path: out, size: outSize };
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
