/**
 * What callers see: case summaries for lists, and the detail with timeline, thread and the
 * actions the caller may take now. Names are masked; held text is shown only to staff and its author.
 */
import type { CaseDetail, CaseMessage, CaseSummary, TimelineEntry } from '../../typings/cases';
import { verbLabel } from './verbs';
import type { GridNode } from '../../typings/grid';
import type { HandlerContext } from '../runtime/context';
import { findCaseType } from './registry';
import { availableActions, relation, type EngineActor } from './machine';
import { getHistory, getMessages, type CaseDoc, type HistoryDoc, type MessageDoc } from './store';
import { gridIndex } from '../grid/cache';

const HELD_TEXT = '（内容审核中）';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** A case as lists show it. */
export function toSummary(c: CaseDoc, grid: Map<string, GridNode>, now: Date): CaseSummary {
  const decl = findCaseType(c.type);
  const dueAt = c.dueAt ? new Date(c.dueAt) : null;
  const waitingSince = c.waitingSince ? new Date(c.waitingSince) : null;
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
    nodeId: c.nodeId,
    nodeName: grid.get(c.nodeId)?.name ?? '',
    level: c.level,
    open: c.open,
    dueAt: iso(dueAt),
    overdue: Boolean(c.open && dueAt && dueAt.getTime() < now.getTime()),
    overdueCount: c.overdueCount,
    held: c.held,
    waitingSince: iso(waitingSince),
    waitingMinutes: waitingSince ? Math.max(0, Math.floor((now.getTime() - waitingSince.getTime()) / 60_000)) : null,
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

function visibleText(m: { held: boolean; authorOpenid: string }, viewer: EngineActor, isStaff: boolean): boolean {
  return !m.held || isStaff || m.authorOpenid === viewer.openid;
}

/** The timeline from the history (comments of held messages hidden from the other party). */
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
    if (h.fromNodeId !== h.toNodeId) entry.nodeName = grid.get(h.toNodeId)?.name ?? '';
    return entry;
  });
}

/** The full detail for a caller who may see the case (the caller checked `relation`). */
export async function toDetail(ctx: HandlerContext, c: CaseDoc, viewer: EngineActor): Promise<CaseDetail> {
  const decl = findCaseType(c.type);
  const [history, messages, grid] = await Promise.all([
    getHistory(ctx.db, c._id),
    getMessages(ctx.db, c._id),
    gridIndex(ctx.db),
  ]);
  const isStaff = relation(c, viewer) === 'staff';
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
  return {
    ...toSummary(c, grid, ctx.now()),
    version: c.version,
    form: c.form,
    timeline: toTimeline(history, byId, grid, viewer, isStaff, c.type),
    messages: thread,
    availableActions: decl ? availableActions(decl, c, viewer) : [],
    rating: c.rating,
    reopenCount: c.reopenCount,
    eligibility: isStaff ? c.eligibility : null,
  };
}
