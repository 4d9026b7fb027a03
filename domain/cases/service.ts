/**
 * The engine's writes: submit a case and apply a transition. Each write is one database transaction
 * (case + history entry + message + pending notification), guarded by the case `version`
 * (compare-and-set): of N concurrent actions on one step exactly one commits. Notifications are
 * sent after the commit; a failure becomes an incident, never a half-changed case.
 */
import { randomBytes } from 'crypto';
import type { z } from 'zod';
import type { CaseAction, CaseRole, Incident } from '../../typings/cases';
import type { HandlerContext } from '../runtime/context';
import type { Transaction } from '../runtime/db';
import { AppError, conflict, invalid, notFound } from '../runtime/errors';
import { checkTexts, type ContentVerdict } from '../content/check';
import { isImageFile } from '../../typings/cases';
import { requireOwnFiles, requireStoredFiles, type FileRef } from './uploads';
import {
  clip,
  cstMinute,
  deliverAll,
  enqueue,
  newNotification,
  NOTIFICATIONS,
  retryIncident,
  TEMPLATE_ENV,
  templateId,
  toIncident,
  type NotificationDoc,
} from '../notify/outbox';
import { maskName } from '../security/mask';
import { writeAudit } from '../audit/audit';
import { staffNotice, staffOpenidsAt } from '../notify/staff';
import { addWorkingDays, loadCalendar, type WorkCalendar } from './calendar';
import type { ActionArgs, AnyCaseType, CasePerson, TransitionEvent } from './declaration';
import {
  levelOfPath,
  planTransition,
  relation,
  type EngineActor,
  type TargetNode,
  type TransitionPlan,
} from './machine';
import { findCaseType, timeLimitDays } from './registry';
import {
  CASE_HISTORY,
  CASE_MESSAGES,
  CASES,
  dueKeyOf,
  getCase,
  gridIndex,
  historyEntry,
  submissionEntry,
  historyId,
  scopeKeys,
  type CaseDoc,
  type HistoryDoc,
  type MessageDoc,
} from './store';

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
const holdImages: ImageChecker = async (_ctx, files) => {
  const heldFields = files.filter((f) => isImageFile(f.fileID)).map((f) => ({ field: f.field, why: 'error' as const }));
  return { held: heldFields.length > 0, heldFields };
};

function mergeVerdicts(...verdicts: ContentVerdict[]): ContentVerdict {
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
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return { field: path ? `form.${path}` : 'form', message: issue.message };
  });
  const first = issues[0];
  throw new AppError('INVALID_INPUT', `${first.field}：${first.message}`, first.field, issues);
}

function isConflict(error: unknown): boolean {
  const e = error as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | null;
  return /CONFLICT|DUPLICATE|duplicate|-501001/.test(
    `${e?.code ?? ''} ${e?.errCode ?? ''} ${e?.message ?? ''} ${e?.errMsg ?? ''}`,
  );
}

/** Run a transaction body and commit; a write conflict or duplicate history entry becomes CONFLICT. */
async function inTransaction(ctx: HandlerContext, body: (tx: Transaction) => Promise<void>): Promise<void> {
  const tx = await ctx.db.startTransaction();
  try {
    await body(tx);
    await tx.commit();
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    if (error instanceof AppError) throw error;
    if (isConflict(error)) throw conflict('该事项刚被他人处理，请刷新后查看');
    throw error;
  }
}

/** When a state entered now is due (null without a limit). */
function dueFor(decl: AnyCaseType, state: string, now: Date, cal: WorkCalendar): Date | null {
  const days = timeLimitDays(decl, state);
  return days === undefined ? null : addWorkingDays(now, days, cal);
}

function isOpen(decl: AnyCaseType, state: string): boolean {
  const s = decl.states[state];
  return Boolean(s && !s.terminal && !s.settled);
}

/** The subscribe message telling the applicant about a status change (no personal data in it). */
export function statusNotification(
  decl: AnyCaseType,
  c: Pick<CaseDoc, '_id' | 'applicantOpenid' | 'categoryLabel'>,
  to: string,
  note: string,
  now: Date,
): NotificationDoc {
  const [env, fallback] = TEMPLATE_ENV.case_status;
  return newNotification(
    {
      purpose: 'case_status',
      touser: c.applicantOpenid,
      templateId: templateId(env, fallback),
      page: `pages/case/index?id=${c._id}`,
      caseId: c._id,
      data: {
        thing1: { value: clip(`${decl.title}·${c.categoryLabel}`) },
        phrase2: { value: clip(decl.states[to]?.label ?? to, 5) },
        time3: { value: cstMinute(now) },
        thing4: { value: clip(note || '请在小程序中查看办理进度') },
      },
    },
    now,
  );
}

