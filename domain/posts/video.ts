/**
 * The post's video as stored, not as the phone said: its size is read from storage (a HEAD request on a one-minute
 * link; `wx-server-sdk` has no stat call and the function must not download up to 50 MB to count it) and must be
 * within the cap and equal to what the phone reported — a modified client cannot slip in a larger file.
 */
import http from 'node:http';
import https from 'node:https';
import { MAX_VIDEO_BYTES, type PostForm } from '../../typings/posts';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';

/** Content-Length of `url` (HEAD), or null when storage does not say. */
function headLength(url: string): Promise<number | null> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'HEAD', timeout: 5000 }, (res) => {
      res.resume();
      const length = Number(res.headers['content-length']);
      resolve(res.statusCode === 200 && Number.isFinite(length) ? length : null);
    });
    req.on('timeout', () => req.destroy(new Error('storage HEAD timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Refuse a video larger than the cap, or of another size than the phone reported (field `form.video.sizeBytes`). */
export async function requireVideoWithinCap(ctx: Pick<HandlerContext, 'cloud'>, form: PostForm): Promise<void> {
  if (!form.video) return;
  const res = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: form.video.fileID, maxAge: 60 }] })) as {
    fileList?: { tempFileURL?: string }[];
  };
  const url = res.fileList?.[0]?.tempFileURL;
  if (!url) throw new Error('storage gave no link for the video');
  const bytes = await headLength(url);
  if (bytes === null) throw new Error('storage did not tell the video’s size');
  if (bytes > MAX_VIDEO_BYTES)
    throw new AppError(
      'INVALID_INPUT',
      `视频不能超过 ${MAX_VIDEO_BYTES / 1024 / 1024} MB，请拍短一些后重新上传`,
      'form.video.fileID',
    );
  if (bytes !== form.video.sizeBytes)
    throw new AppError('INVALID_INPUT', '视频大小与上传的文件不符，请重新选择视频上传', 'form.video.sizeBytes');
}
