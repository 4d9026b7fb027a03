/**
 * Structured action inputs: an action declares what it takes (an opinion, a home-visit record, photo proof with
 * its metadata, a document number), each validated by its schema, stored in the history entry and shown in the
 * timeline; an input may put a fact on record that later actions require (village approval needs a visit).
 */
import type { z } from 'zod';
import {
  PhotoProofInput,
  userText,
  VisitRecordInput,
  type ActionInputInfo,
  type PhotoProof,
  type VisitRecord,
} from '../../typings/cases';
import { AppError, invalid } from '../runtime/errors';
import type { ActionRule, AnyCaseType, CaseSnapshot } from './declaration';
import type { FileRef } from './uploads';

/** One kind of structured input. */
export interface InputDecl<T = unknown> {
  label: string;
  /** How the client asks for it (see `ActionInputKind`). */
  kind: ActionInputInfo['kind'];
  schema: z.ZodType<T>;
  /** Files inside the value (the actor's own uploads, checked like any attachment). */
  files?(value: T): { field: string; fileID: string }[];
  /** Free text inside the value (content-checked). */
  texts?(value: T): { field: string; text: string }[];
  /** The value in words for the timeline. */
  summary(value: T): string;
  /** Who sees the value in the timeline (default both; the step itself is always shown). */
  visibleTo?: readonly ('applicant' | 'staff')[];
  /** A fact this input puts on record for the case (`visit`): actions may require it. */
  records?: string;
  /** Length limits of a text input, for the client's field. */
  length?: { min: number; max: number };
  /**
   * What the server confirms before the step commits (after the value's files are known to be the actor's own
   * and stored): it may check records (a capture ticket, the form's fields), replace the value with what the
   * server vouches for (the capture time, a content hash) and put `data` on the case in the step's transaction.
   * Refuses with an `AppError` naming `field` (`inputs.<name>…`).
   */
  confirm?(value: T, at: InputConfirmation): Promise<{ value: T; data?: Record<string, unknown> }>;
}

/** What an input's `confirm` sees. */
export interface InputConfirmation {
  ctx: import('../runtime/context').HandlerContext;
  caseId: string;
  case: CaseSnapshot;
  /** The actor's WeChat openid (whose uploads and tickets count). */
  openid: string;
  /** `inputs.<name>`. */
  field: string;
}

/** An input as an action uses it. */
export interface ActionInput {
  input: InputDecl;
  required?: boolean;
}

/** An opinion with the label the action gives it (`审核意见`, `上报意见`, `转办意见`). */
export function opinion(label: string): InputDecl<string> {
  return {
    label,
    kind: 'text',
    schema: userText(label, 2, 500),
    texts: (text) => [{ field: '', text }],
    summary: (text) => text,
    length: { min: 2, max: 500 },
  };
}

/** A home-visit record; it puts `visit` on record. Staff see it; the applicant sees that a visit was made. */
export const homeVisit: InputDecl<VisitRecord> = {
  label: '入户核实记录',
  kind: 'visit',
  schema: VisitRecordInput,
  files: (v) => v.photoFileIds.map((fileID, i) => ({ field: `photoFileIds.${i}`, fileID })),
  texts: (v) => [{ field: 'findings', text: v.findings }],
  summary: (v) =>
    `${v.visitedOn} 走访：${v.findings}${v.photoFileIds.length ? `（照片 ${v.photoFileIds.length} 张）` : ''}`,
  visibleTo: ['staff'],
  records: 'visit',
};

/** Photo proof of on-site work: photos, the place (or that it was refused), a note. */
export const photoProof: InputDecl<PhotoProof> = {
  label: '现场照片',
  kind: 'photos',
  schema: PhotoProofInput,
  files: (v) => v.photoFileIds.map((fileID, i) => ({ field: `photoFileIds.${i}`, fileID })),
  texts: (v) => (v.note ? [{ field: 'note', text: v.note }] : []),
  summary: (v) =>
    `照片 ${v.photoFileIds.length} 张，${v.location ? '已记录拍摄地点' : '未提供拍摄地点'}${v.note ? `；${v.note}` : ''}`,
};

/** A required opinion, the usual shape for approvals, escalations and transfers. */
export const needsOpinion = (label: string): Record<string, ActionInput> => ({
  opinion: { input: opinion(label), required: true },
});

