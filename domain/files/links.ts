/**
 * The one way a person sees a file someone else uploaded. The storage rules (`database/storage-rules.json`) let a
 * client read only its own uploads, so a reviewer sees an applicant's photos only through a function: the action
 * first checks that the case is in the caller's scope (applicant, or staff whose grid node covers it — a revoked
 * or moved staff member no longer passes), then asks storage for short-lived links here. A staff member's view of
 * someone's documents is audited; the applicant viewing their own files is not.
 */
import { isImageFile, type CaseFile } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../people/actor';
import { STORAGE_BATCH } from '../runtime/storage';

/** How long a link works. */
export const LINK_SECONDS = 600;
/** wx-server-sdk's status for a file that is not in storage. */
const FILE_MISSING = -503003;

/** A file to show: where it belongs, what to call it, and its fileID. */
export interface FileToShow {
  field: string;
  label: string;
  fileID: string;
}

/** Whose documents these are, for the audit entry of a staff member's view. */
export interface ViewAudit {
  actor: Actor;
  /** `case` or `aid_application`. */
  targetType: string;
  targetId: string;
}

/**
 * Short-lived links to `files`, which the caller was already found allowed to see. `audit` (a staff member's
 * view) writes one `file.view` entry naming the fields, before any link is handed out.
 */
export async function fileLinks(
  ctx: HandlerContext,
  files: readonly FileToShow[],
  audit: ViewAudit | null,
): Promise<CaseFile[]> {
  if (files.length === 0) return [];
  if (audit) {
    await writeAudit(ctx, {
      action: 'file.view',
      targetType: audit.targetType,
      targetId: audit.targetId,
      detail: { fields: files.map((f) => f.field), count: files.length },
      actor: audit.actor,
    });
  }
  const ids = [...new Set(files.map((f) => f.fileID))];
  const urls = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += STORAGE_BATCH) {
    const chunk = ids.slice(i, i + STORAGE_BATCH);
    const res = (await ctx.cloud.getTempFileURL({
      fileList: chunk.map((fileID) => ({ fileID, maxAge: LINK_SECONDS })),
    })) as { fileList?: { fileID: string; status: number; tempFileURL?: string }[] };
    for (const f of res.fileList ?? []) {
      if (f.status === 0 && f.tempFileURL) urls.set(f.fileID, f.tempFileURL);
      else if (f.status === FILE_MISSING) urls.set(f.fileID, null);
      else throw new Error(`storage could not give a link (status ${f.status})`);
    }
  }
  const expiresAt = new Date(Date.now() + LINK_SECONDS * 1000).toISOString();
  return files.map((f) => ({
    fileID: f.fileID,
    field: f.field,
    label: f.label,
    kind: isImageFile(f.fileID) ? 'image' : 'document',
    url: urls.get(f.fileID) ?? null,
    expiresAt,
  }));
}
