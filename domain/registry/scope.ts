/**
 * Registry records and the grid: where a record sits (its town and, optionally, village), the filter that
 * restricts a list to a node's subtree, and the caller's scope. Staff act only inside their node's subtree:
 * a record outside it is answered as if it did not exist.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, invalid } from '../runtime/errors';
import type { GridNode } from '../../typings/grid';
import { gridIndex } from '../grid/cache';
import { inScope, loadActor, requireStaff, type Actor, type StaffScope } from '../people/actor';
import type { Placed } from './store';

/** The grid by id (cached per function instance). */
export const gridNodes = (ctx: Pick<HandlerContext, 'db'>): Promise<Map<string, GridNode>> => gridIndex(ctx.db);

/**
 * The place of a record from a town and an optional village of that town; errors name the field
 * (`<prefix>townId`, `<prefix>villageId`).
 */
export function placeOf(
  grid: Map<string, GridNode>,
  townId: string,
  villageId: string | null | undefined,
  prefix = 'fields.',
): Placed {
  const town = grid.get(townId);
  if (!town || town.level !== 'town') throw invalid(`${prefix}townId`, '所在乡镇不存在');
  if (!villageId) return { townId, villageId: null, path: town.path };
  const village = grid.get(villageId);
  if (!village || village.level !== 'village') throw invalid(`${prefix}villageId`, '所在村（社区）不存在');
  if (village.parentId !== townId) throw invalid(`${prefix}villageId`, '所在村（社区）不属于所选乡镇');
  return { townId, villageId, path: village.path };
}

/** `万家乡 · 翠林山村` (or the town alone). */
export function placeName(grid: Map<string, GridNode>, p: { townId: string; villageId: string | null }): string {
  const town = grid.get(p.townId)?.name ?? '';
  const village = p.villageId ? grid.get(p.villageId)?.name : undefined;
  return village ? `${town} · ${village}` : town;
}

/** The filter restricting a registry collection to a node's subtree (on the indexed scalar keys). */
export function subtree(path: readonly string[]): Record<string, string> {
  if (path.length >= 3) return { villageId: path[2] };
  if (path.length === 2) return { townId: path[1] };
  return {};
}

/** The caller as active staff, with the path of the node a list or export is for (their own by default). */
export async function staffAt(
  ctx: HandlerContext,
  nodeId: string | undefined,
): Promise<{ actor: Actor; staff: StaffScope; path: string[] }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  if (!nodeId) return { actor, staff, path: staff.gridPath };
  const node = (await gridNodes(ctx)).get(nodeId);
  if (!node) throw invalid('nodeId', '网格节点不存在');
  if (!inScope(staff, node.path)) throw forbidden('只能查看本辖区的信息');
  return { actor, staff, path: node.path };
}

/** Throws FORBIDDEN (naming the field) unless a record placed at `place` is inside the staff member's scope. */
export function requireInScope(staff: StaffScope, place: Placed, field = 'fields.townId'): void {
  if (!inScope(staff, place.path)) {
    throw new AppError('FORBIDDEN', '只能登记、修改本辖区的信息', field);
  }
}

/** Escape a search fragment for a database regular expression. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
