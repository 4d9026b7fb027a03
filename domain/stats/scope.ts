/**
 * Whose figures a caller may see: a staff member sees their own node and every node below it (the city all towns
 * and villages, a town its villages, a village itself) — never a sibling or anything above. A person who is not
 * active staff sees nothing.
 */
import type { GridNode } from '../../typings/grid';
import type { HandlerContext } from '../runtime/context';
import { forbidden, notFound } from '../runtime/errors';
import { gridIndex } from '../grid/cache';
import { loadActor, requireStaff, type Actor, type StaffScope } from '../people/actor';

/** The node whose figures are computed, and the grid nodes a document may belong to for it. */
export interface StatsScope {
  node: GridNode;
  /** Node ids a document's node field must be one of; null = everything (the city). */
  origins: string[] | null;
  /** The node's children, for the ranking (towns of the city, villages of a town, none below). */
  children: GridNode[];
  grid: Map<string, GridNode>;
}

const byOrder = (a: GridNode, b: GridNode) => a.order - b.order || a._id.localeCompare(b._id);

/** Every node at or below `node` (ids), from the grid. */
export function subtreeIds(grid: Map<string, GridNode>, nodeId: string): string[] {
  const out: string[] = [];
  for (const n of grid.values()) if (n.path.includes(nodeId)) out.push(n._id);
  return out.sort();
}

/** The scope of `nodeId` (a node in the grid) for the figures. */
export function scopeOf(grid: Map<string, GridNode>, node: GridNode): StatsScope {
  const children = [...grid.values()].filter((n) => n.parentId === node._id).sort(byOrder);
  return { node, origins: node.level === 'city' ? null : subtreeIds(grid, node._id), children, grid };
}

/**
 * Resolve the caller and the node asked for (default: their own). FORBIDDEN for a node outside their scope — a
 * town asking for another town, a village for its town or the city — and for anyone not active staff.
 */
export async function statsScopeFor(
  ctx: HandlerContext,
  nodeId: string | undefined,
): Promise<{ actor: Actor; staff: StaffScope; scope: StatsScope }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const grid = await gridIndex(ctx.db);
  const node = grid.get(nodeId ?? staff.gridNodeId);
  if (!node) throw notFound('没有这个城市、乡镇或村（社区）');
  if (!node.path.includes(staff.gridNodeId)) throw forbidden('只能查看本级及下级的统计');
  return { actor, staff, scope: scopeOf(grid, node) };
}
