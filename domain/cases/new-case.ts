/**
 * A new case document and its first history entry, written in one transaction with its pending messages. Shared
 * by a submission and by the children a fan-out creates (whose ids are fixed, so creating one twice is a no-op).
 */
import { chinaMonth, type WorkCalendar } from '../../common/china-time';
import type { GridNode } from '../../typings/grid';
import type { ContentVerdict } from '../content/check';
import type { HandlerContext } from '../runtime/context';
import { inTransaction } from '../runtime/db-errors';
import { AppError } from '../runtime/errors';
import { enqueue, type NotificationDoc } from '../notify/outbox';
import type { AnyCaseType, EligibilityResult } from './declaration';
import { dueFor, isOpen } from './lifecycle';
import { levelOfPath } from './machine';
import type { CaseInitiator, CaseSubject } from './parties';
import { CASE_HISTORY, CASES, dueKeyOf, scopeKeys, type CaseDoc, type HistoryDoc } from './store';

/** Everything a new case is made of besides its type's own rules. */
export interface NewCase {
  _id: string;
  form: Record<string, unknown>;
  node: Pick<GridNode, '_id' | 'path'>;
  now: Date;
  cal: WorkCalendar;
  applicantOpenid: string;
  personId: string;
  applicantName: string;
  applicantNodeId: string;
  initiator: CaseInitiator;
  subject: CaseSubject;
  verdict: ContentVerdict;
  eligibility: EligibilityResult | null;
  parentId?: string;
}

/** The case document of a new case, in its type's initial state at `node`. */
export function newCaseDoc(decl: AnyCaseType, n: NewCase): CaseDoc {
  const state = decl.initialState;
  const dueAt = dueFor(decl, state, n.now, n.cal);
  const category = decl.category(n.form);
  return {
    _id: n._id,
    type: decl.type,
    category: category.value,
    categoryLabel: category.label,
    title: decl.headline(n.form),
    status: state,
    version: 1,
    open: isOpen(decl, state),
    applicantOpenid: n.applicantOpenid,
    personId: n.personId,
    applicantName: n.applicantName,
    applicantNodeId: n.applicantNodeId,
    initiator: n.initiator,
    subject: n.subject,
    ...(n.parentId ? { parentId: n.parentId } : {}),
    nodeId: n.node._id,
    nodePath: [...n.node.path],
    level: levelOfPath(n.node.path),
    ...scopeKeys(n.node.path),
    originNodeId: n.node._id,
    dueAt,
    dueKey: dueKeyOf(dueAt, n._id, n.now),
    createdKey: `${String(n.now.getTime()).padStart(15, '0')}|${n._id}`,
    createdMonth: chinaMonth(n.now),
    overdueCount: 0,
    remindedOn: '',
    held: n.verdict.held,
    heldFields: n.verdict.heldFields,
    waitingSince: decl.states[state]?.awaitingStaff ? n.now : null,
    reopenCount: 0,
    rating: null,
    form: n.form,
    eligibility: n.eligibility,
    data: {},
    createdAt: n.now,
    updatedAt: n.now,
  };
}

/**
 * Write a new case, its first history entry and its pending messages at once. `exists` when a case with that id is
 * already there (a fan-out child created by an earlier run): nothing is written then.
 */
export async function insertCase(
  ctx: HandlerContext,
  doc: CaseDoc,
  history: HistoryDoc,
  notes: readonly NotificationDoc[],
): Promise<'created' | 'exists'> {
  try {
    await inTransaction(
      ctx.db,
      async (tx) => {
        await tx.collection(CASES).add({ data: doc });
        await tx.collection(CASE_HISTORY).add({ data: history });
        for (const note of notes) await enqueue(tx, note);
      },
      { duplicate: () => new AppError('DUPLICATE', '事项已存在') },
    );
    return 'created';
  } catch (error) {
    if (error instanceof AppError && error.code === 'DUPLICATE') return 'exists';
    throw error;
  }
}
