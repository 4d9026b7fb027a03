/**
 * Loading the grid into a database: from a file of towns and villages (the real grid of a deployment) or
 * from {@link buildGrid} (the demo). Nodes are checked as a tree first (ids, levels, parents, paths) and
 * written by `_id` (`doc().set`), so loading the same file twice changes nothing and a corrected name
 * replaces the old one. Used by the demo seed and by `npm run load -- grid` (local or `--cloud`).
 */
import type { GridNode } from '../../typings/grid';
import { CITY_ID, CITY_NAME } from './data';

/** The admin SDK's database, as far as loading uses it (`doc().set(data)`). */
export interface GridLoadDb {
  collection(name: string): { doc(id: string): { set(data: object): Promise<unknown> } };
}

/** A refused line of a grid file, by line number and column (no values beyond the id). */
export interface GridRowError {
  line: number;
  message: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * Grid nodes from the rows of a file with the header `townId,townName,villageId,villageName,kind`
 * (kind `village` or `community`; the city is added). Returns the nodes or the refused lines.
 */
export function gridFromRows(rows: string[][]): { nodes: GridNode[]; errors: GridRowError[] } {
  const [header, ...body] = rows;
  const want = ['townId', 'townName', 'villageId', 'villageName', 'kind'];
  if (!header || want.some((h, i) => header[i]?.trim() !== h))
    return { nodes: [], errors: [{ line: 1, message: `表头须为 ${want.join(',')}` }] };
  const nodes: GridNode[] = [
    { _id: CITY_ID, name: CITY_NAME, level: 'city', parentId: null, path: [CITY_ID], order: 0 },
  ];
  const towns = new Map<string, GridNode>();
  const villagesOf = new Map<string, number>();
  const seen = new Set<string>([CITY_ID]);
  const errors: GridRowError[] = [];
  body.forEach((raw, i) => {
    const line = i + 2;
    const [townId, townName, villageId, villageName, kind] = raw.map((c) => (c ?? '').trim());
    if (!townId && !villageId) return;
    if (!ID.test(townId ?? '')) return errors.push({ line, message: 'townId 须为小写字母、数字或连字符' });
    if (!ID.test(villageId ?? '')) return errors.push({ line, message: 'villageId 须为小写字母、数字或连字符' });
    if (!townName || !villageName) return errors.push({ line, message: '乡镇名称和村（社区）名称不能为空' });
    if (kind !== 'village' && kind !== 'community')
      return errors.push({ line, message: 'kind 须为 village 或 community' });
    let town = towns.get(townId);
    if (!town) {
      if (seen.has(townId)) return errors.push({ line, message: `编号 ${townId} 重复` });
      town = {
        _id: townId,
        name: townName,
        level: 'town',
        parentId: CITY_ID,
        path: [CITY_ID, townId],
        order: towns.size,
      };
      towns.set(townId, town);
      seen.add(townId);
      nodes.push(town);
    } else if (town.name !== townName) return errors.push({ line, message: `乡镇 ${townId} 的名称前后不一致` });
    if (seen.has(villageId)) return errors.push({ line, message: `编号 ${villageId} 重复` });
    seen.add(villageId);
    const order = villagesOf.get(townId) ?? 0;
    villagesOf.set(townId, order + 1);
    nodes.push({
      _id: villageId,
      name: villageName,
      level: 'village',
      parentId: townId,
      path: [CITY_ID, townId, villageId],
      order,
      kind,
    });
  });
  return { nodes, errors };
}

/** Problems with a set of nodes as a tree (empty when it is one). */
export function gridProblems(nodes: readonly GridNode[]): string[] {
  const byId = new Map(nodes.map((n) => [n._id, n]));
  const problems: string[] = [];
  if (byId.size !== nodes.length) problems.push('duplicate node ids');
  if (byId.get(CITY_ID)?.level !== 'city') problems.push('no city node');
  for (const n of nodes) {
    if (n.level === 'city') continue;
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const parentLevel = n.level === 'town' ? 'city' : 'town';
    if (!parent || parent.level !== parentLevel) problems.push(`${n._id}: parent is not a ${parentLevel}`);
    else if (JSON.stringify(n.path) !== JSON.stringify([...parent.path, n._id])) problems.push(`${n._id}: wrong path`);
  }
  return problems;
}

/** Write the nodes (checked as a tree first); returns how many were written. */
export async function loadGrid(db: GridLoadDb, nodes: readonly GridNode[]): Promise<number> {
  const problems = gridProblems(nodes);
  if (problems.length) throw new Error(`grid refused: ${problems.slice(0, 5).join('; ')}`);
  const coll = db.collection('grid_nodes');
  for (let i = 0; i < nodes.length; i += 20) {
    await Promise.all(nodes.slice(i, i + 20).map(({ _id, ...node }) => coll.doc(_id).set(node)));
  }
  return nodes.length;
}
