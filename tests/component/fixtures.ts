/** Fixture builders for component tests: typed data as the functions answer it. */
import type { GridTreeNode, MyProfile } from '@union/contracts';

/** A small grid: a city with the given towns, each with `n` villages. */
export function gridTree(towns: Array<[name: string, villages: number]>): GridTreeNode {
  return {
    _id: 'city',
    name: '松滋市',
    level: 'city',
    children: towns.map(([name, n], t) => ({
      _id: `t${String(t + 1).padStart(2, '0')}`,
      name,
      level: 'town',
      children: Array.from({ length: n }, (_, v) => ({
        _id: `t${String(t + 1).padStart(2, '0')}-v${String(v + 1).padStart(2, '0')}`,
        name: `${name.slice(0, 1)}${v + 1}村`,
        level: 'village' as const,
        children: [],
      })),
    })),
  };
}

/** A profile as `people.me` answers it (masked). */
export function myProfile(overrides: Partial<MyProfile> = {}): MyProfile {
  return {
    personId: 'p1',
    name: '张三',
    idNumber: '4210**********1234',
    phone: '138****5678',
    gender: 'male',
    birthDate: '1985-03-12',
    homeVillageId: 't01-v01',
    categories: ['migrant'],
    workCity: '武汉',
    employer: '某建筑公司',
    claimed: true,
    enteredOnBehalf: false,
    masked: true,
    ...overrides,
  };
}

/** A grid answer for the village picker: `南海镇` with villages `南1村`, `南2村`. */
export const smallGrid = () => ({
  root: gridTree([
    ['南海镇', 2],
    ['万家乡', 1],
  ]),
  towns: 2,
  villages: 3,
});
