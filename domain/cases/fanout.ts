/**
 * Fan-out: one submission creates a child case per target (a task to every village). Children are created in
 * chunks by the one job mechanism (`runtime/jobs`, cursor saved after every chunk, a lease so two runs never work
 * at once); each child has the id `<parent>-<target key>`, so a repeated or resumed run creates nothing twice. What
 * a submission's run leaves (its time budget spent) the scheduler's timer finishes. The parent's detail shows the
 * children's progress by stage.
 */
import type { CaseChildren } from '../../typings/cases';
import type { WorkCalendar } from '../../common/china-time';
import type { HandlerContext } from '../runtime/context';
import { jobBudgetMs, runChunked } from '../runtime/jobs';
import { readAll } from '../runtime/paging';
import { deliverAll } from '../notify/outbox';
import { loadCalendar } from '../calendar/holidays';
import { gridIndex } from '../grid/cache';
import type { AnyCaseType, FanOutTarget } from './declaration';
import { requireCaseType } from './forms';
import { insertCase, newCaseDoc } from './new-case';
import { newCaseNotices } from './notify';
import { staffInitiator } from './parties';
import { CASES, getCase, submissionEntry, type CaseDoc } from './store';

/** The cases function's timeout is 20 s: a submission creates children for 10 s at most, the timer does the rest. */
export const FAN_OUT_BUDGET_MS = 10_000;

const TARGET_KEY = /^[a-z0-9-]{1,40}$/;

/** The id of a parent's child for one target. */
export const childId = (parentId: string, key: string) => `${parentId}-${key}`;

/** A parent's targets in a stable order (by key), checked. */
async function targetsOf(ctx: HandlerContext, decl: AnyCaseType, parent: CaseDoc): Promise<FanOutTarget[]> {
  const targets = [...(await decl.fanOut!.targets(parent.form, ctx))].sort((a, b) => a.key.localeCompare(b.key));
  for (const t of targets) if (!TARGET_KEY.test(t.key)) throw new Error(`fan-out target key ${t.key} is invalid`);
  return targets;
}

/** Create one child (nothing when it exists already). */
async function createChild(
  ctx: HandlerContext,
  parent: CaseDoc,
  decl: AnyCaseType,
  childDecl: AnyCaseType,
  target: FanOutTarget,
  cal: WorkCalendar,
): Promise<void> {
  const grid = await gridIndex(ctx.db);
  const node = grid.get(target.nodeId);
  if (!node) throw new Error(`fan-out target node ${target.nodeId} does not exist`);
  const initiator = parent.initiator ?? { kind: 'person' as const, personId: parent.personId };
  const issuer = staffInitiator(parent);
  const now = ctx.now();
  const _id = childId(parent._id, target.key);
  const doc = newCaseDoc(childDecl, {
    _id,
    form: decl.fanOut?.childForm?.(parent.form, target) ?? parent.form,
    node,
    now,
    cal,
    applicantOpenid: '',
    personId: '',
    applicantName: target.name,
    applicantNodeId: node._id,
    initiator,
    subject: { kind: 'node', nodeId: node._id },
    verdict: { held: false, heldFields: [] },
    eligibility: null,
    parentId: parent._id,
  });
  const history = submissionEntry(
    _id,
    doc.status,
    node,
    issuer
      ? { actorId: issuer.staffId, actorName: issuer.staffName, role: issuer.role }
      : { actorId: parent.personId, actorName: parent.applicantName },
    now,
  );
  const notes = await newCaseNotices(ctx, childDecl, doc, node._id, now);
  if ((await insertCase(ctx, doc, history, notes)) === 'created') await deliverAll(ctx, notes);
}

/**
 * Create a parent's children within `budgetMs` (resuming where an earlier run stopped), then record the progress
 * on the parent: `pending` until every child exists.
 */
export async function createChildren(
  ctx: HandlerContext,
  parentId: string,
  budgetMs = jobBudgetMs(FAN_OUT_BUDGET_MS),
): Promise<{ total: number; created: number; pending: boolean }> {
  const parent = await getCase(ctx.db, parentId);
  if (!parent) throw new Error(`fan-out parent ${parentId} is missing`);
  const decl = requireCaseType(parent.type);
  if (!decl.fanOut) throw new Error(`${parent.type} does not fan out`);
  const childDecl = requireCaseType(decl.fanOut.childType);
  const targets = await targetsOf(ctx, decl, parent);
  const cal = await loadCalendar(ctx.db, ctx.now());
  const run = await runChunked(
    ctx,
    {
      key: `fanout:${parentId}`,
      page: async (cursor, limit) => {
        const start = cursor ? Number(cursor) : 0;
        const items = targets.slice(start, start + limit);
        return { items, cursor: String(start + items.length) };
      },
      work: (target) => createChild(ctx, parent, decl, childDecl, target, cal),
      chunkSize: 40,
      concurrency: 8,
    },
    budgetMs,
  );
  const progress = {
    childType: childDecl.type,
    total: targets.length,
    created: run.done ? targets.length : run.passProcessed,
    pending: !run.done || run.failed > 0,
  };
  // A run whose items failed is done with its pass but not with its children: the next pass creates them.
  await ctx.db
    .collection(CASES)
    .doc(parentId)
    .update({ data: { fanOut: ctx.db.command.set(progress) } });
  return progress;
}

/** The timer's part: continue every fan-out a submission left unfinished, within the budget. */
export async function resumeFanOuts(
  ctx: HandlerContext,
  budgetMs: number,
): Promise<{ parents: number; pending: number }> {
  const started = Date.now();
  const parents = await readAll<CaseDoc>(ctx.db, CASES, { 'fanOut.pending': true }, { _id: true });
  let pending = 0;
  for (const p of parents) {
    const left = budgetMs - (Date.now() - started);
    if (left < 1000) {
      pending += 1;
      continue;
    }
    if ((await createChildren(ctx, p._id, left)).pending) pending += 1;
  }
  return { parents: parents.length, pending };
}

/** A parent's children by stage (or state), for its detail. */
export async function childProgress(ctx: HandlerContext, parent: CaseDoc): Promise<CaseChildren | null> {
  if (!parent.fanOut) return null;
  const childDecl = requireCaseType(parent.fanOut.childType);
  const counts = await Promise.all(
    Object.keys(childDecl.states).map(async (status) => ({
      status,
      count: (await ctx.db.collection(CASES).where({ parentId: parent._id, status }).count()).total,
    })),
  );
  const stages = Object.entries(childDecl.stages ?? {});
  const groups = stages.length
    ? stages.map(([key, stage]) => ({
        key,
        label: stage.label,
        count: counts.filter((c) => stage.states.includes(c.status)).reduce((n, c) => n + c.count, 0),
      }))
    : counts.map((c) => ({ key: c.status, label: childDecl.states[c.status].label, count: c.count }));
  return {
    typeTitle: childDecl.title,
    total: parent.fanOut.total,
    created: parent.fanOut.created,
    pending: parent.fanOut.pending,
    byStage: groups,
  };
}
