/**
 * Files a case may reference: only what the caller uploaded themselves, in this environment's
 * storage. Clients upload under `uploads/<sha256(openid), first 16 hex>/<yyyymm>/<random>.<ext>`
 * (the path comes from `cases.uploadPath`); the engine refuses any other file id, naming the field.
 */
import { createHash, randomBytes } from 'crypto';
import { UPLOAD_EXTENSIONS, UPLOAD_PATH, uploadCloudPath, type UploadExtension } from '../../typings/cases';
import { AppError } from '../runtime/errors';

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
      throw new AppError('INVALID_INPUT', `${field}：附件不是在本小程序上传的文件`, field);
    }
    const path = UPLOAD_PATH.exec(m[2]);
    if (!prefix || !path || !m[2].startsWith(prefix) || !(UPLOAD_EXTENSIONS as readonly string[]).includes(path[4])) {
      throw new AppError('INVALID_INPUT', `${field}：只能使用您本人上传的文件，请重新上传`, field);
    }
  }
}

function currentEnv(): string {
  return process.env.TCB_ENV ?? process.env.SCF_NAMESPACE ?? '';
}
