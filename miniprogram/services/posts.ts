/**
 * Activity posts (function `posts` and the `post` case type): lists, the month's table, and the video: filmed
 * with the camera (at most 60 s), refused on the phone above the size cap before any upload, uploaded with
 * progress and a cancel that aborts the upload.
 */
import { MAX_VIDEO_BYTES, MAX_VIDEO_SECONDS, type PostListItem } from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { formatTime } from '../utils/format';

export const listPosts = (box: 'mine' | 'review' | 'feed', cursor?: string) =>
  callApi('posts', 'list', cursor ? { box, cursor } : { box });
export const postMonth = (month: string) => callApi('posts', 'monthly', { month });
export type PostFormDraft = CallInput<'cases', 'submit'>['form'];
export const submitPost = (form: PostFormDraft, requestId = newRequestId()) =>
  callApi('cases', 'submit', { type: 'post', form }, { requestId });

export const toPostItem = (p: PostListItem) => ({
  ...p,
  when: formatTime(p.at),
  media: [p.photos ? `照片 ${p.photos} 张` : '', p.hasVideo ? '视频 1 段' : ''].filter(Boolean).join('，'),
});
export type PostItemView = ReturnType<typeof toPostItem>;

export interface ChosenVideo {
  path: string;
  size: number;
  durationS: number;
  thumb: string;
}

export type VideoChoice = { ok: true; video: ChosenVideo } | { ok: false; message: string };

/** Film a video (camera only, at most 60 s); one over the size cap is refused here, before uploading. */
export function chooseVideo(): Promise<VideoChoice | null> {
  return new Promise((resolve) => {
    wx.chooseMedia({
      count: 1,
      mediaType: ['video'],
      sourceType: ['camera'],
      maxDuration: MAX_VIDEO_SECONDS,
      sizeType: ['compressed'],
      success: (res) => {
        const f = res.tempFiles[0];
        if (f.size > MAX_VIDEO_BYTES)
          return resolve({
            ok: false,
            message: `视频有 ${(f.size / 1048576).toFixed(0)} MB，超过 ${MAX_VIDEO_BYTES / 1048576} MB，请拍短一些`,
          });
        if (f.duration > MAX_VIDEO_SECONDS)
          return resolve({ ok: false, message: `视频最长 ${MAX_VIDEO_SECONDS} 秒，请重新拍摄` });
        resolve({
          ok: true,
          video: { path: f.tempFilePath, size: f.size, durationS: f.duration || 0, thumb: f.thumbTempFilePath },
        });
      },
      fail: () => resolve(null),
    });
  });
}

export interface VideoUpload {
  done: Promise<{ ok: true; fileID: string } | { ok: false; message: string; cancelled?: boolean }>;
  cancel(): void;
}

/** Upload a video under my own prefix with progress; `cancel()` aborts it. */
export function uploadVideo(path: string, onProgress: (percent: number) => void): VideoUpload {
  let task: WechatMiniprogram.UploadTask | null = null;
  let cancelled = false;
  const done = (async () => {
    const target = await callApi('cases', 'uploadPath', { ext: 'mp4' });
    if (!target.ok) return { ok: false as const, message: target.message };
    if (cancelled) return { ok: false as const, message: '已取消上传', cancelled: true };
    return new Promise<{ ok: true; fileID: string } | { ok: false; message: string; cancelled?: boolean }>(
      (resolve) => {
        task = wx.cloud.uploadFile({
          cloudPath: target.data.cloudPath,
          filePath: path,
          success: (res) => resolve({ ok: true, fileID: res.fileID }),
          fail: () =>
            resolve(
              cancelled
                ? { ok: false, message: '已取消上传', cancelled: true }
                : { ok: false, message: '视频上传没有成功，请检查网络后重试' },
            ),
        }) as unknown as WechatMiniprogram.UploadTask;
        task?.onProgressUpdate?.((p) => onProgress(p.progress));
      },
    );
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      task?.abort();
    },
  };
}
