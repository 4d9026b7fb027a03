/** Grid nodes by name, as people read them: a village with its town in front (`万家乡翠林山村`). */
import type { GridNode } from '../../typings/grid';
import type { Database } from '../runtime/context';
import { loadGrid } from './handlers';

/** A function naming nodes of `grid`: towns and the city by their own name, villages with their town; '' if unknown. */
export function placeNamer(grid: ReadonlyMap<string, GridNode>): (nodeId: string) => string {
  return (nodeId) => {
    const node = grid.get(nodeId);
    if (!node) return '';
    if (node.level !== 'village') return node.name;
    const town = node.parentId ? grid.get(node.parentId) : undefined;
    return `${town?.name ?? ''}${node.name}`;
  };
}

/** The namer of the stored grid (one read of its ~290 nodes). */
export async function gridNamer(db: Database): Promise<(nodeId: string) => string> {
  return placeNamer(new Map((await loadGrid(db)).map((n) => [n._id, n])));
}
