/**
 * Cloud storage calls in CloudBase's batches: `deleteFile` and `getTempFileURL` take at most 50 files a
 * call (more is refused outright), so every list goes through here in chunks of {@link STORAGE_BATCH}.
 */
import type { HandlerContext } from './context';

/** Files per `deleteFile` / `getTempFileURL` call. */
export const STORAGE_BATCH = 50;

type DeleteAnswer = { fileList?: Array<{ fileID: string; status: number; errMsg?: string; code?: string }> };

/** A delete answer entry that means the file is not in storage (deleted now or before). */
function isGone(f: { status: number; errMsg?: string; code?: string }): boolean {
  return f.status === 0 || /NONEXIST|not.?exist|not found/i.test(`${f.code ?? ''} ${f.errMsg ?? ''}`);
}

/**
 * Delete files, 50 a call. Returns the ids that are gone (deleted, or already missing) and those storage
 * kept (a failed call counts all of its files as kept), so a caller can record the rest and retry.
 */
export async function deleteStoredFiles(
  ctx: Pick<HandlerContext, 'cloud' | 'log'>,
  fileIds: readonly string[],
): Promise<{ gone: string[]; kept: string[] }> {
  const gone: string[] = [];
  const kept: string[] = [];
  const unique = [...new Set(fileIds)];
  for (let i = 0; i < unique.length; i += STORAGE_BATCH) {
    const chunk = unique.slice(i, i + STORAGE_BATCH);
    try {
      const res = (await ctx.cloud.deleteFile({ fileList: chunk })) as DeleteAnswer;
      const done = new Set((res.fileList ?? []).filter(isGone).map((f) => f.fileID));
      for (const id of chunk) (done.has(id) ? gone : kept).push(id);
    } catch (error) {
      ctx.log.warn('deleteFile failed; files kept for a retry', { count: chunk.length, error: String(error) });
      kept.push(...chunk);
    }
  }
  return { gone, kept };
}