/** The inputs of an action as offered to the client. */
export function inputInfo(rule: ActionRule): ActionInputInfo[] {
  return Object.entries(rule.inputs ?? {}).map(([name, { input, required }]) => ({
    name,
    label: input.label,
    kind: input.kind,
    required: Boolean(required),
    ...(input.length ? { minLength: input.length.min, maxLength: input.length.max } : {}),
  }));
}

/** The parsed inputs of one step, with their files, texts and the facts they record. */
export interface ParsedInputs {
  values: Record<string, unknown>;
  files: FileRef[];
  texts: { field: string; text: string }[];
  records: string[];
}

const at = (base: string, field: string) => (field ? `${base}.${field}` : base);

/**
 * Validate the inputs sent with an action against what its rule declares: an undeclared input, a missing
 * required one, or an invalid value is INVALID_INPUT naming `inputs.<name>[.<field>]`; a required fact not yet on
 * record is PRECONDITION_FAILED with the rule's message.
 */
export function parseInputs(rule: ActionRule, c: CaseSnapshot, raw: Record<string, unknown> = {}): ParsedInputs {
  for (const need of rule.requires ?? []) {
    if (!recordedCount(c, need.fact)) throw new AppError('PRECONDITION_FAILED', need.message);
  }
  const declared = rule.inputs ?? {};
  for (const name of Object.keys(raw)) {
    if (!declared[name]) throw invalid(`inputs.${name}`, '此操作不需要这项内容');
  }
  const out: ParsedInputs = { values: {}, files: [], texts: [], records: [] };
  for (const [name, { input, required }] of Object.entries(declared)) {
    const value = raw[name];
    if (value === undefined || value === null || value === '') {
      if (required) throw invalid(`inputs.${name}`, `请填写${input.label}`);
      continue;
    }
    const parsed = input.schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = at(`inputs.${name}`, issue.path.map(String).join('.'));
      throw new AppError('INVALID_INPUT', issue.message, field);
    }
    out.values[name] = parsed.data;
    out.files.push(...(input.files?.(parsed.data) ?? []).map((f) => ({ ...f, field: at(`inputs.${name}`, f.field) })));
    out.texts.push(...(input.texts?.(parsed.data) ?? []).map((t) => ({ ...t, field: at(`inputs.${name}`, t.field) })));
    if (input.records) out.records.push(input.records);
  }
  return out;
}

/**
 * Run the `confirm` step of every input the action carries: the values to keep in the history and the data to
 * merge into the case's `data`.
 */
export async function confirmInputs(
  rule: ActionRule | undefined,
  parsed: ParsedInputs,
  at: Omit<InputConfirmation, 'field'>,
): Promise<{ values: Record<string, unknown>; data: Record<string, unknown> }> {
  const values = { ...parsed.values };
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    const input = rule?.inputs?.[name]?.input;
    if (!input?.confirm) continue;
    const out = await input.confirm(value, { ...at, field: `inputs.${name}` });
    values[name] = out.value;
    Object.assign(data, out.data ?? {});
  }
  return { values, data };
}

/** How many times a fact was put on record for the case. */
export function recordedCount(c: Pick<CaseSnapshot, 'data'>, fact: string): number {
  const recorded = c.data?.recorded as Record<string, number> | undefined;
  return recorded?.[fact] ?? 0;
}

/** The case's `data.recorded` after a step that recorded `facts`. */
export function withRecorded(c: Pick<CaseSnapshot, 'data'>, facts: readonly string[]): Record<string, number> {
  const recorded = { ...((c.data?.recorded as Record<string, number> | undefined) ?? {}) };
  for (const fact of facts) recorded[fact] = (recorded[fact] ?? 0) + 1;
  return recorded;
}

/** The timeline lines of a step's inputs that `viewer` may see. */
export function inputLines(
  decl: AnyCaseType | undefined,
  step: { from: string | null; action: string; inputs?: Record<string, unknown> },
  viewer: 'applicant' | 'staff',
): string[] {
  if (!decl || !step.inputs || !step.from) return [];
  const rule = decl.states[step.from]?.actions[step.action];
  const lines: string[] = [];
  for (const [name, value] of Object.entries(step.inputs)) {
    const input = rule?.inputs?.[name]?.input;
    if (!input || !(input.visibleTo ?? ['applicant', 'staff']).includes(viewer)) continue;
    lines.push(`${input.label}：${input.summary(value)}`);
  }
  return lines;
}
