/**
 * Content security for photos: each image a person or staff member attaches is downloaded from
 * storage (`cloud.downloadFile`) and checked with `security.imgSecCheck`. Risky (87014) refuses it
 * (`CONTENT_RISKY`, naming the field); an error, a timeout or a file that cannot be read holds it
 * for staff (fail closed), like text. Documents are not images and are not sent to the check.
 */
import { isImageFile } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { fieldName } from '../../typings/fields';
import type { ContentVerdict } from './check';

/** Download and check one image within this time. */
const TIMEOUT_MS = 8000;
/** imgSecCheck takes images up to 1 MB; larger ones are held for staff instead of failing the call. */
const MAX_CHECK_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

type Outcome = 'pass' | 'risky' | 'error';

async function checkOne(ctx: HandlerContext, fileID: string): Promise<Outcome> {
  try {
    const { fileContent } = (await ctx.cloud.downloadFile({ fileID })) as { fileContent?: Buffer };
    if (!Buffer.isBuffer(fileContent) || fileContent.length === 0) return 'error';
    if (fileContent.length > MAX_CHECK_BYTES) return 'error';
    const ext = /\.([a-z]+)$/i.exec(fileID)?.[1]?.toLowerCase() ?? 'jpg';
    const res = (await ctx.cloud.openapi.security.imgSecCheck({
      media: { contentType: CONTENT_TYPES[ext] ?? 'image/jpeg', value: fileContent },
    } as never)) as { errCode?: number } | undefined;
    return (res?.errCode ?? 0) === 0 ? 'pass' : res?.errCode === 87014 ? 'risky' : 'error';
  } catch (error) {
    const code = (error as { errCode?: unknown })?.errCode ?? null;
    if (code === 87014) return 'risky';
    ctx.log.warn('imgSecCheck failed; holding the image for review', { code });
    return 'error';
  }
}

async function withTimeout(work: Promise<Outcome>, ms: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve('error'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Check every photo among `files` (in parallel). Throws `CONTENT_RISKY` naming the first risky
 * field; otherwise answers which fields are held (`why: 'error'`).
 */
export async function checkImages(
  ctx: HandlerContext,
  files: readonly { field: string; fileID: string }[],
  timeoutMs = TIMEOUT_MS,
): Promise<ContentVerdict> {
  const images = files.filter((f) => isImageFile(f.fileID));
  const outcomes = await Promise.all(images.map((f) => withTimeout(checkOne(ctx, f.fileID), timeoutMs)));
  const risky = outcomes.indexOf('risky');
  if (risky >= 0) {
    const field = images[risky].field;
    throw new AppError('CONTENT_RISKY', `${fieldName(field, '图片')}含有违规内容，请更换后再提交`, field);
  }
  const heldFields = images
    .filter((_, i) => outcomes[i] === 'error')
    .map((f) => ({ field: f.field, why: 'error' as const }));
  return { held: heldFields.length > 0, heldFields };
}
