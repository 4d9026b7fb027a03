/**
 * What callers see: case summaries for lists, and the detail with timeline, thread and the
 * actions the caller may take now. Names are masked; held text is shown only to staff and its author.
 */
import type { CaseAccess, CaseDetail, CaseMessage, CaseSummary, TimelineEntry } from '../../typings/cases';
import { ROLE_LABELS } from '../../typings/people';
import { notFound } from '../runtime/errors';
import { inputLines } from './inputs';
import { staffInitiator } from './parties';
import { childProgress } from './fanout';
import { CASE_PAGE, clientOf } from './type-info';
import { verbLabel } from './verbs';
import type { GridNode } from '../../typings/grid';
import type { HandlerContext } from '../runtime/context';
import { findCaseType } from './registry';
import { availableActions, relation, type EngineActor } from './machine';
import { getHistory, getMessages, type CaseDoc, type HistoryDoc, type MessageDoc } from './store';
import { gridIndex } from '../grid/cache';
import { describeSubmission, placeNamer } from './submission';
import { caseContact } from './contact';

/** When the case's current step started, from its queue key (`<due>|<since>|<id>`). */
function stepStart(c: CaseDoc): string | null {
  const since = Number(c.dueKey?.split('|')[1]);
  return Number.isFinite(since) && since > 0 ? new Date(since).toISOString() : null;
}

