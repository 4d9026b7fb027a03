/**
 * A case type's form: its declaration looked up, the form validated by the type's schema, its files named by
 * field, photos checked (or held), and what a corrected form changed.
 */
import type { z } from 'zod';
import { isImageFile } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { zodFailure } from '../runtime/validation';
import type { ContentVerdict } from '../content/check';
import type { AnyCaseType } from './declaration';
import { findCaseType } from './registry';
import { requireOwnFiles, type FileRef } from './uploads';

/** The registered declaration of a type, or INVALID_INPUT naming `type`. */
export function requireCaseType(type: string): AnyCaseType {
  const decl = findCaseType(type);
  if (!decl) throw new AppError('INVALID_INPUT', `不支持的事项类型：${type}`, 'type');
  return decl;
}

/**
 * Checks photos with `security.imgSecCheck` (the `cases` function passes `checkImages` from
 * `domain/content/image`; only that function's bundle calls the API). Throws CONTENT_RISKY naming the
 * field, or answers which fields are held.
 */
export type ImageChecker = (ctx: HandlerContext, files: readonly FileRef[]) => Promise<ContentVerdict>;

/** Options of a write: how photos are checked. */
export interface EngineOptions {
  /** Without a checker every photo is held for staff (fail closed). */
  checkImages?: ImageChecker;
}

/** The fail-closed default: every photo waits for staff review. */
export const holdImages: ImageChecker = async (_ctx, files) => {
  const heldFields = files.filter((f) => isImageFile(f.fileID)).map((f) => ({ field: f.field, why: 'error' as const }));
  return { held: heldFields.length > 0, heldFields };
};

/** Check photos with the caller's checker, or hold them (no photos: nothing held). */
export function checkPhotos(
  ctx: HandlerContext,
  opts: EngineOptions,
  files: readonly FileRef[],
): Promise<ContentVerdict> {
  if (!files.length) return Promise.resolve({ held: false, heldFields: [] });
  return (opts.checkImages ?? holdImages)(ctx, files);
}

export function mergeVerdicts(...verdicts: ContentVerdict[]): ContentVerdict {
  const heldFields = verdicts.flatMap((v) => v.heldFields);
  return { held: heldFields.length > 0, heldFields };
}

/** The files of a form, named by their input field (`form.attachments.0`). */
export function formFiles(decl: AnyCaseType, form: Record<string, unknown>): FileRef[] {
  return (decl.files?.(form) ?? []).map(({ field, fileID }) => ({ field: `form.${field}`, fileID }));
}

/**
 * Validate a form with the type's schema; errors name `form.<field>`. Files must be in this
 * environment's storage (`cloud://<env>.…`) under the uploader's own prefix (`uploads.ts`), so a form
 * cannot point staff at someone else's files.
 */
export function parseForm(
  decl: AnyCaseType,
  raw: unknown,
  uploaderOpenid: string,
  env?: string,
  /** Files already on the case (a correction keeps the applicant's photos): exempt from the own-upload rule. */
  known: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const parsed = (decl.formSchema as z.ZodType<Record<string, unknown>>).safeParse(raw);
  if (parsed.success) {
    requireOwnFiles(
      formFiles(decl, parsed.data).filter((f) => !known.has(f.fileID)),
      uploaderOpenid,
      env,
    );
    return parsed.data;
  }
  const failure = zodFailure(parsed.error, 'form', 'form');
  throw new AppError('INVALID_INPUT', failure.message, failure.field, failure.details);
}

/** The top-level form fields whose value differs, with both values (the history of a correction keeps them). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { field: string; before: unknown; after: unknown }[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}
