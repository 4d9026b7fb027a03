/** The grid (city → town → village) as the pages need it. */
import type { ApiResult, GridTreeNode } from '@union/contracts';
import { callApi } from './api';

/** A town with its villages, as the grid page lists it. */
export interface TownView {
  id: string;
  name: string;
  villageCount: number;
  villages: Array<{ id: string; name: string }>;
}

export interface GridOverview {
  cityName: string;
  towns: TownView[];
  townCount: number;
  villageCount: number;
}

/** Shape the tree into what the page shows. */
export function toOverview(root: GridTreeNode, towns: number, villages: number): GridOverview {
  return {
    cityName: root.name,
    townCount: towns,
    villageCount: villages,
    towns: root.children.map((town) => ({
      id: town._id,
      name: town.name,
      villageCount: town.children.length,
      villages: town.children.map((v) => ({ id: v._id, name: v.name })),
    })),
  };
}

/** Load the whole grid. */
export async function loadGrid(): Promise<ApiResult<GridOverview>> {
  const result = await callApi('grid', 'tree', {});
  if (!result.ok) return result;
  return { ok: true, data: toOverview(result.data.root, result.data.towns, result.data.villages) };
}

let cached: GridOverview | null = null;

/** The grid, loaded once per app run (it changes rarely). */
export async function gridOnce(): Promise<ApiResult<GridOverview>> {
  if (cached) return { ok: true, data: cached };
  const result = await loadGrid();
  if (result.ok) cached = result.data;
  return result;
}

/** `t15-v01` → `万家乡 翠林山村` (empty when unknown). */
export function villageLabel(grid: GridOverview, villageId: string): string {
  for (const town of grid.towns) {
    const village = town.villages.find((v) => v.id === villageId);
    if (village) return `${town.name} ${village.name}`;
  }
  return '';
}
