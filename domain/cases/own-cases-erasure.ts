/**
 * What a carried-out deletion request (`people.resolveDataRequest`, outcome `done`) does to a person's own cases of a
 * type that holds nothing a law requires to keep (appeals, consultations):
 *
 * - An open case the person could still withdraw at its step is withdrawn on their behalf (an ordinary `withdraw`
 *   step, so the history and the queues stay right) before it is blanked.
 * - An open case the person can no longer withdraw (an appeal answered and waiting to be closed, a consultation
 *   answered) HOLDS THE DELETION BACK until staff close it: blanking it would leave staff a case with nothing in it
 *   to close. The administrator is told how many and tries again.
 * - Every case of theirs keeps what the figures count — type, category, state, place, dates, deadlines, rating's
 *   score — so the dashboards and their lists stay equal; it loses the person: the masked name (`已删除`), the WeChat
 *   link, every text field of the form the type declares (`texts`), its files (deleted from storage), the headline
 *   when it quotes the form, every comment, reason and rating remark of the history and the thread, the values a
 *   correction recorded, and the thread's files.
 *
 * Idempotent: a case is marked `erasedAt` last, so a retry after a partial run (a file storage kept) completes it.
 * Each erased case is audited (`case.erase`, no personal data).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { readAll } from '../runtime/paging';
import { deleteStoredFiles } from '../runtime/storage';
import { writeAudit } from '../audit/audit';
import type { Actor } from '../people/actor';
import { actOnCase } from './act';
import type { EngineActor } from './machine';
import { requireCaseType, formFiles } from './forms';
import { CASE_HISTORY, CASE_MESSAGES, CASES, getCase, type CaseDoc, type HistoryDoc, type MessageDoc } from './store';
import type { AnyCaseType } from './declaration';
import type { ErasureHook } from './type-hooks';

/** What an erased text reads. */
export const ERASED_TEXT = '已删除';
/** Why a case was withdrawn for the person (kept in its history: it says nothing about them). */
export const WITHDRAWN_FOR_ERASURE = '本人申请删除个人信息，随之撤回';

type OwnCase = CaseDoc & { erasedAt?: Date };

function ownCases(ctx: HandlerContext, type: string, personId: string): Promise<OwnCase[]> {
  return readAll<OwnCase>(ctx.db, CASES, { type, personId });
}

/** The person may still withdraw the case at its current step. */
function withdrawable(decl: AnyCaseType, c: CaseDoc): boolean {
  const action = decl.states[c.status]?.actions.withdraw;
  return !!action && (action.by as readonly string[]).includes('applicant');
}

