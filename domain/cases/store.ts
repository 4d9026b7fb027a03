/**
 * How cases are stored: the `cases` document, its immutable `case_history`, thread `case_messages`,
 * and the keys that make queues index-friendly (`dueKey`, `createdKey`: scalar, sortable strings).
 */
import { readAll } from '../runtime/paging';
import type { CaseAction, CaseRole } from '../../typings/cases';
import type { GridLevel } from '../../typings/grid';
import type { Database } from '../runtime/db';
import type { EligibilityResult } from './declaration';
import type { CaseInitiator, CaseSubject } from './parties';
import type { TransitionPlan } from './machine';

export const CASES = 'cases';
export const CASE_HISTORY = 'case_history';
export const CASE_MESSAGES = 'case_messages';

/** A case as stored. */
export interface CaseDoc {
  _id: string;
  type: string;
  category: string;
  categoryLabel: string;
  /** Short title without personal data. */
  title: string;
  status: string;
  /** Equals the seq of the last history entry; compare-and-set on it. */
  version: number;
  /** True while staff have work on it (not terminal, not settled): in the queues. */
  open: boolean;
  /** The applicant's WeChat at filing ('' when the case was filed for someone without one, or issued to a node). */
  applicantOpenid: string;
  /** The person the case is about ('' for an organisation's or a node's case). */
  personId: string;
  /** Masked applicant name (or the organisation's or node's name). */
  applicantName: string;
  /** Who started it (absent on cases filed before: the person themself). */
  initiator?: CaseInitiator;
  /** Who it is about (absent on cases filed before: the person). */
  subject?: CaseSubject;
  /** The case whose submission created this one (fan-out), or absent. */
  parentId?: string;
  /** A fan-out's progress creating its children: `pending` until every child exists (resumable). */
  fanOut?: { childType: string; total: number; created: number; pending: boolean };
  /** Where the applicant lives (home village, else the node first handling it): staff tell cases apart by it. */
  applicantNodeId?: string | null;
  nodeId: string;
  nodePath: string[];
  level: GridLevel;
  /** Scalar scope keys of the responsible node (indexed): town and village ids, null above them. */
  townId: string | null;
  villageId: string | null;
  originNodeId: string;
  dueAt: Date | null;
  /** `<dueAt ms>|<step start ms>|<_id>` (`999…` without a deadline): the queue's keyset order. */
  dueKey: string;
  /** `<createdAt ms>|<_id>`: the applicant's list order. */
  createdKey: string;
  /** `YYYYMM`, the China month of `createdAt` (indexed): a monthly trend is one `$group` by it (`domain/stats`). */
  createdMonth: string;
  overdueCount: number;
  /** CST date of the last overdue reminder (one a day). */
  remindedOn: string;
  /** The `dueKey` of the step whose before-deadline reminder was sent (one per step). */
  dueSoonKey?: string;
  held: boolean;
  heldFields: { field: string; why: string }[];
  waitingSince: Date | null;
  reopenCount: number;
  rating: { score: number; satisfied: boolean; comment?: string } | null;
  /** When staff first took the case out of a state that waited for them, and how long after filing (stats). */
  firstResponseAt?: Date;
  firstResponseMs?: number;
  form: Record<string, unknown>;
  eligibility: EligibilityResult | null;
  /** Declaration-owned state. */
  data: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

/** One immutable history entry. `_id` is `<caseId>:<seq>` (and (caseId, seq) is unique): one winner per step. */
export interface HistoryDoc {
  _id: string;
  caseId: string;
  seq: number;
  action: CaseAction;
  from: string | null;
  to: string;
  fromNodeId: string | null;
  toNodeId: string;
  toNodePath: string[];
  role: CaseRole;
  /** staffId, personId or `system`. */
  actorId: string;
  /** Masked name, or `系统`. */
  actorName: string;
  comment: string | null;
  reason: string | null;
  messageId: string | null;
  reopened: boolean;
  rating: { score: number; satisfied: boolean; comment?: string } | null;
  /**
   * A step that changed the form: the fields it changed; a staff correction keeps each value before and after
   * (absent on steps that carried no form).
   */
  formChanges?: { field: string; before?: unknown; after?: unknown }[];
  /** The step's structured inputs (validated by the declaration), and those held by the content check. */
  inputs?: Record<string, unknown>;
  heldInputs?: string[];
  /** Staff acted for the applicant (代办). */
  onBehalf?: boolean;
  at: Date;
}

/** What one step records besides the plan: who took it and what they said. */
export interface StepRecord {
  actorId: string;
  actorName: string;
  comment?: string | null;
  reason?: string | null;
  messageId?: string | null;
  rating?: HistoryDoc['rating'];
  formChanges?: HistoryDoc['formChanges'];
  inputs?: HistoryDoc['inputs'];
  heldInputs?: string[];
  onBehalf?: boolean;
  at: Date;
}

/** The history entry of step `seq` of a case: the one shape the engine and the demo seed both write. */
export function historyEntry(
  c: { _id: string; nodeId: string | null },
  plan: Pick<TransitionPlan, 'action' | 'from' | 'to' | 'nodeId' | 'nodePath' | 'role' | 'reopened'>,
  seq: number,
  record: StepRecord,
): HistoryDoc {
  return {
    _id: historyId(c._id, seq),
    caseId: c._id,
    seq,
    action: plan.action,
    from: plan.from,
    to: plan.to,
    fromNodeId: c.nodeId,
    toNodeId: plan.nodeId,
    toNodePath: [...plan.nodePath],
    role: plan.role,
    actorId: record.actorId,
    actorName: record.actorName,
    comment: record.comment ?? null,
    reason: record.reason ?? null,
    messageId: record.messageId ?? null,
    reopened: plan.reopened,
    rating: record.rating ?? null,
    ...(record.formChanges ? { formChanges: record.formChanges } : {}),
    ...(record.inputs && Object.keys(record.inputs).length ? { inputs: record.inputs } : {}),
    ...(record.heldInputs?.length ? { heldInputs: record.heldInputs } : {}),
    ...(record.onBehalf ? { onBehalf: true } : {}),
    at: record.at,
  };
}

/** The first history entry of a case: the submission to `node`, landing in `state` (by the applicant or staff). */
export function submissionEntry(
  caseId: string,
  state: string,
  node: { _id: string; path: readonly string[] },
  applicant: { actorId: string; actorName: string; role?: CaseRole; onBehalf?: boolean },
  at: Date,
): HistoryDoc {
  return {
    _id: historyId(caseId, 1),
    caseId,
    seq: 1,
    action: 'submit',
    from: null,
    to: state,
    fromNodeId: null,
    toNodeId: node._id,
    toNodePath: [...node.path],
    role: applicant.role ?? 'applicant',
    actorId: applicant.actorId,
    actorName: applicant.actorName,
    comment: null,
    reason: null,
    messageId: null,
    reopened: false,
    rating: null,
    ...(applicant.onBehalf ? { onBehalf: true } : {}),
    at,
  };
}

/** One message of a case thread; `held` until staff release it when the content check asked for review. */
export interface MessageDoc {
  _id: string;
  caseId: string;
  seq: number;
  author: 'applicant' | 'staff';
  authorName: string;
  /** The applicant's openid or the staff member's openid (to show authors their own held text). */
  authorOpenid: string;
  text: string;
  /** Files sent with the message (absent on messages written before attachments existed). */
  attachments?: string[];
  held: boolean;
  at: Date;
}

const NO_DEADLINE = '9'.repeat(15);

/**
 * The queue key of a case: its deadline, then when its current step started (deadlines end at
 * midnight, so among equal deadlines whoever has waited longest comes first), then its id.
 */
export function dueKeyOf(dueAt: Date | null, id: string, since: Date): string {
  return `${dueAt ? String(dueAt.getTime()).padStart(15, '0') : NO_DEADLINE}|${String(since.getTime()).padStart(15, '0')}|${id}`;
}

/** The key of an instant, for `dueKey < nowKey` (overdue). */
export function instantKey(at: Date): string {
  return `${String(at.getTime()).padStart(15, '0')}|`;
}

export const historyId = (caseId: string, seq: number) => `${caseId}:${String(seq).padStart(4, '0')}`;

/** Scope keys of a node path. */
export function scopeKeys(path: readonly string[]): { townId: string | null; villageId: string | null } {
  return { townId: path[1] ?? null, villageId: path[2] ?? null };
}

/** A case by id, or null. */
export async function getCase(db: Database, id: string): Promise<CaseDoc | null> {
  const { data } = await db.collection<CaseDoc>(CASES).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

/** A case's history in order. */
export async function getHistory(db: Database, caseId: string): Promise<HistoryDoc[]> {
  return (await readAll<HistoryDoc>(db, CASE_HISTORY, { caseId })).sort((a, b) => a.seq - b.seq);
}

/** A case's messages in order. */
export async function getMessages(db: Database, caseId: string): Promise<MessageDoc[]> {
  return (await readAll<MessageDoc>(db, CASE_MESSAGES, { caseId })).sort((a, b) => a.seq - b.seq);
}
