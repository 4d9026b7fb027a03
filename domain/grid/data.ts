/**
 * The Songzi three-level grid as data: the city, its 16 real towns (from the article), and 273
 * villages and communities. Village names other than 万家乡翠林山村 are not public: they are
 * generated deterministically here and marked `generatedName: true`.
 */
import type { GridNode } from '../../typings/grid';

export const CITY_ID = 'city';
export const CITY_NAME = '松滋市';

/** The 16 towns in the article's order, with how many villages/communities each gets (sums to 273). */
export const TOWNS: ReadonlyArray<{ name: string; villages: number; urban?: boolean }> = [
  { name: '新江口街道', villages: 22, urban: true },
  { name: '南海镇', villages: 20 },
  { name: '八宝镇', villages: 19 },
  { name: '涴市镇', villages: 17 },
  { name: '老城镇', villages: 18 },
  { name: '陈店镇', villages: 16 },
  { name: '王家桥镇', villages: 17 },
  { name: '斯家场镇', villages: 16 },
  { name: '杨林市镇', villages: 18 },
  { name: '纸厂河镇', villages: 15 },
  { name: '街河市镇', villages: 17 },
  { name: '洈水镇', villages: 16 },
  { name: '刘家场镇', villages: 18 },
  { name: '沙道观镇', villages: 17 },
  { name: '万家乡', villages: 14 },
  { name: '卸甲坪土家族乡', villages: 13 },
];

export const REAL_VILLAGE = { town: '万家乡', name: '翠林山村' };

const FIRST = [
  '青',
  '石',
  '桃',
  '柳',
  '杨',
  '松',
  '竹',
  '梅',
  '金',
  '银',
  '白',
  '黄',
  '红',
  '新',
  '太',
  '长',
  '清',
  '双',
  '三',
  '龙',
  '凤',
  '马',
  '高',
  '平',
  '永',
  '福',
  '兴',
  '和',
  '安',
  '丰',
];
const SECOND = [
  '林',
  '山',
  '河',
  '湖',
  '桥',
  '岭',
  '溪',
  '岗',
  '坪',
  '湾',
  '口',
  '台',
  '塘',
  '港',
  '峰',
  '冲',
  '垸',
  '坡',
  '园',
  '洲',
];
const COMMUNITY = [
  '民主',
  '建设',
  '人民',
  '朝阳',
  '振兴',
  '文化',
  '幸福',
  '和谐',
  '新华',
  '东方',
  '滨江',
  '金松',
  '玉岭',
  '临港',
  '白云',
  '园林',
  '春晖',
  '锦绣',
  '裕华',
  '清风',
  '新城',
  '华府',
];

export const townId = (index: number) => `t${String(index + 1).padStart(2, '0')}`;
export const villageId = (townIndex: number, index: number) =>
  `${townId(townIndex)}-v${String(index + 1).padStart(2, '0')}`;

/** Every grid node, city first, then each town followed by its villages; deterministic. */
export function buildGrid(): GridNode[] {
  const nodes: GridNode[] = [
    { _id: CITY_ID, name: CITY_NAME, level: 'city', parentId: null, path: [CITY_ID], order: 0 },
  ];
  const used = new Set<string>([REAL_VILLAGE.name]);
  // mulberry32: a small deterministic generator in 32-bit integer arithmetic.
  let seed = 7;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  TOWNS.forEach((town, t) => {
    const tid = townId(t);
    nodes.push({ _id: tid, name: town.name, level: 'town', parentId: CITY_ID, path: [CITY_ID, tid], order: t });
    for (let v = 0; v < town.villages; v += 1) {
      const vid = villageId(t, v);
      const isReal = town.name === REAL_VILLAGE.town && v === 0;
      let name = REAL_VILLAGE.name;
      let kind: 'village' | 'community' = 'village';
      if (!isReal) {
        if (town.urban && v < COMMUNITY.length - 4) {
          kind = 'community';
          name = `${COMMUNITY[v]}社区`;
        } else {
          do {
            name = `${FIRST[next() % FIRST.length]}${SECOND[next() % SECOND.length]}村`;
          } while (used.has(name));
        }
        used.add(name);
      }
      nodes.push({
        _id: vid,
        name,
        level: 'village',
        parentId: tid,
        path: [CITY_ID, tid, vid],
        order: v,
        kind,
        ...(isReal ? {} : { generatedName: true }),
      });
    }
  });
  return nodes;
}
