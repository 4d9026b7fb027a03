/**
 * A node's dashboard: every declared section's figures for its scope (trends and the ranking of its children come
 * per section with `stats.section`, when its tab opens; the export computes them all).
 */
import type { HandlerContext } from '../runtime/context';
import { chinaMinute } from '../../common/china-time';
import type { Dashboard, DashboardSection } from '../../typings/stats';
import type { StaffScope } from '../people/actor';
import { computeSection } from './compute';
import { findSection, statsSections, type FigureEnv } from './declaration';
import { invalid } from '../runtime/errors';
import type { StatsScope } from './scope';

export async function dashboardOf(
  ctx: HandlerContext,
  staff: StaffScope,
  scope: StatsScope,
  opts: { trends: boolean; ranking: boolean } = { trends: false, ranking: false },
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

/** One section in full: its figures, trends and the ranking of the node's children. */
export async function sectionOf(ctx: HandlerContext, scope: StatsScope, key: string): Promise<DashboardSection> {
  const section = findSection(key);
  if (!section) throw invalid('section', '没有这个统计栏目');
  const env: FigureEnv = { now: ctx.now(), cmd: ctx.db.command };
  return computeSection(ctx, section, scope, env, { trends: true, ranking: true });
}
