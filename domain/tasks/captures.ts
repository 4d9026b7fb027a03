/**
 * On-site photo proof that stands up to scrutiny: before the camera opens the phone asks for a capture ticket (a
 * server-timed record bound to the recipient's part and the person's WeChat); the report names one ticket per
 * photo. The server confirms each photo: its ticket is the reporter's own, for this part, issued within the last
 * 30 minutes and used once in the report; it downloads the stored file and keeps its SHA-256 and size with the
 * photo, and the server times the photo was taken between (ticket → report). The place is what `wx.getLocation`
 * returned with its accuracy, or recorded as refused — never made up.
 */
import { createHash, randomBytes } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import type { SitePhoto } from '../../typings/tasks';

export const TASK_CAPTURES = 'task_captures';

/** How long a ticket stays valid: a photo must be reported within this time of opening the camera. */
export const CAPTURE_TTL_MS = 30 * 60_000;

export interface CaptureDoc {
  _id: string;
  openid: string;
  caseId: string;
  issuedAt: Date;
}

/** Issue a capture ticket for a part the caller may report on. */
export async function issueCapture(ctx: HandlerContext, openid: string, caseId: string): Promise<CaptureDoc> {
  const doc: CaptureDoc = { _id: randomBytes(12).toString('hex'), openid, caseId, issuedAt: ctx.now() };
  await ctx.db.collection(TASK_CAPTURES).add({ data: doc });
  return doc;
}

async function fileBytes(ctx: HandlerContext, fileID: string, field: string): Promise<Buffer> {
  try {
    const { fileContent } = (await ctx.cloud.downloadFile({ fileID })) as { fileContent?: Buffer };
    if (Buffer.isBuffer(fileContent) && fileContent.length > 0) return fileContent;
  } catch (error) {
    ctx.log.warn('site photo download failed', { code: (error as { errCode?: unknown })?.errCode ?? null });
  }
  throw invalid(field, '照片读取失败，请重新拍摄上传');
}

/** Confirm each site photo (ticket, hash, times); refusals name `<field>.photos.N`. */
export async function confirmPhotos(
  ctx: HandlerContext,
  photos: readonly Omit<SitePhoto, 'ticketAt' | 'confirmedAt' | 'sha256' | 'bytes'>[],
  at: { caseId: string; openid: string; field: string },
): Promise<SitePhoto[]> {
  const now = ctx.now();
  const seen = new Set<string>();
  const out: SitePhoto[] = [];
  for (const [i, photo] of photos.entries()) {
    const field = `${at.field}.photos.${i}`;
    if (seen.has(photo.captureId)) throw invalid(`${field}.captureId`, '每张照片需单独拍摄，请重新拍摄');
    seen.add(photo.captureId);
    if (photo.location && photo.locationRefused) throw invalid(`${field}.location`, '拍摄地点与“未授权定位”矛盾');
    if (!photo.location && !photo.locationRefused) throw invalid(`${field}.location`, '请记录拍摄地点或注明未授权定位');
    const { data } = await ctx.db
      .collection(TASK_CAPTURES)
      .doc(photo.captureId)
      .get()
      .catch(() => ({ data: null }));
    const ticket = data as CaptureDoc | null;
    if (!ticket || ticket.openid !== at.openid || ticket.caseId !== at.caseId)
      throw invalid(`${field}.captureId`, '拍摄凭证无效，请在本任务中重新拍摄');
    const issuedAt = new Date(ticket.issuedAt);
    if (now.getTime() - issuedAt.getTime() > CAPTURE_TTL_MS)
      throw new AppError('PRECONDITION_FAILED', '照片拍摄已超过 30 分钟，请重新拍摄后上报', `${field}.captureId`);
    const bytes = await fileBytes(ctx, photo.fileID, `${field}.fileID`);
    out.push({
      ...photo,
      ticketAt: issuedAt.toISOString(),
      confirmedAt: now.toISOString(),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
  }
  return out;
}
