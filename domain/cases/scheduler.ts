/**
 * The `scheduler` function: a timer trigger runs the overdue scan and resends messages left
 * pending; a city administrator may run them on demand. Nobody else can.
 */
import type { SCHEDULER_TASKS, schedulerContract, SchedulerRun } from '../../typings/scheduler';
import type { Handlers } from '../runtime/function';
import type { HandlerContext } from '../runtime/context';
import { loadActor, requireStaff } from '../people/actor';
import { sendStalePending } from '../notify/outbox';
import { scanOverdue } from './overdue';
import { resumeFanOuts } from './fanout';
import { jobBudgetMs } from '../runtime/jobs';
import { scanTaskDeadlines } from '../tasks/remind';
import { scanAgreements } from '../agreements/remind';
import { scanFoundings } from '../founding/scan';

type SchedulerTask = (typeof SCHEDULER_TASKS)[number];

/** Of the scheduler's 60 s, task reminders take at most this long to send (the rest stay pending for the outbox). */
export const TASK_REMIND_BUDGET_MS = 10_000;

/** Of the scheduler's 60 s, fan-outs a submission left unfinished take at most this long a run. */
export const FAN_OUT_TIMER_BUDGET_MS = 15_000;

/** Run the scheduled tasks (all, or one). */
export async function runTasks(ctx: HandlerContext, task?: SchedulerTask): Promise<SchedulerRun> {
  const out: SchedulerRun = {};
  if (!task || task === 'fanout') out.fanout = await resumeFanOuts(ctx, jobBudgetMs(FAN_OUT_TIMER_BUDGET_MS));
  if (!task || task === 'overdue') out.overdue = await scanOverdue(ctx);
  if (!task || task === 'tasks') out.tasks = await scanTaskDeadlines(ctx, jobBudgetMs(TASK_REMIND_BUDGET_MS));
  if (!task || task === 'agreements') out.agreements = await scanAgreements(ctx);
  if (!task || task === 'founding') out.founding = await scanFoundings(ctx);
  if (!task || task === 'outbox') out.outbox = { resent: await sendStalePending(ctx) };
  return out;
}

export const schedulerHandlers: Handlers<typeof schedulerContract> = {
  async run({ task }, ctx) {
    requireStaff(await loadActor(ctx), ['city_admin']);
    return runTasks(ctx, task);
  },
};

/** Timer entry: only a real timer trigger gets here (the wrapper's trusted-timer rule, `runtime/trigger.ts`). */
export async function onSchedulerTimer(_trigger: string, ctx: HandlerContext): Promise<SchedulerRun> {
  return runTasks(ctx);
}
