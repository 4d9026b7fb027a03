/** A node's dashboard: every declared section computed for its scope, with trends and the ranking of its children. */
import type { HandlerContext } from '../runtime/context';
import { chinaMinute } from '../../common/china-time';
import type { Dashboard } from '../../typings/stats';
import type { StaffScope } from '../people/actor';
import { computeSection } from './compute';
import { statsSections, type FigureEnv } from './declaration';
import type { StatsScope } from './scope';

export async function dashboardOf(
  ctx: HandlerContext,
  staff: StaffScope,
  scope: StatsScope,
  opts: { trends: boolean; ranking: boolean } = { trends: true, ranking: true },
): Promise<Dashboard> {
  const env: FigureEnv = { now: ctx.now(), cmd: ctx.db.command };
  const sections = await Promise.all(statsSections().map((s) => computeSection(ctx, s, scope, env, opts)));
  const level = scope.node.level as Dashboard['node']['level'];
  const home = scope.grid.get(staff.gridNodeId);
  return {
    node: { _id: scope.node._id, name: scope.node.name, level, path: [...scope.node.path] },
    children: scope.children.map((c) => ({ _id: c._id, name: c.name })),
    home: { _id: staff.gridNodeId, name: home?.name ?? '' },
    sections,
    asOf: chinaMinute(env.now),
  };
}