const HELD_TEXT = '（内容审核中）';
/** Steps whose text is the conversation itself: shown in the thread, not repeated in the timeline. */
const THREAD_ACTIONS: ReadonlySet<string> = new Set(['comment', 'reply']);

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A case as lists show it. */
export function toSummary(c: CaseDoc, grid: Map<string, GridNode>, now: Date): CaseSummary {
  const decl = findCaseType(c.type);
  const dueAt = c.dueAt ? new Date(c.dueAt) : null;
  const waitingSince = c.waitingSince ? new Date(c.waitingSince) : null;
  const client = decl ? clientOf(decl) : { detailPage: CASE_PAGE, onHome: true };
  return {
    _id: c._id,
    type: c.type,
    typeTitle: decl?.title ?? c.type,
    status: c.status,
    statusLabel: decl?.states[c.status]?.label ?? c.status,
    category: c.category,
    categoryLabel: c.categoryLabel,
    title: c.title,
    applicantName: c.applicantName,
    applicantPlace: placeNamer(grid)(c.applicantNodeId ?? c.originNodeId),
    detailPage: client.detailPage,
    onHome: client.onHome,
    nodeId: c.nodeId,
    nodeName: grid.get(c.nodeId)?.name ?? '',
    level: c.level,
    open: c.open,
    dueAt: iso(dueAt),
    overdue: Boolean(c.open && dueAt && dueAt.getTime() < now.getTime()),
    overdueCount: c.overdueCount,
    held: c.held,
    stepSince: stepStart(c),
    waitingSince: iso(waitingSince),
    waitingMinutes: waitingSince ? Math.max(0, Math.floor((now.getTime() - waitingSince.getTime()) / 60_000)) : null,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

function visibleText(m: { held: boolean; authorOpenid: string }, viewer: EngineActor, isStaff: boolean): boolean {
  return !m.held || isStaff || m.authorOpenid === viewer.openid;
}

/** The timeline from the history (comments of held messages and held inputs hidden from the other party). */
export function toTimeline(
  history: HistoryDoc[],
  messages: Map<string, MessageDoc>,
  grid: Map<string, GridNode>,
  viewer: EngineActor,
  isStaff: boolean,
  type: string,
): TimelineEntry[] {
  const decl = findCaseType(type);
  return history.map((h) => {
    const entry: TimelineEntry = {
      seq: h.seq,
      action: h.action,
      actionLabel: verbLabel(decl, h.action),
      from: h.from,
      to: h.to,
      toLabel: decl?.states[h.to]?.label ?? h.to,
      at: new Date(h.at).toISOString(),
      role: h.role,
      actorName: h.actorName,
    };
    const text = h.comment ?? h.reason;
    if (text) {
      const m = h.messageId ? messages.get(h.messageId) : undefined;
      entry.comment = !m || visibleText(m, viewer, isStaff) ? text : HELD_TEXT;
    }
    if (h.messageId && THREAD_ACTIONS.has(h.action) && messages.has(h.messageId)) entry.inThread = true;
    if (h.fromNodeId !== h.toNodeId) entry.nodeName = grid.get(h.toNodeId)?.name ?? '';
    const held = new Set(isStaff ? [] : (h.heldInputs ?? []));
    const shown = h.inputs ? Object.fromEntries(Object.entries(h.inputs).filter(([name]) => !held.has(name))) : {};
    const details = [...inputLines(decl, { ...h, inputs: shown }, isStaff ? 'staff' : 'applicant')];
    if (held.size) details.push(HELD_TEXT);
    if (details.length) entry.details = details;
    if (h.onBehalf) entry.onBehalf = true;
    return entry;
  });
}

/**
 * How the viewer may see the case, or null (NOT_FOUND): its relation, or read-only for staff whose node held the
 * case at some step before it moved on (they see where it is now and take no action).
 */
export function caseAccess(c: CaseDoc, viewer: EngineActor, history: readonly HistoryDoc[]): CaseAccess | null {
  const rel = relation(c, viewer);
  if (rel === 'applicant' || rel === 'staff' || rel === 'proxy' || rel === 'initiator') return rel;
  if (rel === 'system') return 'staff';
  const node = viewer.staff?.gridNodeId;
  if (node && history.some((h) => h.toNodePath.includes(node))) return 'readonly';
  return null;
}

/** Who filed the case when not the person themself. */
function filedBy(c: CaseDoc, grid: Map<string, GridNode>): string | undefined {
  const initiator = staffInitiator(c);
  if (!initiator) return undefined;
  const who = `${initiator.staffName}（${ROLE_LABELS[initiator.role]}）`;
  return initiator.kind === 'proxy' ? `${who}代办` : `${grid.get(initiator.nodeId)?.name ?? ''} ${who}发起`.trim();
}

/** The full detail for a caller who may see the case; NOT_FOUND (never the data) for anyone else. */
export async function toDetail(ctx: HandlerContext, c: CaseDoc, viewer: EngineActor): Promise<CaseDetail> {
  const decl = findCaseType(c.type);
  const [history, messages, grid] = await Promise.all([
    getHistory(ctx.db, c._id),
    getMessages(ctx.db, c._id),
    gridIndex(ctx.db),
  ]);
  const access = caseAccess(c, viewer, history);
  if (!access) throw notFound('事项不存在');
  const isStaff = access !== 'applicant';
  const submission = decl
    ? describeSubmission(decl, c.form, { relation: isStaff ? 'staff' : 'applicant', placeName: placeNamer(grid) })
    : [];
  const byId = new Map(messages.map((m) => [m._id, m]));
  const thread: CaseMessage[] = messages.map((m) => {
    const visible = visibleText(m, viewer, isStaff);
    return {
      _id: m._id,
      seq: m.seq,
      author: m.author,
      authorName: m.authorName,
      text: visible ? m.text : HELD_TEXT,
      at: new Date(m.at).toISOString(),
      held: m.held,
      attachments: visible ? [...(m.attachments ?? [])] : [],
    };
  });
  const by = filedBy(c, grid);
  const children = await childProgress(ctx, c);
  return {
    ...toSummary(c, grid, ctx.now()),
    version: c.version,
    form: c.form,
    submission,
    // The applicant's contact for those who handle the case now (or filed it for them), not for a read-only view.
    contact: access === 'staff' || access === 'proxy' ? await caseContact(ctx.db, c) : null,
    timeline: toTimeline(history, byId, grid, viewer, isStaff, c.type),
    messages: thread,
    availableActions: decl && access !== 'readonly' ? availableActions(decl, c, viewer) : [],
    rating: c.rating,
    reopenCount: c.reopenCount,
    eligibility: isStaff ? c.eligibility : null,
    access,
    ...(by ? { filedBy: by } : {}),
    ...(children ? { children } : {}),
    ...(decl?.client?.moreDetail ? { moreDetail: { ...decl.client.moreDetail } } : {}),
    ...(decl?.client?.resubmitPage ? { resubmitPage: decl.client.resubmitPage } : {}),
    ...(decl?.client?.files ? { files: { ...decl.client.files } } : {}),
  };
}
