/**
 * Figures of the registry (组织建设): units, unions, members, 建会率 and 入会率 with their definitions (the
 * organisation research notes, statistics section: 建会率 = units with a union, or covered by a joint union ÷ units
 * that should have one; 入会率 = members ÷ workers in unionised units — to be confirmed with the client). Records
 * sit at their town and village (`townId`, `villageId`).
 */
import { UNITS, UNIONS, type UnionRecord, type UnitRecord } from '../../registry/store';
import { unitSummary } from '../../registry/units';
import { unionSummary } from '../../registry/unions';
import { placeName } from '../../registry/scope';
import { registerSection, type FigureEnv, type RecordLister } from '../declaration';

/** A unit with this many workers or more should found a union (the other reading, all legal units, is `units`). */
export const SHOULD_FOUND_EMPLOYEES = 25;

const should = (env: FigureEnv) => ({ employees: env.cmd.gte(SHOULD_FOUND_EMPLOYEES) });
const covered = (env: FigureEnv) => ({ unionId: env.cmd.neq(null) });

/** Units and unions behind the figures: name, kind and size, where — never a contact or an officer. */
const unitRecords: RecordLister = (docs, grid) =>
  (docs as unknown as UnitRecord[]).map((u) => ({
    _id: u._id,
    title: u.name,
    summary: `${unitSummary(u)}${u.unionId ? ' · 已建会' : ' · 未建会'}`,
    place: placeName(grid, u),
    url: `/staff/pages/unit/index?id=${encodeURIComponent(u._id)}`,
  }));
const unionRecords: RecordLister = (docs, grid) =>
  (docs as unknown as UnionRecord[]).map((u) => ({
    _id: u._id,
    title: u.name,
    summary: unionSummary(u),
    place: placeName(grid, u),
    url: `/staff/pages/union/index?id=${encodeURIComponent(u._id)}`,
  }));

registerSection({
  key: 'registry',
  title: '组织建设',
  order: 42,
  collection: UNITS,
  place: 'town_village',
  groups: [
    {
      title: '单位与建会',
      figures: [
        { kind: 'count', key: 'units', label: '单位', stock: true, where: () => ({}) },
        {
          kind: 'count',
          key: 'units_should',
          label: '应建会单位',
          hint: `职工${SHOULD_FOUND_EMPLOYEES}人以上的单位`,
          stock: true,
          where: should,
        },
        {
          kind: 'count',
          key: 'units_should_covered',
          label: '应建会单位中已建会',
          hint: '有本单位工会，或被联合工会覆盖',
          stock: true,
          where: (env) => ({ ...should(env), ...covered(env) }),
        },
        {
          kind: 'ratio',
          key: 'founding_rate',
          label: '建会率',
          hint: `应建会单位中已建会（含联合工会覆盖）÷ 应建会单位（职工${SHOULD_FOUND_EMPLOYEES}人以上）`,
          of: 'units_should_covered',
          over: 'units_should',
        },
        {
          kind: 'count',
          key: 'units_covered',
          label: '已建会单位',
          hint: '全部单位中有工会或被联合工会覆盖的',
          stock: true,
          where: covered,
        },
      ],
    },
    {
      title: '工会与会员',
      figures: [
        { kind: 'count', key: 'unions', label: '工会组织', collection: UNIONS, stock: true, where: () => ({}) },
        {
          kind: 'sum',
          key: 'members',
          label: '会员',
          unit: 'count',
          collection: UNIONS,
          field: 'memberCount',
          stock: true,
          where: () => ({}),
        },
        {
          kind: 'sum',
          key: 'workers_covered',
          label: '已建会单位职工',
          unit: 'count',
          field: 'employees',
          stock: true,
          where: covered,
        },
        {
          kind: 'ratio',
          key: 'membership_rate',
          label: '入会率',
          hint: '会员 ÷ 已建会单位职工',
          of: 'members',
          over: 'workers_covered',
        },
      ],
    },
  ],
  ranking: { title: '建会排名', columns: ['units_should', 'founding_rate', 'membership_rate'] },
  records: { [UNITS]: unitRecords, [UNIONS]: unionRecords },
});
