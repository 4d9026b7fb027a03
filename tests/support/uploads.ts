/**
 * Upload a file as the mini-program does: ask `cases.uploadPath` for a path under the caller's own prefix,
 * then `wx.cloud.uploadFile` (the local cloud's `/wx/uploadFile`) as that caller.
 */
import type { TestCloud } from './cloud';
import { callAs } from './people';
import { fakePng } from './images';

/** Upload a small PNG as `openid` (its bytes carry `text` for the local imgSecCheck); returns its fileID. */
export async function uploadAs(cloud: TestCloud, openid: string, text = '测试照片'): Promise<string> {
  const path = await callAs(cloud, openid, 'cases', 'uploadPath', { ext: 'jpg' });
  if (!path.ok) throw new Error(`uploadPath failed: ${path.code}`);
  const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(path.data.cloudPath)}`, {
    method: 'POST',
    headers: { 'x-wx-openid': openid },
    body: fakePng(text),
  });
  const { fileID } = (await res.json()) as { fileID?: string };
  if (!fileID) throw new Error(`upload failed (${res.status})`);
  return fileID;
}

/** A fileID under `openid`'s own prefix that was never uploaded. */
export async function unuploadedFileOf(cloud: TestCloud, openid: string): Promise<string> {
  const path = await callAs(cloud, openid, 'cases', 'uploadPath', { ext: 'jpg' });
  if (!path.ok) throw new Error(`uploadPath failed: ${path.code}`);
  return `cloud://${cloud.envId}.bucket/${path.data.cloudPath}`;
}
