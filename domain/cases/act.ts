/**
 * Taking an action on a case: decide it (`planTransition`), check its files, text and photos, and write the case,
 * its history entry, its thread message and its pending messages in one transaction guarded by the case `version`
 * (compare-and-set: of N concurrent actions on one step exactly one commits); then send the messages, audit the
 * decisions and run the type's hook.
 */
import type { CaseAction } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import { AppError, conflict, invalid, notFound } from '../runtime/errors';
import { checkTexts } from '../content/check';
import { deliverAll, enqueue, type NotificationDoc } from '../notify/outbox';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { loadCalendar } from '../calendar/holidays';
import { gridIndex } from '../grid/cache';
import type { ActionArgs, AnyCaseType } from './declaration';
import {
  changedFields,
  checkPhotos,
  formFiles,
  mergeVerdicts,
  parseForm,
  requireCaseType,
  type EngineOptions,
} from './forms';
import { confirmInputs, withRecorded } from './inputs';
import { dueFor, inCaseTransaction, isOpen } from './lifecycle';
import { planTransition, relation, type EngineActor, type TargetNode, type TransitionPlan } from './machine';
import { newCaseNotices, statusNotifications } from './notify';
import { runHook } from './hooks';
import { requireOwnFiles, requireStoredFiles } from './uploads';
import {
  CASE_HISTORY,
  CASE_MESSAGES,
  CASES,
  dueKeyOf,
  getCase,
  getHistory,
  historyEntry,
  historyId,
  scopeKeys,
  type CaseDoc,
  type HistoryDoc,
  type MessageDoc,
} from './store';
import { stepMarks } from '../stats/marks';

/** Everything one action request carries (validated by the contract). */
export interface ActRequest extends ActionArgs {
  caseId: string;
  action: CaseAction;
  version: number;
  /** Files sent with the comment or reason (uploaded under the actor's own prefix). */
  attachments?: string[];
}

/** Who the actor is in history entries and the thread. */
function actorIdentity(actor: EngineActor, plan: TransitionPlan, c: CaseDoc): { actorId: string; actorName: string } {
  if (plan.role === 'system') return { actorId: 'system', actorName: '系统' };
  const staffName = maskName(actor.staff?.name ?? '');
  if (plan.capacity === 'proxy') return { actorId: actor.staff?.staffId ?? '', actorName: `${staffName}（代办）` };
  if (plan.role === 'applicant') return { actorId: actor.personId ?? c.personId, actorName: c.applicantName };
  return { actorId: actor.staff?.staffId ?? '', actorName: staffName };
}

/** The transfer target a request names, resolved from the grid. */
async function targetOf(ctx: HandlerContext, targetNodeId: string | undefined): Promise<TargetNode | null> {
  if (!targetNodeId) return null;
  const node = (await gridIndex(ctx.db)).get(targetNodeId);
  return node ? { nodeId: node._id, path: node.path } : null;
}

