import { buildGrid, REAL_VILLAGE, TOWNS } from '../../domain/grid/data';
import { assembleTree, isWithin } from '../../domain/grid/tree';

describe('the Songzi grid', () => {
  const nodes = buildGrid();

  it('has one city, the 16 towns of the article in order, and 273 villages and communities', () => {
    expect(nodes.filter((n) => n.level === 'city')).toHaveLength(1);
    expect(nodes.filter((n) => n.level === 'town').map((n) => n.name)).toEqual(TOWNS.map((t) => t.name));
    expect(nodes.filter((n) => n.level === 'village')).toHaveLength(273);
  });

  it('keeps the one real village name and marks every other village name as generated', () => {
    const villages = nodes.filter((n) => n.level === 'village');
    const real = villages.filter((n) => !n.generatedName);
    expect(real).toHaveLength(1);
    expect(real[0].name).toBe(REAL_VILLAGE.name);
    expect(nodes.find((n) => n._id === real[0].parentId)?.name).toBe(REAL_VILLAGE.town);
  });

  it('gives unique ids and village names within a town, and paths from the city down', () => {
    expect(new Set(nodes.map((n) => n._id)).size).toBe(nodes.length);
    for (const node of nodes) {
      expect(node.path[node.path.length - 1]).toBe(node._id);
      expect(node.path[0]).toBe('city');
    }
    const names = nodes.filter((n) => n.level === 'village').map((n) => `${n.parentId}/${n.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is deterministic so seeds and tests agree', () => {
    expect(buildGrid()).toEqual(nodes);
  });

  it('assembles the nested tree whatever the input order', () => {
    const tree = assembleTree([...nodes].reverse());
    expect(tree.name).toBe('松滋市');
    expect(tree.children.map((t) => t.name)).toEqual(TOWNS.map((t) => t.name));
    expect(tree.children.reduce((sum, t) => sum + t.children.length, 0)).toBe(273);
  });

  it('answers scope questions from paths', () => {
    const village = nodes.find((n) => n.level === 'village' && n.parentId === 't03')!;
    expect(isWithin(village.path, 't03')).toBe(true);
    expect(isWithin(village.path, 'city')).toBe(true);
    expect(isWithin(village.path, 't04')).toBe(false);
  });
});
