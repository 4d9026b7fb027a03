/** Fixture builders for component tests: typed data as the functions answer it. */
import type { GridTreeNode } from '@union/contracts';

/** A small grid: a city with the given towns, each with `n` villages. */
export function gridTree(towns: Array<[name: string, villages: number]>): GridTreeNode {
  return {
    _id: 'city',
    name: '松滋市',
    level: 'city',
    children: towns.map(([name, n], t) => ({
      _id: `t${t + 1}`,
      name,
      level: 'town',
      children: Array.from({ length: n }, (_, v) => ({
        _id: `t${t + 1}-v${v + 1}`,
        name: `${name.slice(0, 1)}${v + 1}村`,
        level: 'village' as const,
        children: [],
      })),
    })),
  };
}
