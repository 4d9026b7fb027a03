/** Handlers of the `grid` function. The grid is public structure: any caller may read it. */
import { readAll } from '../runtime/paging';
import type { Handlers } from '../runtime/function';
import type { gridContract, GridNode } from '../../typings/grid';
import { notFound } from '../runtime/errors';
import type { Database } from '../runtime/context';
import { assembleTree } from './tree';

export const GRID_COLLECTION = 'grid_nodes';

/** All grid nodes (about 290), read whole, in sibling order. */
export async function loadGrid(db: Database): Promise<GridNode[]> {
  return (await readAll<GridNode>(db, GRID_COLLECTION, {})).sort((a, b) => a.order - b.order);
}

/** One node, or null. */
export async function findNode(db: Database, nodeId: string): Promise<GridNode | null> {
  const { data } = await db.collection<GridNode>(GRID_COLLECTION).where({ _id: nodeId }).limit(1).get();
  return data[0] ?? null;
}

export const gridHandlers: Handlers<typeof gridContract> = {
  async tree(_input, { db }) {
    const nodes = await loadGrid(db);
    return {
      root: assembleTree(nodes),
      towns: nodes.filter((n) => n.level === 'town').length,
      villages: nodes.filter((n) => n.level === 'village').length,
    };
  },
  async path({ nodeId }, { db }) {
    const node = await findNode(db, nodeId);
    if (!node) throw notFound('网格节点不存在');
    const _ = db.command;
    const { data } = await db
      .collection<GridNode>(GRID_COLLECTION)
      .where({ _id: _.in(node.path) })
      .get();
    const byId = new Map(data.map((n) => [n._id, n]));
    return { path: node.path.map((id) => byId.get(id)).filter((n): n is GridNode => Boolean(n)) };
  },
  async children({ nodeId }, { db }) {
    const node = await findNode(db, nodeId);
    if (!node) throw notFound('网格节点不存在');
    const data = await readAll<GridNode>(db, GRID_COLLECTION, { parentId: nodeId });
    return { nodes: data.sort((a, b) => a.order - b.order) };
  },
};
