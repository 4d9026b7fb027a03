/** Contract of the `grid` function: the city → town → village tree. */
import { z } from 'zod';
import { action, NoInput } from './api';

export const GRID_LEVELS = ['city', 'town', 'village'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

/** One node of the three-level grid. */
export interface GridNode {
  _id: string;
  name: string;
  level: GridLevel;
  parentId: string | null;
  /** Ids from the city down to this node, inclusive. */
  path: string[];
  /** Sort order among siblings. */
  order: number;
  /** True where the name was generated for demo data (only 万家乡翠林山村 and the towns are real). */
  generatedName?: boolean;
  /** Village or community (村/社区), for villages only. */
  kind?: 'village' | 'community';
}

/** A node with its children, as the tree action returns it. */
export interface GridTreeNode {
  _id: string;
  name: string;
  level: GridLevel;
  generatedName?: boolean;
  children: GridTreeNode[];
}

export const GridNodeIdInput = z.object({ nodeId: z.string().trim().min(1).max(64) }).strict();

export const gridContract = {
  /** The whole tree from the city down. */
  tree: action(NoInput).returns<{ root: GridTreeNode; towns: number; villages: number }>(),
  /** A node and its ancestors, city first. */
  path: action(GridNodeIdInput).returns<{ path: GridNode[] }>(),
  /** The direct children of a node (e.g. the villages of a town). */
  children: action(GridNodeIdInput).returns<{ nodes: GridNode[] }>(),
};
