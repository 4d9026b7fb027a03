/**
 * Supervision (督导) of foundings: town staff see their town, the city every town (or one): requests by step, the
 * overdue ones, and the unions founded online (entered the registry through this service).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { readAll } from '../runtime/paging';
import { gridIndex } from '../grid/cache';
import { loadActor, requireStaff } from '../people/actor';
import { CASES, type CaseDoc } from '../cases/store';
import type { FoundingBoard } from '../../typings/founding';
import { foundingCaseType } from './types';
import { FOUNDING_TYPE } from './store';

/** Steps after the union entered the registry. */
export const FOUNDED_STATES: readonly string[] = [
  foundingCaseType.state.legal_person,
  foundingCaseType.state.certified,
];

export async function foundingBoard(ctx: HandlerContext, nodeId?: string): Promise<FoundingBoard> {
  const staff = requireStaff(await loadActor(ctx), ['town_staff', 'city_admin']);
  const grid = await gridIndex(ctx.db);
  const scopeId = nodeId ?? staff.gridNodeId;
  const node = grid.get(scopeId);
  if (!node || !node.path.includes(staff.gridNodeId))
    throw new AppError('FORBIDDEN', '只能查看您管辖范围内的建会情况', 'nodeId');
  if (node.level === 'village') throw new AppError('INVALID_INPUT', '建会情况按乡镇统计，请选择乡镇', 'nodeId');
  const filter = node.level === 'town' ? { type: FOUNDING_TYPE, townId: node._id } : { type: FOUNDING_TYPE };
  const all = await readAll<CaseDoc>(ctx.db, CASES, filter);
  const now = ctx.now().getTime();
  const isOverdue = (c: CaseDoc) => c.open && c.dueAt !== null && new Date(c.dueAt).getTime() < now;
  const steps = Object.entries(foundingCaseType.states).map(([state, decl]) => {
    const here = all.filter((c) => c.status === state);
    return { state, label: decl.label, count: here.length, overdue: here.filter(isOverdue).length };
  });
  return {
    scopeName: node.level === 'city' ? '全市' : node.name,
    steps,
    foundedOnline: all.filter((c) => FOUNDED_STATES.includes(c.status)).length,
    open: all.filter((c) => c.open).length,
    overdue: all.filter(isOverdue).length,
  };
}