/** Withdraw as the applicant (re-reading on a concurrent step). Returns the case as it now is. */
async function withdrawFor(ctx: HandlerContext, decl: AnyCaseType, c: CaseDoc): Promise<CaseDoc> {
  const applicant: EngineActor = { openid: c.applicantOpenid, personId: c.personId, staff: null, system: false };
  let current: CaseDoc | null = c;
  for (let attempt = 0; attempt < 4 && current?.open && withdrawable(decl, current); attempt += 1) {
    try {
      await actOnCase(ctx, applicant, {
        caseId: c._id,
        action: 'withdraw',
        version: current.version,
        reason: WITHDRAWN_FOR_ERASURE,
      });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
    current = await getCase(ctx.db, c._id);
  }
  if (!current || current.open)
    throw new AppError('PRECONDITION_FAILED', `该人员的${decl.title}正在办理，暂不能撤回，请稍后再试`);
  return current;
}

/** Delete files from storage; one kept stops the erasure before the case that lists it is blanked. */
async function deleteFiles(ctx: HandlerContext, fileIds: readonly string[]): Promise<void> {
  const own = fileIds.filter((f) => f.startsWith('cloud://'));
  if (own.length === 0) return;
  const { kept } = await deleteStoredFiles(ctx, own);
  if (kept.length) throw new AppError('INTERNAL', `有 ${kept.length} 个文件暂未能从存储中删除，请稍后重试`);
}

/** The form without the person: declared text fields read `已删除`, file lists are emptied. */
function blankForm(decl: AnyCaseType, form: Record<string, unknown>): Record<string, unknown> {
  const out = { ...form };
  for (const { field } of decl.texts(form)) if (field in out) out[field] = ERASED_TEXT;
  for (const { field } of decl.files?.(form) ?? []) {
    const top = field.split('.')[0] as string;
    if (Array.isArray(out[top])) out[top] = [];
    else if (top in out) out[top] = null;
  }
  return out;
}

async function blankHistory(ctx: HandlerContext, caseId: string): Promise<void> {
  const _ = ctx.db.command;
  for (const h of await readAll<HistoryDoc>(ctx.db, CASE_HISTORY, { caseId })) {
    const patch: Record<string, unknown> = {};
    if (h.comment) patch.comment = ERASED_TEXT;
    if (h.reason && h.reason !== WITHDRAWN_FOR_ERASURE) patch.reason = ERASED_TEXT;
    if (h.rating?.comment) patch.rating = _.set({ score: h.rating.score, satisfied: h.rating.satisfied });
    if (h.formChanges?.length) patch.formChanges = _.set(h.formChanges.map((f) => ({ field: f.field })));
    if (h.role === 'applicant') patch.actorName = ERASED_TEXT;
    if (Object.keys(patch).length) await ctx.db.collection(CASE_HISTORY).doc(h._id).update({ data: patch });
  }
}

async function blankThread(ctx: HandlerContext, messages: readonly MessageDoc[]): Promise<void> {
  for (const m of messages) {
    const data: Record<string, unknown> = { text: ERASED_TEXT, attachments: [] };
    if (m.author === 'applicant') Object.assign(data, { authorName: ERASED_TEXT, authorOpenid: '' });
    await ctx.db.collection(CASE_MESSAGES).doc(m._id).update({ data });
  }
}

/** Erase one case of the person (see the module comment). */
async function eraseCase(ctx: HandlerContext, decl: AnyCaseType, found: OwnCase, actor: Actor): Promise<void> {
  const c = found.open ? await withdrawFor(ctx, decl, found) : found;
  const messages = await readAll<MessageDoc>(ctx.db, CASE_MESSAGES, { caseId: c._id });
  await deleteFiles(ctx, [
    ...formFiles(decl, c.form).map((f) => f.fileID),
    ...messages.flatMap((m) => m.attachments ?? []),
  ]);
  await blankHistory(ctx, c._id);
  await blankThread(ctx, messages);
  const _ = ctx.db.command;
  const form = blankForm(decl, c.form);
  const quotes = decl.texts(c.form).some((t) => t.text && c.title.includes(t.text));
  const now = ctx.now();
  await ctx.db
    .collection(CASES)
    .doc(c._id)
    .update({
      data: {
        form: _.set(form),
        applicantName: ERASED_TEXT,
        applicantOpenid: '',
        ...(quotes ? { title: `${c.categoryLabel}（${ERASED_TEXT}）` } : {}),
        ...(c.rating?.comment ? { rating: _.set({ score: c.rating.score, satisfied: c.rating.satisfied }) } : {}),
        erasedAt: now,
        updatedAt: now,
      },
    });
  await writeAudit(ctx, { action: 'case.erase', targetType: 'case', targetId: c._id, detail: { type: c.type }, actor });
}

/**
 * The erasure hook of a type whose cases hold only what the person told it (see the module comment). Declared beside
 * the type's declaration with `declareDataHooks` (it moves cases, so it needs the whole engine).
 */
export function ownCasesErasure(type: string): ErasureHook {
  return {
    async assertErasable(ctx, personId) {
      const decl = requireCaseType(type);
      const stuck = (await ownCases(ctx, type, personId)).filter((c) => c.open && !withdrawable(decl, c));
      if (stuck.length > 0)
        throw new AppError(
          'PRECONDITION_FAILED',
          `该人员有${stuck.length}件${decl.title}已答复、正在等待办结，须办结后才能删除`,
          undefined,
          { caseIds: stuck.map((c) => c._id) },
        );
    },
    async erase(ctx, subject, actor) {
      const decl = requireCaseType(type);
      for (const c of await ownCases(ctx, type, subject.personId)) {
        if (!c.erasedAt) await eraseCase(ctx, decl, c, actor);
      }
    },
  };
}
