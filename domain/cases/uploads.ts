/**
 * Files a case may reference: only what the caller uploaded themselves, in this environment's
 * storage. Clients upload under `uploads/<sha256(openid), first 16 hex>/<yyyymm>/<random>.<ext>`
 * (the path comes from `cases.uploadPath`); the engine refuses any other file id, naming the field,
 * and any file that is not (or no longer) in storage.
 */
import { STORAGE_BATCH } from '../runtime/storage';
import { createHash, randomBytes } from 'crypto';
import { UPLOAD_EXTENSIONS, UPLOAD_PATH, uploadCloudPath, type UploadExtension } from '../../typings/cases';
import { AppError } from '../runtime/errors';
import { fieldName } from '../../typings/fields';
import type { HandlerContext } from '../runtime/context';

/** A file a case refers to, with the input field that carries it (`form.attachments.0`, `attachments.2`). */
export interface FileRef {
  field: string;
  fileID: string;
}

/** The storage prefix of one uploader: `uploads/<first 16 hex of sha256(openid)>/`. */
export function uploadPrefix(openid: string): string {
  return `uploads/${createHash('sha256').update(openid, 'utf8').digest('hex').slice(0, 16)}/`;
}

/** A fresh upload path for the caller. */
export function newUploadPath(openid: string, ext: UploadExtension, now: Date): { prefix: string; cloudPath: string } {
  const prefix = uploadPrefix(openid);
  return { prefix, cloudPath: uploadCloudPath(prefix, ext, now, randomBytes(12).toString('hex')) };
}

/**
 * Refuse (INVALID_INPUT naming the field) any file that is not in this environment's storage
 * (`cloud://<env>.<bucket>/…`) or not under the uploader's own prefix.
 */
export function requireOwnFiles(files: readonly FileRef[], uploaderOpenid: string, env = currentEnv()): void {
  const prefix = uploaderOpenid ? uploadPrefix(uploaderOpenid) : null;
  for (const { field, fileID } of files) {
    const m = /^cloud:\/\/([^/\s]+)\/(\S+)$/.exec(fileID);
    if (!m || (env && !m[1].startsWith(`${env}.`))) {
      throw new AppError('INVALID_INPUT', `${fieldName(field)}不是在本小程序上传的文件，请重新上传`, field);
    }
    const path = UPLOAD_PATH.exec(m[2]);
    if (!prefix || !path || !m[2].startsWith(prefix) || !(UPLOAD_EXTENSIONS as readonly string[]).includes(path[4])) {
      throw new AppError('INVALID_INPUT', `${fieldName(field)}只能用您本人上传的文件，请重新上传`, field);
    }
  }
}

/** wx-server-sdk's status for a file that is not in storage (`STORAGE_FILE_NONEXIST`). */
const FILE_MISSING = -503003;

/**
 * Refuse (INVALID_INPUT naming the field) a referenced file that is not in storage: never uploaded, or
 * deleted since. Asks storage for a short-lived link (`getTempFileURL`, 50 files a call); another failure of
 * storage is an internal error (the caller may retry), not a verdict on the file.
 */
export async function requireStoredFiles(ctx: Pick<HandlerContext, 'cloud'>, files: readonly FileRef[]): Promise<void> {
  const ids = [...new Set(files.map((f) => f.fileID))];
  const status = new Map<string, number>();
  for (let i = 0; i < ids.length; i += STORAGE_BATCH) {
    const chunk = ids.slice(i, i + STORAGE_BATCH);
    const res = (await ctx.cloud.getTempFileURL({ fileList: chunk.map((fileID) => ({ fileID, maxAge: 60 })) })) as {
      fileList?: { fileID: string; status: number }[];
    };
    for (const f of res.fileList ?? []) status.set(f.fileID, f.status);
  }
  for (const { field, fileID } of files) {
    const s = status.get(fileID) ?? FILE_MISSING;
    if (s === FILE_MISSING)
      throw new AppError('INVALID_INPUT', `找不到${fieldName(field)}（可能已删除），请重新上传`, field);
    if (s !== 0) throw new Error(`storage could not confirm a file (status ${s})`);
  }
}

function currentEnv(): string {
  return process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '';
}
