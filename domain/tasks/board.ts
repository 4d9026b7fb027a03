/**
 * The issuer's view of a task (督办台): every recipient's part with its state, light and deadline, grouped by town,
 * with the counts in words (signed, finished, late, unsigned). Read from the parts themselves (one read of a
 * task's parts: 273 at most per task), so it is never out of step with them.
 */
import type { HandlerContext } from '../runtime/context';
import { notFound } from '../runtime/errors';
import { readAll } from '../runtime/paging';
import { gridIndex } from '../grid/cache';
import { relation, type EngineActor } from '../cases/machine';
import { CASES, getCase, type CaseDoc } from '../cases/store';
import {
  TASK_KIND_LABELS,
  type TaskBoard,
  type TaskBoardRow,
  type TaskBoardTown,
  type TaskForm,
} from '../../typings/tasks';
import { effectiveDeadline, lightLabel, lightOf } from './deadline';
import { taskCaseType, taskItemCaseType } from './types';

const ITEM = taskItemCaseType.state;

/** A task the actor may supervise: staff whose scope holds the issuing node, or its issuer. Else NOT_FOUND. */
export async function supervisedTask(ctx: HandlerContext, actor: EngineActor, taskId: string): Promise<CaseDoc> {
  const c = await getCase(ctx.db, taskId);
  if (!c || c.type !== taskCaseType.type || relation(c, actor) === 'none') throw notFound('任务不存在');
  return c;
}

export const partsOf = (ctx: HandlerContext, taskId: string) => readAll<CaseDoc>(ctx.db, CASES, { parentId: taskId });

export function partRow(c: CaseDoc, name: string, now: Date): TaskBoardRow {
  const finished = c.status === ITEM.done;
  const deadline = effectiveDeadline(c);
  const light = lightOf(deadline, finished, now);
  const ext = c.data?.extension as { newDate?: string } | null | undefined;
  const note =
    c.status === ITEM.extension_requested && ext?.newDate
      ? `申请延期至 ${ext.newDate}`
      : c.data?.deadline
        ? `已延期至 ${deadline}`
        : '';
  return {
    caseId: c._id,
    name,
    statusLabel: taskItemCaseType.states[c.status as keyof typeof taskItemCaseType.states]?.label ?? '',
    light,
    lightLabel: lightLabel(light),
    signed: c.status !== ITEM.assigned,
    finished,
    deadline,
    note,
  };
}

function count(rows: readonly TaskBoardRow[]) {
  return {
    total: rows.length,
    signed: rows.filter((r) => r.signed).length,
    finished: rows.filter((r) => r.finished).length,
    late: rows.filter((r) => r.light === 'red').length,
  };
}

export async function taskBoard(ctx: HandlerContext, task: CaseDoc): Promise<TaskBoard> {
  const [parts, grid] = await Promise.all([partsOf(ctx, task._id), gridIndex(ctx.db)]);
  const now = ctx.now();
  const byTown = new Map<string, TaskBoardRow[]>();
  for (const p of parts.sort((a, b) => a._id.localeCompare(b._id))) {
    const townId = p.nodePath[1] ?? p.nodeId;
    const node = grid.get(p.nodeId);
    const rows = byTown.get(townId) ?? [];
    rows.push(partRow(p, node?.name ?? p.applicantName, now));
    byTown.set(townId, rows);
  }
  const towns: TaskBoardTown[] = [...byTown.entries()].map(([townId, rows]) => ({
    townId,
    name: grid.get(townId)?.name ?? '',
    ...count(rows),
    rows,
  }));
  const all = towns.flatMap((t) => t.rows);
  const totals = count(all);
  const form = task.form as TaskForm;
  const unit = form.reach === 'villages' ? '个村' : '个单位';
  const expected = task.fanOut?.total ?? all.length;
  return {
    taskId: task._id,
    title: form.title,
    kindLabel: TASK_KIND_LABELS[form.kind],
    deadline: form.deadline,
    ...totals,
    total: expected,
    created: all.length,
    unsigned: totals.total - totals.signed,
    summary:
      `共 ${expected} ${unit}：已签收 ${totals.signed}，已完成 ${totals.finished}，未签收 ${totals.total - totals.signed}` +
      `，逾期 ${totals.late}${all.length < expected ? `（正在下发，已送达 ${all.length}）` : ''}`,
    towns,
  };
}
