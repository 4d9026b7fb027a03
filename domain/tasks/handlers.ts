/** Handlers of the `tasks` function (`typings/tasks.ts`): thin wiring of identity and the task modules. */
import type { tasksContract, TaskForm, TaskListItem } from '../../typings/tasks';
import { TASK_KIND_LABELS } from '../../typings/tasks';
import type { Handlers } from '../runtime/function';
import { AppError, notFound } from '../runtime/errors';
import { readAll } from '../runtime/paging';
import { loadActor, requireStaff } from '../people/actor';
import { writeAudit } from '../audit/audit';
import { availableActions, relation } from '../cases/machine';
import { CASES, getCase, type CaseDoc } from '../cases/store';
import { issueCapture, TASK_CAPTURES, CAPTURE_TTL_MS } from './captures';
import { partRow, partsOf, supervisedTask, taskBoard } from './board';
import { exportBoard } from './export';
import { partView } from './part';
import { remindParts } from './remind';
import { effectiveDeadline, lightLabel, lightOf } from './deadline';
import { taskCaseType, taskItemCaseType } from './types';

/** Of the function's 20 s, sending one tap's reminders takes at most this long; the outbox pass sends the rest. */
const REMIND_BUDGET_MS = 10_000;

/** Tickets one person may hold for one part within the ticket lifetime (9 photos, retakes). */
const MAX_LIVE_TICKETS = 30;

/** Only the issuing node's staff remind and export (staff above see the board). */
function requireIssuer(task: CaseDoc, staffNodeId: string) {
  if (task.initiator?.kind !== 'node' || task.initiator.nodeId !== staffNodeId)
    throw new AppError('FORBIDDEN', '只有下发任务的单位可以催办或导出');
}

export const tasksHandlers: Handlers<typeof tasksContract> = {
  async captureStart({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    const c = await getCase(ctx.db, caseId);
    if (!c || c.type !== taskItemCaseType.type || relation(c, actor) === 'none') throw notFound('任务不存在');
    if (!availableActions(taskItemCaseType, c, actor).some((a) => a.action === taskItemCaseType.verb.report))
      throw new AppError('PRECONDITION_FAILED', '当前不能拍摄上报，请先签收');
    const since = new Date(ctx.now().getTime() - CAPTURE_TTL_MS);
    const live = await ctx.db
      .collection(TASK_CAPTURES)
      .where({ caseId, openid: actor.openid, issuedAt: ctx.db.command.gte(since) })
      .count();
    if (live.total >= MAX_LIVE_TICKETS) throw new AppError('RATE_LIMITED', '拍摄过于频繁，请稍后再试');
    const ticket = await issueCapture(ctx, actor.openid, caseId);
    return { captureId: ticket._id, serverTime: ticket.issuedAt.toISOString() };
  },

  async part({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    return partView(ctx, actor, caseId);
  },

  async board({ taskId }, ctx) {
    const actor = await loadActor(ctx);
    requireStaff(actor);
    return taskBoard(ctx, await supervisedTask(ctx, actor, taskId));
  },

  async remind({ taskId }, ctx) {
    const actor = await loadActor(ctx);
    const staff = requireStaff(actor);
    const task = await supervisedTask(ctx, actor, taskId);
    requireIssuer(task, staff.gridNodeId);
    const now = ctx.now();
    const due = (await partsOf(ctx, taskId)).filter((p) => {
      const row = partRow(p, '', now);
      return !row.finished && (!row.signed || row.light === 'red');
    });
    return remindParts(
      ctx,
      due.map((part) => ({ part, why: 'manual' as const })),
      REMIND_BUDGET_MS,
      staff.gridNodeId,
    );
  },

  async export({ taskId }, ctx) {
    const actor = await loadActor(ctx);
    const staff = requireStaff(actor);
    const task = await supervisedTask(ctx, actor, taskId);
    requireIssuer(task, staff.gridNodeId);
    const out = await exportBoard(ctx, await taskBoard(ctx, task));
    await writeAudit(ctx, {
      action: 'task.export',
      targetType: 'case',
      targetId: taskId,
      detail: {},
      actor: { openid: actor.openid, personId: actor.personId, staff: { ...staff, gridPath: [...staff.gridPath] } },
    });
    return out;
  },

  async list({ box }, ctx) {
    const actor = await loadActor(ctx);
    const staff = requireStaff(actor);
    const now = ctx.now();
    if (box === 'issued') {
      const tasks = await readAll<CaseDoc>(ctx.db, CASES, { type: taskCaseType.type, nodeId: staff.gridNodeId });
      const items: TaskListItem[] = [];
      for (const t of tasks.sort((a, b) => +new Date(b.createdAt) - +new Date(a.createdAt))) {
        const form = t.form as TaskForm;
        items.push({
          caseId: t._id,
          title: form.title,
          kindLabel: TASK_KIND_LABELS[form.kind],
          statusLabel: taskCaseType.states[t.status as 'issued']?.label ?? '',
          deadline: form.deadline,
          light: 'green',
          lightLabel: '',
          line: `发往${t.applicantName}`,
        });
      }
      return { items };
    }
    const parts = await readAll<CaseDoc>(ctx.db, CASES, { type: taskItemCaseType.type, nodeId: staff.gridNodeId });
    const items = parts
      .sort((a, b) => effectiveDeadline(a).localeCompare(effectiveDeadline(b)))
      .map((p): TaskListItem => {
        const form = p.form as TaskForm;
        const light = lightOf(effectiveDeadline(p), p.status === taskItemCaseType.state.done, now);
        const issuer = p.initiator?.kind === 'node' ? p.initiator.nodeId : '';
        return {
          caseId: p._id,
          title: form.title,
          kindLabel: TASK_KIND_LABELS[form.kind],
          statusLabel: taskItemCaseType.states[p.status as 'assigned']?.label ?? '',
          deadline: effectiveDeadline(p),
          light,
          lightLabel: lightLabel(light),
          line: issuer === 'city' ? '市总工会下发' : '上级下发',
        };
      });
    return { items };
  },
};