/** Tell the staff of the node a case just arrived at (submitted, transferred or escalated there). */
async function newCaseNotices(
  ctx: HandlerContext,
  decl: AnyCaseType,
  c: Pick<CaseDoc, '_id' | 'categoryLabel' | 'applicantOpenid'>,
  nodeId: string,
  now: Date,
): Promise<NotificationDoc[]> {
  const openids = (await staffOpenidsAt(ctx, nodeId)).filter((o) => o !== c.applicantOpenid);
  return openids.map((openid) => staffNotice(c, decl.title, openid, '待办理', '有新的事项待您办理', now));
}

/** The person as routing and eligibility see it. */
export function casePerson(person: {
  _id: string;
  openid: string | null;
  name: string;
  homeVillageId?: string | null;
  homePath?: string[] | null;
  categories?: readonly string[];
  workCity?: string | null;
  employer?: string | null;
  employerTownId?: string | null;
}): CasePerson {
  return {
    ...person,
    personId: person._id,
    openid: person.openid ?? '',
    maskedName: maskName(person.name),
  };
}

/** Submit a new case for the calling person. Returns the new case id. */
export async function submitCase(
  ctx: HandlerContext,
  actor: EngineActor,
  person: CasePerson,
  type: string,
  rawForm: unknown,
  opts: EngineOptions = {},
): Promise<string> {
  const decl = requireCaseType(type);
  const form = parseForm(decl, rawForm, actor.openid);
  await requireStoredFiles(ctx, formFiles(decl, form));
  const { nodeId } = await decl.route(form, person);
  const grid = await gridIndex(ctx.db);
  const node = grid.get(nodeId);
  if (!node) throw new AppError('PROFILE_REQUIRED', '个人资料中的网格信息无效，请更新后重试', 'homeVillageId');
  const eligibility = decl.evaluateEligibility
    ? decl.evaluateEligibility(form, person, decl.loadRefData ? await decl.loadRefData(ctx.db) : {})
    : null;
  const [textVerdict, imageVerdict] = await Promise.all([
    checkTexts(
      ctx,
      decl.texts(form).map((t) => ({ field: `form.${t.field}`, text: t.text })),
      2,
    ),
    (opts.checkImages ?? holdImages)(ctx, formFiles(decl, form)),
  ]);
  const verdict = mergeVerdicts(textVerdict, imageVerdict);
  const now = ctx.now();
  const cal = await loadCalendar(ctx.db, now);
  const _id = randomBytes(16).toString('hex');
  const state = decl.initialState;
  const dueAt = dueFor(decl, state, now, cal);
  const category = decl.category(form);
  const doc: CaseDoc = {
    _id,
    type: decl.type,
    category: category.value,
    categoryLabel: category.label,
    title: decl.headline(form),
    status: state,
    version: 1,
    open: isOpen(decl, state),
    applicantOpenid: actor.openid,
    personId: person.personId,
    applicantName: person.maskedName,
    nodeId: node._id,
    nodePath: [...node.path],
    level: levelOfPath(node.path),
    ...scopeKeys(node.path),
    originNodeId: node._id,
    dueAt,
    dueKey: dueKeyOf(dueAt, _id, now),
    createdKey: `${String(now.getTime()).padStart(15, '0')}|${_id}`,
    overdueCount: 0,
    remindedOn: '',
    held: verdict.held,
    heldFields: verdict.heldFields,
    waitingSince: decl.states[state]?.awaitingStaff ? now : null,
    reopenCount: 0,
    rating: null,
    form,
    eligibility,
    data: {},
    createdAt: now,
    updatedAt: now,
  };
  const history: HistoryDoc = submissionEntry(
    _id,
    state,
    node,
    { actorId: person.personId, actorName: person.maskedName },
    now,
  );
  const notes = [
    statusNotification(decl, doc, state, `已提交至${node.name}`, now),
    ...(await newCaseNotices(ctx, decl, doc, node._id, now)),
  ];
  await inTransaction(ctx, async (tx) => {
    await tx.collection(CASES).add({ data: doc });
    await tx.collection(CASE_HISTORY).add({ data: history });
    for (const note of notes) await enqueue(tx, note);
  });
  await deliverAll(ctx, notes);
  await runHook(ctx, decl, { caseId: _id, type: decl.type, action: 'submit', from: null, to: state, seq: 1 });
  return _id;
}

/** How often a hook is tried after a commit before it becomes an incident. */
export const HOOK_ATTEMPTS = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Run a declaration's side-effect hook after the transition committed, up to {@link HOOK_ATTEMPTS}
 * times; one that still fails becomes an incident (`notifications`, `kind: 'hook'`) an administrator
 * retries. The case is already in its new state: the hook's work is all that is outstanding, so hooks
 * must be idempotent (a retry may follow a partial run).
 */