/** Apply an action to a case (compare-and-set on `version`). Returns the committed plan. */
export async function actOnCase(
  ctx: HandlerContext,
  actor: EngineActor,
  req: ActRequest,
  opts: EngineOptions = {},
): Promise<TransitionPlan> {
  const c = await getCase(ctx.db, req.caseId);
  if (!c) throw notFound('事项不存在');
  const decl = requireCaseType(c.type);
  const target = await targetOf(ctx, req.targetNodeId);
  if (relation(c, actor) === 'none') {
    // Staff whose node handled it before it moved on see it read-only: told so, not that it does not exist.
    const node = actor.staff?.gridNodeId;
    if (node && (await getHistory(ctx.db, c._id)).some((h) => h.toNodePath.includes(node)))
      throw new AppError('FORBIDDEN', '这件事已转到其他网格办理，您只能查看');
    throw notFound('事项不存在');
  }
  if (req.version !== c.version) {
    throw new AppError('CONFLICT', '该事项已更新，请刷新后再操作', 'version', { version: c.version });
  }
  const plan = planTransition(decl, c, req.action, req, actor, target);
  const attachments = req.attachments ?? [];
  if (attachments.length && !req.comment && !req.reason) {
    throw new AppError('INVALID_INPUT', '附件需随留言、答复或理由一起发送', 'attachments');
  }
  const attachmentRefs = attachments.map((fileID, i) => ({ field: `attachments.${i}`, fileID }));
  requireOwnFiles([...attachmentRefs, ...plan.inputs.files], actor.openid);
  // Photos already on the case were checked when they arrived; only new ones are checked now.
  const known = new Set(formFiles(decl, c.form).map((f) => f.fileID));
  // planTransition refused a form on any action not declared to carry one.
  const form = req.form ? parseForm(decl, req.form, actor.openid, undefined, known) : c.form;
  const formChanges = req.form ? changedFields(c.form, form) : [];
  if (plan.formChange === 'correct' && formChanges.length === 0)
    throw invalid('form', '更正后的内容与原内容相同，请修改后再提交');
  const texts = [
    { field: 'comment', text: req.comment },
    { field: 'reason', text: req.reason },
    { field: 'rating.comment', text: req.rating?.comment },
    ...plan.inputs.texts,
    ...(req.form ? decl.texts(form).map((t) => ({ field: `form.${t.field}`, text: t.text })) : []),
  ];
  const newFiles = [
    ...attachmentRefs,
    ...plan.inputs.files,
    ...(req.form ? formFiles(decl, form).filter((f) => !known.has(f.fileID)) : []),
  ];
  await requireStoredFiles(ctx, newFiles);
  const [textVerdict, imageVerdict] = await Promise.all([checkTexts(ctx, texts, 2), checkPhotos(ctx, opts, newFiles)]);
  const verdict = mergeVerdicts(textVerdict, imageVerdict);
  const confirmed = await confirmInputs(decl.states[c.status]?.actions[plan.action], plan.inputs, {
    ctx,
    caseId: c._id,
    case: c,
    openid: actor.openid,
  });
  const now = ctx.now();
  const seq = c.version + 1;
  const { actorId, actorName } = actorIdentity(actor, plan, c);
  const text = req.comment ?? req.reason ?? null;
  const heldIn = (prefix: string) => verdict.heldFields.filter((f) => f.field.startsWith(prefix));
  const messageHeld = verdict.heldFields.some(
    (f) => f.field === 'comment' || f.field === 'reason' || f.field.startsWith('attachments.'),
  );
  const message: MessageDoc | null = text
    ? {
        _id: historyId(c._id, seq),
        caseId: c._id,
        seq,
        author: plan.role === 'applicant' ? 'applicant' : 'staff',
        authorName: actorName,
        authorOpenid: actor.openid,
        text,
        attachments,
        held: messageHeld,
        at: now,
      }
    : null;
  const patch = await transitionPatch(ctx, decl, c, plan, now);
  Object.assign(patch, stepMarks(decl, c, plan, now));
  if (req.form) {
    const category = decl.category(form);
    Object.assign(patch, { form, title: decl.headline(form), category: category.value, categoryLabel: category.label });
    const formHeld = heldIn('form.');
    if (formHeld.length) Object.assign(patch, { held: true, heldFields: formHeld });
  }
  if (Object.keys(confirmed.data).length) patch.data = { ...c.data, ...confirmed.data };
  if (plan.inputs.records.length) patch.data = { ...patch.data, recorded: withRecorded(c, plan.inputs.records) };
  if (plan.action === 'rate' && req.rating) patch.rating = req.rating;
  const heldInputs = [...new Set(heldIn('inputs.').map((f) => f.field.split('.')[1]))];
  const history: HistoryDoc = historyEntry(c, plan, seq, {
    actorId,
    actorName,
    comment: req.comment,
    reason: req.reason,
    messageId: message?._id,
    rating: plan.action === 'rate' && req.rating ? req.rating : null,
    formChanges: req.form
      ? plan.formChange === 'correct'
        ? formChanges
        : formChanges.map(({ field }) => ({ field }))
      : undefined,
    inputs: confirmed.values,
    heldInputs,
    onBehalf: plan.capacity === 'proxy',
    at: now,
  });
  const notes = await stepNotices(ctx, decl, c, plan, now);
  await commitStep(ctx, c, patch, history, message, notes);
  await deliverAll(ctx, notes);
  if (plan.action === 'approve' || plan.action === 'refuse' || plan.formChange === 'correct')
    await auditStep(ctx, actor, c, plan, plan.formChange === 'correct' ? formChanges.map((f) => f.field) : undefined);
  await runHook(ctx, decl, { caseId: c._id, type: c.type, action: plan.action, from: plan.from, to: plan.to, seq });
  return plan;
}

