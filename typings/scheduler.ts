/** Contract of the `scheduler` function: periodic scans (overdue cases, unsent messages). */
import { z } from 'zod';
import { action } from './api';

export const SCHEDULER_TASKS = ['overdue', 'outbox', 'fanout', 'tasks', 'agreements', 'founding'] as const;

/** What a run did. */
export interface SchedulerRun {
  /** `dueSoon`: staff reminders sent for cases due within half a working day (once per step). */
  overdue?: {
    scanned: number;
    escalated: number;
    reminded: number;
    dueSoon: number;
    /** False when the run stopped to stay inside the timeout: the next run continues where it stopped. */
    complete: boolean;
  };
  outbox?: { resent: number };
  /** Fan-outs continued (children a submission had no time to create), and how many still have some to create. */
  fanout?: { parents: number; pending: number };
  /** Tasks sent down: open parts scanned, reminders sent (yellow once, red once a day, to the node and the level above). */
  tasks?: { scanned: number; reminded: number };
  /**
   * Collective contracts: those scanned, put in force (15 days after filing without objection), ended at the end of
   * their term, and countdown reminders sent (to the enterprise's union and the town).
   */
  agreements?: { scanned: number; inForce: number; expired: number; reminded: number };
  /** Foundings: candidate publications ended after 7 days, the enterprise's step and certificate reminders sent. */
  founding?: { noticesEnded: number; stepReminders: number; certificateReminders: number };
}

export const RunTaskInput = z.object({ task: z.enum(SCHEDULER_TASKS).optional() }).strict();

export const schedulerContract = {
  /** City admin: run the scans now (the timer trigger runs them every 30 minutes). */
  run: action(RunTaskInput).returns<SchedulerRun>(),
};