async function runHook(ctx: HandlerContext, decl: AnyCaseType, event: TransitionEvent): Promise<void> {
  if (!decl.onTransition) return;
  for (let attempt = 1; attempt <= HOOK_ATTEMPTS; attempt += 1) {
    try {
      await decl.onTransition(event, ctx);
      return;
    } catch (error) {
      if (attempt < HOOK_ATTEMPTS) {
        await pause(100 * attempt);
        continue;
      }
      ctx.log.error(`case hook failed after ${HOOK_ATTEMPTS} attempts: ${decl.type}.${event.action}`, error);
    }
  }
  const now = ctx.now();
  const doc = newNotification(
    { purpose: 'case_status', touser: '', templateId: '', page: '', data: {}, caseId: event.caseId },
    now,
  );
  await ctx.db
    .collection(NOTIFICATIONS)
    .add({
      data: {
        ...doc,
        kind: 'hook',
        event,
        status: 'failed',
        attempts: HOOK_ATTEMPTS,
        lastError: `hook ${decl.type}.${event.action} failed`,
      },
    })
    .catch((error: unknown) => ctx.log.error('could not record a hook incident', error));
}

/**
 * Retry an incident: resend a subscribe message, or re-run a declaration hook once. The retry claims
 * the incident first (compare-and-set on `attempts`), so two administrators retrying at once run the
 * hook once; the case itself is never touched.
 */
export async function retryCaseIncident(ctx: HandlerContext, id: string): Promise<Incident> {
  const { data } = await ctx.db
    .collection<NotificationDoc & { event?: TransitionEvent }>(NOTIFICATIONS)
    .where({ _id: id })
    .limit(1)
    .get();
  const doc = data[0];
  if (!doc || doc.kind !== 'hook' || !doc.event) return retryIncident(ctx, id);
  if (doc.status !== 'failed') throw new AppError('PRECONDITION_FAILED', '该记录不是失败状态，无需重试');
  const attempts = doc.attempts + 1;
  const claimed = await ctx.db
    .collection(NOTIFICATIONS)
    .where({ _id: id, status: 'failed', attempts: doc.attempts })
    .update({ data: { attempts, updatedAt: ctx.now() } });
  if (claimed.stats.updated !== 1) throw conflict('该记录正在由他人重试，请刷新后查看');
  const decl = findCaseType(doc.event.type);
  let status: 'sent' | 'failed' = 'sent';
  let lastError = '';
  if (!decl?.onTransition) {
    status = 'failed';
    lastError = `hook ${doc.event.type}.${doc.event.action}: case type not available in this function`;
  } else {
    try {
      await decl.onTransition(doc.event, ctx);
    } catch (error) {
      ctx.log.error(`case hook retry failed: ${doc.event.type}.${doc.event.action}`, error);
      status = 'failed';
      lastError = `hook ${doc.event.type}.${doc.event.action} failed`;
    }
  }
  const updatedAt = ctx.now();
  await ctx.db.collection(NOTIFICATIONS).doc(id).update({ data: { status, lastError, updatedAt } });
  return toIncident({ ...doc, status, lastError, attempts, updatedAt });
}

