/**
 * Grid nodes by id for any module that resolves nodes (routing, scopes, names in lists): read once per function
 * instance and kept five minutes (the grid changes rarely: 1 + 16 + 273 nodes).
 */
import type { GridNode } from '../../typings/grid';
import type { Database } from '../runtime/db';
import { readAll } from '../runtime/paging';

const GRID_NODES = 'grid_nodes';
const TTL_MS = 300_000;

let gridCache: { at: number; byId: Map<string, GridNode> } | null = null;

/** Grid nodes by id, cached per function instance. */
export async function gridIndex(db: Database): Promise<Map<string, GridNode>> {
  if (gridCache && Date.now() - gridCache.at < TTL_MS) return gridCache.byId;
  const data = await readAll<GridNode>(db, GRID_NODES, {});
  gridCache = { at: Date.now(), byId: new Map(data.map((n) => [n._id, n])) };
  return gridCache.byId;
}
