/**
 * Lists with keyset cursors, so the cost of a page stays flat however many cases exist:
 * staff queues order by `dueKey` (`<due ms>|<_id>`, scalar, indexed with the scope keys), the
 * applicant's own list by `createdKey`. The cursor is the last key of the previous page.
 */
import type { CasePage, QueueInput, MyCasesInput } from '../../typings/cases';
import type { z } from 'zod';
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden } from '../runtime/errors';
import type { EngineActor } from './machine';
import { CASES, instantKey, type CaseDoc } from './store';
import { gridIndex } from '../grid/cache';
import { toSummary } from './views';

/** A staff member's open cases in scope, by due date (unanswered consultations first: they have deadlines). */
export async function staffQueue(
  ctx: HandlerContext,
  actor: EngineActor,
  input: z.output<typeof QueueInput>,
): Promise<CasePage> {
  const staff = actor.staff;
  if (!staff) throw forbidden('仅限工作人员查看');
  const _ = ctx.db.command;
  const grid = await gridIndex(ctx.db);
  const where: Record<string, unknown> = { open: true };
  if (staff.role === 'village_collector') where.villageId = staff.gridNodeId;
  if (staff.role === 'town_staff') where.townId = staff.gridNodeId;
  for (const field of ['townId', 'villageId'] as const) {
    const id = input[field];
    if (!id) continue;
    const node = grid.get(id);
    if (!node || node.level !== (field === 'townId' ? 'town' : 'village'))
      throw new AppError('NOT_FOUND', '网格不存在', field);
    if (!node.path.includes(staff.gridNodeId)) throw new AppError('FORBIDDEN', '不在您的管辖范围内', field);
    where[field] = id;
  }
  if (input.type) where.type = input.type;
  if (input.status) where.status = input.status;
  if (input.level) where.level = input.level;
  if (input.held !== undefined) where.held = input.held;
  const now = ctx.now();
  const range = [];
  if (input.cursor) range.push(_.gt(input.cursor));
  if (input.overdue === true) range.push(_.lt(instantKey(now)));
  if (input.overdue === false) range.push(_.gte(instantKey(now)));
  if (range.length === 1) where.dueKey = range[0];
  if (range.length === 2) where.dueKey = _.and(range[0], range[1]);
  const limit = input.limit ?? 20;
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where(where)
    .orderBy('dueKey', 'asc')
    .limit(limit + 1)
    .get();
  const page = data.slice(0, limit);
  return {
    items: page.map((c) => toSummary(c, grid, now)),
    nextCursor: data.length > limit ? page[page.length - 1].dueKey : null,
  };
}

/**
 * The caller's own cases, newest first: those about their person (whoever filed them — a case filed for them
 * before they claimed their profile shows up once they have), or, without a profile, those filed from their
 * WeChat.
 */
export async function myCases(
  ctx: HandlerContext,
  actor: EngineActor,
  input: z.output<typeof MyCasesInput>,
): Promise<CasePage> {
  const _ = ctx.db.command;
  const where: Record<string, unknown> = actor.personId
    ? { personId: actor.personId }
    : { applicantOpenid: actor.openid };
  if (input.type) where.type = input.type;
  if (input.cursor) where.createdKey = _.lt(input.cursor);
  const limit = input.limit ?? 20;
  const grid = await gridIndex(ctx.db);
  const { data } = await ctx.db
    .collection<CaseDoc>(CASES)
    .where(where)
    .orderBy('createdKey', 'desc')
    .limit(limit + 1)
    .get();
  const page = data.slice(0, limit);
  const now = ctx.now();
  return {
    items: page.map((c) => toSummary(c, grid, now)),
    nextCursor: data.length > limit ? page[page.length - 1].createdKey : null,
  };
}