/** The messages a step sends: the applicant on a change of state or node, the staff of a new node. */
async function stepNotices(
  ctx: HandlerContext,
  decl: AnyCaseType,
  c: CaseDoc,
  plan: TransitionPlan,
  now: Date,
): Promise<NotificationDoc[]> {
  const notes: NotificationDoc[] = [];
  if (plan.to !== plan.from || plan.nodeId !== c.nodeId) {
    const nodeName = (await gridIndex(ctx.db)).get(plan.nodeId)?.name ?? '';
    // No free text in subscribe messages (it may be held for review): the detail is in the app.
    const note = plan.nodeId !== c.nodeId ? `已转至${nodeName}` : '';
    notes.push(...(await statusNotifications(ctx, decl, c, plan.to, note, now)));
  }
  if (plan.nodeId !== c.nodeId && isOpen(decl, plan.to))
    notes.push(...(await newCaseNotices(ctx, decl, c, plan.nodeId, now)));
  return notes;
}

/** Write one step atomically: the case only if its version is unchanged, plus its history entry. */
export async function commitStep(
  ctx: HandlerContext,
  c: CaseDoc,
  patch: Partial<CaseDoc>,
  history: HistoryDoc,
  message: MessageDoc | null,
  notes: readonly NotificationDoc[],
): Promise<void> {
  await inCaseTransaction(ctx, async (tx) => {
    const { data } = await tx.collection(CASES).doc(c._id).get();
    const current = data as unknown as CaseDoc | null;
    if (!current || current.version !== c.version) throw conflict('该事项刚被他人处理，请刷新后查看');
    await tx
      .collection(CASES)
      .doc(c._id)
      .update({ data: { ...patch, version: history.seq } });
    await tx.collection(CASE_HISTORY).add({ data: history });
    if (message) await tx.collection(CASE_MESSAGES).add({ data: message });
    for (const note of notes) await enqueue(tx, note);
  });
}

/** The case fields a transition changes (deadline restarts when the state or node changes). */
async function transitionPatch(
  ctx: HandlerContext,
  decl: AnyCaseType,
  c: CaseDoc,
  plan: TransitionPlan,
  now: Date,
): Promise<Partial<CaseDoc>> {
  const patch: Partial<CaseDoc> = {
    status: plan.to,
    open: isOpen(decl, plan.to),
    nodeId: plan.nodeId,
    nodePath: [...plan.nodePath],
    level: plan.level,
    ...scopeKeys(plan.nodePath),
    reopenCount: c.reopenCount + (plan.reopened ? 1 : 0),
    updatedAt: now,
  };
  const toState = decl.states[plan.to];
  if (plan.moved) {
    const cal = await loadCalendar(ctx.db, now);
    const dueAt = patch.open ? dueFor(decl, plan.to, now, cal) : null;
    patch.dueAt = dueAt;
    patch.dueKey = dueKeyOf(dueAt, c._id, now);
  }
  if (toState?.awaitingStaff) {
    if (!c.waitingSince || !decl.states[c.status]?.awaitingStaff) patch.waitingSince = now;
  } else {
    patch.waitingSince = null;
  }
  return patch;
}

/**
 * Approvals, refusals and staff corrections also go to the append-only audit log (with the client IP); a
 * correction names the fields it changed, never their values.
 */
async function auditStep(
  ctx: HandlerContext,
  actor: EngineActor,
  c: CaseDoc,
  plan: TransitionPlan,
  fields?: string[],
): Promise<void> {
  try {
    await writeAudit(ctx, {
      action: `case.${plan.action}`,
      targetType: 'case',
      targetId: c._id,
      detail: { type: c.type, from: plan.from, to: plan.to, ...(fields ? { fields } : {}) },
      actor: {
        openid: actor.openid,
        personId: actor.personId,
        staff: actor.staff ? { ...actor.staff, gridPath: [...actor.staff.gridPath] } : null,
      },
    });
  } catch (error) {
    ctx.log.error('audit entry failed', error);
  }
}
