/** What a state means for a case's bookkeeping: open on the queues or not, when it is due, one atomic write. */
import { addWorkingDays, type WorkCalendar } from '../../common/china-time';
import type { HandlerContext } from '../runtime/context';
import type { Transaction } from '../runtime/db';
import { inTransaction } from '../runtime/db-errors';
import { conflict } from '../runtime/errors';
import type { AnyCaseType } from './declaration';
import { timeLimitDays } from './registry';

/** When a state entered now is due (null without a limit). */
export function dueFor(decl: AnyCaseType, state: string, now: Date, cal: WorkCalendar): Date | null {
  const days = timeLimitDays(decl, state);
  return days === undefined ? null : addWorkingDays(now, days, cal);
}

/** True while staff have work on a case in this state (not terminal, not settled). */
export function isOpen(decl: AnyCaseType, state: string): boolean {
  const s = decl.states[state];
  return Boolean(s && !s.terminal && !s.settled);
}

/** Run a transaction body and commit; a write conflict or duplicate history entry becomes CONFLICT. */
export const inCaseTransaction = (ctx: HandlerContext, body: (tx: Transaction) => Promise<void>): Promise<void> =>
  inTransaction(ctx.db, body, { conflict: () => conflict('该事项刚被他人处理，请刷新后查看') });
