/**
 * A case's submission as labelled lines for its viewer, from the type's declaration: only declared fields, each
 * formatted (money in 元, grid nodes by name, choices in words), then the type's own computed lines. One
 * mechanism for every type, so a page renders any case the same way (see `FieldDisplay`).
 */
import type { SubmissionLine } from '../../typings/cases';
import type { AnyCaseType, FieldDisplay, SubmissionViewer } from './declaration';

/** Integer fen → `1,234.50 元` (integer arithmetic only). */
export function yuan(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')} 元`;
}

export { placeNamer } from '../grid/names';

function line(key: string, d: FieldDisplay, value: unknown, viewer: SubmissionViewer): SubmissionLine | null {
  const format = d.format ?? 'text';
  if (value === undefined || value === null || value === '') return null;
  if (format === 'files') {
    const files = Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
    return files.length ? { key, label: d.label, value: '', kind: 'files', files } : null;
  }
  let text: string;
  if (format === 'money' && typeof value === 'number') text = yuan(value);
  else if (format === 'node' && typeof value === 'string') text = viewer.placeName(value);
  else if (format === 'yesno') text = value ? (d.yesNo?.[0] ?? '是') : (d.yesNo?.[1] ?? '否');
  else if (format === 'list' && Array.isArray(value)) text = value.map(String).join('\n');
  else if (d.options && typeof value === 'string') text = d.options[value] ?? '';
  else if (typeof value === 'string' || typeof value === 'number') text = String(value);
  else return null;
  if (!text) return null;
  return { key, label: d.label, value: text, kind: format === 'longtext' || format === 'list' ? 'longtext' : 'text' };
}

/** The submission of a case of type `decl` as `viewer` sees it. */
export function describeSubmission(
  decl: AnyCaseType,
  form: Record<string, unknown>,
  viewer: SubmissionViewer,
): SubmissionLine[] {
  const lines: SubmissionLine[] = [];
  for (const [key, d] of Object.entries(decl.display) as [string, FieldDisplay | undefined][]) {
    if (!d || (d.visibleTo && !d.visibleTo.includes(viewer.relation))) continue;
    const l = line(key, d, form[key], viewer);
    if (l) lines.push(l);
  }
  return [...lines, ...(decl.describe?.(form, viewer) ?? [])];
}
