/**
 * The files of a case, as short-lived links from the functions (`cases.files`, `aid.files`): the storage rules let
 * a phone read only its own uploads, so every view of a case's photos — the applicant's and the reviewer's — goes
 * through the function that checks the case's scope.
 */
import type { ApiResult, CaseFile } from '@union/contracts';
import { callApi } from './api';

/** `case`: the form's and the thread's files (`cases.files`); `aid`: the admission letter and the home-visit photos (`aid.files`). */
export type FileSource = 'case' | 'aid';

/** The files of `caseId` the caller may see, with links. */
export async function loadCaseFiles(caseId: string, source: FileSource): Promise<ApiResult<CaseFile[]>> {
  const r = source === 'aid' ? await callApi('aid', 'files', { caseId }) : await callApi('cases', 'files', { caseId });
  return r.ok ? { ok: true, data: r.data.files } : r;
}

/** fileID → link, for a view that knows its files by id (the submission's lines). */
export function linksById(files: readonly CaseFile[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of files) if (f.url) out[f.fileID] = f.url;
  return out;
}

/** True when the links of `files` run out within `marginMs` (ask for fresh ones before opening). */
export function linksExpiring(files: readonly CaseFile[], now = Date.now(), marginMs = 30_000): boolean {
  return files.some((f) => new Date(f.expiresAt).getTime() - marginMs <= now);
}