/** Everything one action request carries (validated by the contract). */
export interface ActRequest extends ActionArgs {
  caseId: string;
  action: Exclude<CaseAction, 'submit'>;
  version: number;
  /** Files sent with the comment or reason (uploaded under the actor's own prefix). */
  attachments?: string[];
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

/** Who the actor is in history entries. */
function actorIdentity(actor: EngineActor, role: CaseRole, c: CaseDoc): { actorId: string; actorName: string } {
  if (role === 'system') return { actorId: 'system', actorName: '系统' };
  if (role === 'applicant') return { actorId: c.personId, actorName: c.applicantName };
  return { actorId: actor.staff?.staffId ?? '', actorName: maskName(actor.staff?.name ?? '') };
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
  let target: TargetNode | null = null;
  if (req.targetNodeId) {
    const node = (await gridIndex(ctx.db)).get(req.targetNodeId);
    target = node ? { nodeId: node._id, path: node.path } : null;
  }
  if (relation(c, actor) === 'none') throw notFound('事项不存在');
  if (req.version !== c.version) {
    throw new AppError('CONFLICT', '该事项已更新，请刷新后再操作', 'version', { version: c.version });
  }
  const plan = planTransition(decl, c, req.action, req, actor, target);
  const attachments = req.attachments ?? [];
  if (attachments.length && !req.comment && !req.reason) {
    throw new AppError('INVALID_INPUT', 'attachments：附件需随留言、答复或理由一起发送', 'attachments');
  }
  const attachmentRefs = attachments.map((fileID, i) => ({ field: `attachments.${i}`, fileID }));
  requireOwnFiles(attachmentRefs, actor.openid);
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
    ...(req.form ? decl.texts(form).map((t) => ({ field: `form.${t.field}`, text: t.text })) : []),
  ];
  const newFiles = [...attachmentRefs, ...(req.form ? formFiles(decl, form).filter((f) => !known.has(f.fileID)) : [])];
  await requireStoredFiles(ctx, newFiles);
  const [textVerdict, imageVerdict] = await Promise.all([
    checkTexts(ctx, texts, 2),
    newFiles.length ? (opts.checkImages ?? holdImages)(ctx, newFiles) : { held: false, heldFields: [] },
  ]);
  const verdict: ContentVerdict = mergeVerdicts(textVerdict, imageVerdict);
  const now = ctx.now();
  const seq = c.version + 1;
  const { actorId, actorName } = actorIdentity(actor, plan.role, c);
  const text = req.comment ?? req.reason ?? null;
  const messageHeld = verdict.heldFields.some(
    (f) => f.field === 'comment' || f.field === 'reason' || f.field.startsWith('attachments.'),
  );
  const formHeld = verdict.heldFields.filter((f) => f.field.startsWith('form.'));
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
  if (req.form) {
    const category = decl.category(form);
    Object.assign(patch, { form, title: decl.headline(form), category: category.value, categoryLabel: category.label });
    if (formHeld.length) Object.assign(patch, { held: true, heldFields: formHeld });
  }
  if (plan.action === 'rate' && req.rating) patch.rating = req.rating;
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
    at: now,
  });
  const notes: NotificationDoc[] = [];
  if (plan.to !== plan.from || plan.nodeId !== c.nodeId) {
    const nodeName = (await gridIndex(ctx.db)).get(plan.nodeId)?.name ?? '';
    // No free text in subscribe messages (it may be held for review): the detail is in the app.
    const note = plan.nodeId !== c.nodeId ? `已转至${nodeName}` : '';
    notes.push(statusNotification(decl, c, plan.to, note, now));
  }
  if (plan.nodeId !== c.nodeId && isOpen(decl, plan.to))
    notes.push(...(await newCaseNotices(ctx, decl, c, plan.nodeId, now)));
  await commitStep(ctx, c, patch, history, message, notes);
  await deliverAll(ctx, notes);
  if (plan.action === 'approve' || plan.action === 'refuse' || plan.formChange === 'correct')
    await auditStep(ctx, actor, c, plan, plan.formChange === 'correct' ? formChanges.map((f) => f.field) : undefined);
  await runHook(ctx, decl, { caseId: c._id, type: c.type, action: plan.action, from: plan.from, to: plan.to, seq });
  return plan;
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
  await inTransaction(ctx, async (tx) => {
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

/**
 * The timer's overdue step for one case: escalate one level up (same state, new deadline) when the
 * state says so and a level above exists; always count it. Compare-and-set like any action; a
 * conflict means someone acted meanwhile, and the case is skipped.
 */
export async function escalateOverdue(
  ctx: HandlerContext,
  c: CaseDoc,
  cal: WorkCalendar,
): Promise<'escalated' | 'skipped'> {
  const decl = findCaseType(c.type);
  const state = decl?.states[c.status];
  if (!decl || !state || (state.onOverdue ?? 'escalate') !== 'escalate' || c.nodePath.length <= 1) return 'skipped';
  const now = ctx.now();
  const nodePath = c.nodePath.slice(0, -1);
  const nodeId = nodePath[nodePath.length - 1];
  const seq = c.version + 1;
  const dueAt = dueFor(decl, c.status, now, cal);
  const patch: Partial<CaseDoc> = {
    nodeId,
    nodePath,
    level: levelOfPath(nodePath),
    ...scopeKeys(nodePath),
    dueAt,
    dueKey: dueKeyOf(dueAt, c._id, now),
    overdueCount: c.overdueCount + 1,
    updatedAt: now,
  };
  const comment = `超过办理时限（${timeLimitDays(decl, c.status) ?? 0} 个工作日），自动上报上级`;
  const history: HistoryDoc = {
    _id: historyId(c._id, seq),
    caseId: c._id,
    seq,
    action: 'escalate',
    from: c.status,
    to: c.status,
    fromNodeId: c.nodeId,
    toNodeId: nodeId,
    toNodePath: nodePath,
    role: 'system',
    actorId: 'system',
    actorName: '系统',
    comment,
    reason: null,
    messageId: null,
    reopened: false,
    rating: null,
    at: now,
  };
  const nodeName = (await gridIndex(ctx.db)).get(nodeId)?.name ?? '';
  const notes = [statusNotification(decl, c, c.status, `超时已上报${nodeName}`, now)];
  try {
    await commitStep(ctx, c, patch, history, null, notes);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return 'skipped';
    throw error;
  }
  await deliverAll(ctx, notes);
  return 'escalated';
}

export { CASES };
