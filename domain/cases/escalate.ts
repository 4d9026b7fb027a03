/**
 * The timer's overdue step for one case: escalate one level up (same state, new deadline) when the state says so
 * and a level above exists; always count it. Compare-and-set like any action; a conflict means someone acted
 * meanwhile, and the case is skipped.
 */
import type { WorkCalendar } from '../../common/china-time';
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { deliverAll } from '../notify/outbox';
import { gridIndex } from '../grid/cache';
import { actOnCase, commitStep } from './act';
import { dueFor } from './lifecycle';
import { levelOfPath } from './machine';
import { statusNotifications } from './notify';
import { findCaseType, timeLimitDays } from './registry';
import { dueKeyOf, historyId, scopeKeys, type CaseDoc, type HistoryDoc } from './store';

export async function escalateOverdue(
  ctx: HandlerContext,
  c: CaseDoc,
  cal: WorkCalendar,
): Promise<'escalated' | 'skipped'> {
  const decl = findCaseType(c.type);
  const state = decl?.states[c.status];
  if (!decl || !state || (state.onOverdue ?? 'escalate') !== 'escalate' || c.nodePath.length <= 1) return 'skipped';
  return escalateOne(ctx, c, cal, decl);
}

const SYSTEM = { openid: '', personId: null, staff: null, system: true } as const;

/**
 * The timer takes the state's declared overdue action itself (`onOverdue: { run }`), through the same path as any
 * action (compare-and-set on the version the scan read). `skipped` when the state declares none or someone acted
 * meanwhile.
 */
export async function runOverdueAction(ctx: HandlerContext, c: CaseDoc): Promise<'ran' | 'skipped'> {
  const overdue = findCaseType(c.type)?.states[c.status]?.onOverdue;
  if (typeof overdue !== 'object') return 'skipped';
  try {
    await actOnCase(ctx, SYSTEM, { caseId: c._id, action: overdue.run, version: c.version });
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return 'skipped';
    throw error;
  }
  return 'ran';
}

async function escalateOne(
  ctx: HandlerContext,
  c: CaseDoc,
  cal: WorkCalendar,
  decl: NonNullable<ReturnType<typeof findCaseType>>,
): Promise<'escalated' | 'skipped'> {
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
  const notes = await statusNotifications(ctx, decl, c, c.status, `超时已上报${nodeName}`, now);
  try {
    await commitStep(ctx, c, patch, history, null, notes);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return 'skipped';
    throw error;
  }
  await deliverAll(ctx, notes);
  return 'escalated';
}
