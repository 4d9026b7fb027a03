/**
 * Demo registry data, written through the real @cloudbase/node-sdk: units (单位) and union organisations
 * (工会组织) for every town — every one GENERATED and marked `demo: true`, with 示例 in its name so nobody takes
 * it for a real organisation — and the hardship archive (困难职工档案) for the demo hardship workers and the
 * sample households the aid checks use.
 *
 * `demo` (default): the fixed demo units (the people seed's employers, 万家乡's cooperative with a union and
 * its wood workshop without one), three generated units per town, a federation (工会联合会) per town, enterprise
 * unions, a joint union and a village union. `full`: the article's figures, 724 units and 468 unions.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import { buildGrid, TOWNS } from '../../domain/grid/data';
import type { GridNode } from '../../typings/grid';
import { envCipher, FieldCipher, type FieldKeys } from '../../domain/security/crypto';
import type {
  ArchivePersonRecord,
  ArchiveRecord,
  OfficerRecord,
  UnionRecord,
  UnitRecord,
} from '../../domain/registry/store';
import type { PersonRecord } from '../../domain/people/person';
import type { ArchiveCause, EconomicType, Industry, UnitType } from '../../typings/registry';
import { ARCHIVE_CAUSES } from '../../typings/registry';
import { normaliseArchiveName } from '../../domain/registry/archive';
import { archiveSamples, DEMO_APPLICANTS, DEMO_UNIT, makeCreditCode, type ArchiveSample } from './reference-samples';
import { fakeName, fakePhone } from './people';

/**
 * `items` in turns: the first of each town (in the order towns first appear), then the second of each, and so on —
 * a quota filled from the start reaches every town. Order within a town is kept.
 */
export function byTownInTurn<T>(items: readonly T[], townOf: (item: T) => string): T[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const town = townOf(item);
    const group = groups.get(town) ?? [];
    group.push(item);
    groups.set(town, group);
  }
  const out: T[] = [];
  for (let i = 0; out.length < items.length; i += 1)
    for (const group of groups.values()) if (i < group.length) out.push(group[i]);
  return out;
}

/** The article's figures for `--scale full`. */
export const FULL_REGISTRY = { units: 724, unions: 468 } as const;

export interface SeedRegistryOptions {
  scale?: string;
  keys?: FieldKeys;
}

const DAY = 86_400_000;
const WORDS = [
  '鑫达',
  '宏远',
  '华兴',
  '恒通',
  '金穗',
  '绿源',
  '鸿运',
  '荆楚',
  '江南',
  '楚天',
  '盛丰',
  '德胜',
  '永安',
  '长丰',
  '兴旺',
];
const SUFFIXES = [
  { text: '有限公司', industry: 'C' as Industry },
  { text: '建筑有限公司', industry: 'E' as Industry },
  { text: '商贸有限公司', industry: 'F' as Industry },
  { text: '物流有限公司', industry: 'G' as Industry },
  { text: '酒店', industry: 'H' as Industry },
  { text: '种植专业合作社', industry: 'A' as Industry },
  { text: '家政服务部', industry: 'O' as Industry },
  { text: '食品厂', industry: 'C' as Industry },
];
const ECONOMIC: EconomicType[] = [
  'private',
  'private',
  'private',
  'shareholding',
  'collective',
  'individual',
  'hmt',
  'state',
];

/** A town name without 镇/乡/街道 (and 土家族), for generated unit names. */
const stem = (name: string) => name.replace(/(土家族)?(乡|镇|街道)$/, '');

/** A deterministic spread of numbers from a seed (no Math.random: the demo is the same every time). */
const spread = (n: number, mod: number) => ((n * 2654435761) >>> 0) % mod;

interface Placed {
  townId: string;
  villageId: string | null;
  path: string[];
}

function place(grid: Map<string, GridNode>, townId: string, villageId: string | null): Placed {
  const node = grid.get(villageId ?? townId) as GridNode;
  return { townId, villageId, path: node.path };
}

function written(now: Date) {
  return { version: 0, demo: true, source: 'seed', createdAt: now, updatedAt: now, updatedBy: null };
}

interface UnitSpec {
  name: string;
  code: string;
  townId: string;
  villageId: string | null;
  employees: number;
  type?: UnitType;
  industry: Industry;
  economicType: EconomicType;
}

function unitRecord(
  spec: UnitSpec,
  seq: number,
  grid: Map<string, GridNode>,
  cipher: FieldCipher,
  now: Date,
): UnitRecord {
  const phone = fakePhone(900_000 + seq);
  const town = grid.get(spec.townId) as GridNode;
  return {
    _id: `unit-${String(seq).padStart(4, '0')}`,
    name: spec.name,
    creditCode: spec.code,
    creditCodeWarning: false,
    type: spec.type ?? 'enterprise',
    economicType: spec.economicType,
    industry: spec.industry,
    employees: spec.employees,
    womenEmployees: Math.floor(spec.employees * 0.4),
    address: `${town.name}示例路${seq}号`,
    legalRep: fakeName(500 + seq),
    contactName: fakeName(700 + seq),
    contactPhoneEnc: cipher.encrypt(phone),
    contactPhoneHash: cipher.blindIndex('phone', phone),
    unionId: null,
    ...place(grid, spec.townId, spec.villageId),
    ...written(now),
  };
}

/** The units of the demo: fixed ones first, then generated ones spread over the towns. */
function demoUnits(grid: Map<string, GridNode>, total: number | null): UnitSpec[] {
  const towns = [...grid.values()].filter((n) => n.level === 'town').sort((a, b) => a.order - b.order);
  const villagesOf = (townId: string) => [...grid.values()].filter((n) => n.parentId === townId);
  const fixed: UnitSpec[] = [
    {
      name: DEMO_UNIT.name,
      code: DEMO_UNIT.creditCode,
      townId: 't01',
      villageId: null,
      employees: 320,
      industry: 'C',
      economicType: 'private',
    },
    {
      name: '松滋示例纺织厂',
      code: makeCreditCode(1003),
      townId: 't02',
      villageId: 't02-v01',
      employees: 180,
      industry: 'C',
      economicType: 'private',
    },
    {
      name: '示例建材有限公司',
      code: makeCreditCode(1004),
      townId: 't03',
      villageId: null,
      employees: 64,
      industry: 'C',
      economicType: 'shareholding',
    },
    {
      name: '示例食品加工厂',
      code: makeCreditCode(1005),
      townId: 't04',
      villageId: 't04-v02',
      employees: 22,
      industry: 'C',
      economicType: 'private',
    },
    {
      name: '示例物流有限公司',
      code: makeCreditCode(1006),
      townId: 't05',
      villageId: null,
      employees: 48,
      industry: 'G',
      economicType: 'private',
    },
    {
      name: '万家乡示例茶叶专业合作社',
      code: makeCreditCode(1007),
      townId: 't15',
      villageId: 't15-v01',
      employees: 36,
      industry: 'A',
      economicType: 'collective',
    },
    {
      name: '万家乡示例竹木加工厂',
      code: makeCreditCode(1008),
      townId: 't15',
      villageId: 't15-v01',
      employees: 14,
      industry: 'C',
      economicType: 'private',
    },
    {
      name: '万家乡示例卫生院',
      code: makeCreditCode(1009),
      townId: 't15',
      villageId: null,
      employees: 28,
      type: 'institution',
      industry: 'Q',
      economicType: 'state',
    },
  ];
  const perTown = total === null ? 3 : Math.ceil((total - fixed.length) / towns.length);
  const generated: UnitSpec[] = [];
  towns.forEach((town, t) => {
    const villages = villagesOf(town._id);
    for (let k = 0; k < perTown; k += 1) {
      const seq = t * 1000 + k;
      const suffix = SUFFIXES[k % SUFFIXES.length];
      const word = WORDS[(k + t) % WORDS.length];
      const round = Math.floor(k / (WORDS.length * SUFFIXES.length));
      generated.push({
        name: `${stem(town.name)}${word}${round ? round + 1 : ''}示例${suffix.text}`,
        code: makeCreditCode(20_000 + seq),
        townId: town._id,
        villageId: k % 3 === 2 ? null : villages[(k * 7) % villages.length]._id,
        // About 60% have 25+ workers (an own union); the rest are small (joint unions cover some).
        employees: spread(seq + 1, 10) < 6 ? 25 + spread(seq + 7, 400) : 3 + spread(seq + 3, 21),
        industry: suffix.industry,
        economicType: ECONOMIC[spread(seq + 5, ECONOMIC.length)],
      });
    }
  });
  const all = [...fixed, ...generated];
  return total === null ? all : all.slice(0, total);
}

const term = (n: number): Omit<OfficerRecord, 'name' | 'post'> => {
  const start = 2021 + (n % 4);
  return { termStart: `${start}-01-01`, termEnd: `${start + 4}-12-31` };
};

function unionRecord(
  fields: Pick<UnionRecord, 'name' | 'type' | 'parentUnionId' | 'unitIds' | 'memberCount'> & Placed,
  seq: number,
  now: Date,
): UnionRecord {
  const registered = seq % 5 !== 4;
  const code = registered ? makeCreditCode(60_000 + seq).replace(/^91/, '81') : null;
  const year = 2008 + (seq % 16);
  // Certificates run 5 years from registration; some have run out or soon will (the detail page says so).
  const valid = registered ? `${2024 + (seq % 5)}-${String(1 + (seq % 12)).padStart(2, '0')}-28` : null;
  return {
    _id: `union-${String(seq).padStart(4, '0')}`,
    ...fields,
    creditCode: code,
    creditKey: code ?? `none:union-${String(seq).padStart(4, '0')}`,
    creditCodeWarning: false,
    foundedOn: `${year}-${String(1 + (seq % 12)).padStart(2, '0')}-15`,
    chairman: { name: fakeName(1200 + seq), post: 'chairman', ...term(seq) },
    committee: [
      { name: fakeName(1400 + seq), post: 'vice_chairman', ...term(seq) },
      { name: fakeName(1600 + seq), post: 'audit_head', ...term(seq) },
      { name: fakeName(1800 + seq), post: 'women_head', ...term(seq) },
    ],
    certificateValidUntil: valid,
    ...written(now),
  };
}

/** Unions for the units: a federation per town, enterprise unions, joint unions, village unions. */
function demoUnions(grid: Map<string, GridNode>, units: UnitRecord[], total: number | null, now: Date): UnionRecord[] {
  const towns = [...grid.values()].filter((n) => n.level === 'town').sort((a, b) => a.order - b.order);
  const unions: UnionRecord[] = [];
  let seq = 0;
  const federation = new Map<string, string>();
  for (const town of towns) {
    const u = unionRecord(
      {
        name: `${town.name}工会联合会（示例）`,
        type: 'town_federation',
        parentUnionId: null,
        unitIds: [],
        memberCount: 0,
        ...place(grid, town._id, null),
      },
      seq++,
      now,
    );
    federation.set(town._id, u._id);
    unions.push(u);
  }
  const full = total !== null;
  const villageTarget = full ? 40 : 1;
  const jointTarget = full ? 30 : 1;
  const enterpriseTarget = full ? total - towns.length - villageTarget - jointTarget : Infinity;
  const cover = (u: UnionRecord, covered: UnitRecord[]) => {
    for (const unit of covered) unit.unionId = u._id;
    unions.push(u);
  };
  let enterprises = 0;
  // At full scale town by town in turn, so that every town gets its share of the quota (not the first towns all);
  // the demo keeps its order (union ids and codes follow it).
  for (const unit of full ? byTownInTurn(units, (u) => u.townId) : units) {
    if (unit.employees < 25 || unit.type === 'institution' || enterprises >= enterpriseTarget) continue;
    enterprises += 1;
    cover(
      unionRecord(
        {
          name: `${unit.name}工会委员会`,
          type: 'enterprise',
          parentUnionId: federation.get(unit.townId) ?? null,
          unitIds: [unit._id],
          memberCount: Math.floor(unit.employees * 0.85),
          ...place(grid, unit.townId, unit.villageId),
        },
        seq++,
        now,
      ),
      [unit],
    );
  }
  // Joint unions: two or three small units of one town at a time (万家乡 first: its clinic and small firms).
  let joints = 0;
  const jointTowns = [...towns].sort((a, b) => (a._id === 't15' ? -1 : b._id === 't15' ? 1 : 0));
  for (const town of jointTowns) {
    const small = units.filter(
      (u) =>
        u.townId === town._id &&
        !u.unionId &&
        (u.employees < 25 || u.type === 'institution') &&
        u.name !== '万家乡示例竹木加工厂',
    );
    for (let i = 0; i + 1 < small.length && joints < jointTarget; i += 3) {
      const covered = small.slice(i, i + 3);
      joints += 1;
      const kind = ['个体', '商贸', '服务', '小微企业'][(i / 3) % 4];
      cover(
        unionRecord(
          {
            name: `${town.name}示例${kind}联合工会`,
            type: 'joint',
            parentUnionId: federation.get(town._id) ?? null,
            unitIds: covered.map((u) => u._id),
            memberCount: covered.reduce((s, u) => s + Math.floor(u.employees * 0.7), 0),
            ...place(grid, town._id, null),
          },
          seq++,
          now,
        ),
        covered,
      );
    }
  }
  // Village and community unions, from 万家乡翠林山村 on, until the count is reached.
  const villages = [...grid.values()].filter((n) => n.level === 'village');
  villages.sort((a, b) => (a._id === 't15-v01' ? -1 : b._id === 't15-v01' ? 1 : a._id.localeCompare(b._id)));
  const target = full ? total : unions.length + villageTarget;
  for (const village of full ? byTownInTurn(villages, (v) => v.parentId as string) : villages) {
    if (unions.length >= target) break;
    const town = village.parentId as string;
    unions.push(
      unionRecord(
        {
          name: `${village.name}工会（示例）`,
          type: village.kind === 'community' ? 'community' : 'village',
          parentUnionId: federation.get(town) ?? null,
          unitIds: [],
          memberCount: 20 + spread(seq, 60),
          ...place(grid, town, village._id),
        },
        seq++,
        now,
      ),
    );
  }
  // A federation counts the members of the unions below it.
  for (const u of unions) {
    if (u.type !== 'town_federation') continue;
    u.memberCount = unions.filter((x) => x.parentUnionId === u._id).reduce((s, x) => s + x.memberCount, 0);
  }
  return unions;
}

async function insertMany(app: AdminApp, collection: string, docs: object[]): Promise<void> {
  const coll = app.database().collection(collection);
  for (let i = 0; i < docs.length; i += 1000) await coll.add(docs.slice(i, i + 1000));
}

interface ArchiveSpec {
  fileNo: string;
  name: string;
  idHash: string;
  idEnc: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  villageId: string;
  category: ArchiveRecord['category'];
  cause: ArchiveCause;
  householdSize: number;
  status: 'active' | 'exited';
  family?: ArchiveRecord['family'];
}

function archiveRecord(spec: ArchiveSpec, n: number, grid: Map<string, GridNode>, now: Date): ArchiveRecord {
  const village = grid.get(spec.villageId) as GridNode;
  const town = grid.get(village.parentId as string) as GridNode;
  const opened = new Date(now.getTime() - (500 + spread(n, 900)) * DAY);
  // Every fifth file unchanged for over a year; every fourth never helped.
  const changed =
    n % 5 === 0 ? new Date(now.getTime() - 400 * DAY) : new Date(now.getTime() - (10 + spread(n, 200)) * DAY);
  const helped = n % 4 !== 0;
  const help = helped
    ? [
        {
          on: new Date(now.getTime() - 300 * DAY).toISOString().slice(0, 10),
          kind: 'visit' as const,
          amountFen: 50_000,
          note: '春节走访慰问',
          by: null,
          source: 'seed',
        },
        {
          on: new Date(now.getTime() - 90 * DAY).toISOString().slice(0, 10),
          kind: 'aid' as const,
          amountFen: 200_000,
          note: '困难帮扶金',
          by: null,
          source: 'seed',
        },
      ]
    : [];
  const exited = spec.status === 'exited';
  const exitAt = new Date(now.getTime() - 120 * DAY);
  const retain = new Date(exitAt);
  retain.setUTCFullYear(retain.getUTCFullYear() + 10);
  return {
    _id: `file-${spec.fileNo.toLowerCase()}`,
    fileNo: spec.fileNo,
    status: spec.status,
    name: spec.name,
    idHash: spec.idHash,
    idEnc: spec.idEnc,
    phoneEnc: spec.phoneEnc,
    phoneHash: spec.phoneHash,
    category: spec.category,
    cause: spec.cause,
    householdSize: spec.householdSize,
    annualIncomeFen: (8_000 + spread(n, 30_000)) * 100,
    townId: town._id,
    villageId: village._id,
    path: village.path,
    unitId: null,
    unitName: null,
    keeper: { kind: 'town', nodeId: town._id, name: town.name },
    note: null,
    family: spec.family ?? [],
    openedAt: opened,
    lastChangedAt: changed < opened ? opened : changed,
    help,
    helpCount: help.length,
    lastHelpedOn: help.length ? help[help.length - 1].on : null,
    recheck: null,
    exit: exited ? { reason: 'recovered', note: '家庭收入稳定，已脱困', at: exitAt, by: null } : null,
    retainUntil: exited ? retain : null,
    ...written(now),
  };
}

const personRows = (files: ArchiveRecord[]): ArchivePersonRecord[] =>
  files.flatMap((f) => [
    { _id: f.idHash, fileId: f._id, role: 'head' as const, status: f.status },
    ...f.family
      .filter((m) => m.idHash)
      .map((m) => ({ _id: m.idHash as string, fileId: f._id, role: 'member' as const, status: f.status })),
  ]);

/** The sample households the aid checks find (demo applicants and invented ones), as archive files. */
export function sampleArchiveFiles(
  cipher: FieldCipher,
  now: Date,
  samples: ArchiveSample[] = archiveSamples(),
): ArchiveRecord[] {
  const grid = new Map(buildGrid().map((n) => [n._id, n]));
  const child = DEMO_APPLICANTS.migrantChild;
  return samples.map((s, i) =>
    archiveRecord(
      {
        fileNo: s.fileNo,
        name: normaliseArchiveName(s.person.name),
        idHash: cipher.blindIndex('id', s.person.idNumber),
        idEnc: cipher.encrypt(s.person.idNumber),
        phoneEnc: null,
        phoneHash: null,
        villageId: s.person.villageId,
        category: s.category,
        cause: ARCHIVE_CAUSES[i % ARCHIVE_CAUSES.length],
        householdSize: s.person.householdSize,
        status: s.status,
        // The student of the first household is in the parents' file (R6: for 金秋助学 the file is the parents').
        family:
          s.person === DEMO_APPLICANTS.migrant
            ? [
                {
                  name: child.name,
                  relation: 'child',
                  idHash: cipher.blindIndex('id', child.idNumber),
                  idEnc: cipher.encrypt(child.idNumber),
                },
              ]
            : [],
      },
      i + 1,
      grid,
      now,
    ),
  );
}

/** Write the sample households into the archive (tests that check aid against the archive use this). */
export async function seedArchiveSamples(app: AdminApp, keys?: FieldKeys): Promise<number> {
  const cipher = keys ? new FieldCipher(keys) : envCipher();
  const files = sampleArchiveFiles(cipher, new Date());
  await insertMany(app, 'archive_files', files);
  await insertMany(app, 'archive_people', personRows(files));
  return files.length;
}

/** Archive files for the people seeded as hardship workers (not already among the samples). */
async function hardshipFiles(
  app: AdminApp,
  grid: Map<string, GridNode>,
  skip: Set<string>,
  now: Date,
): Promise<ArchiveRecord[]> {
  const people = app.database().collection('people');
  const files: ArchiveRecord[] = [];
  let last = '';
  for (;;) {
    const _ = app.database().command;
    const { data } = (await people
      .where({ categories: 'hardship', _id: _.gt(last) })
      .orderBy('_id', 'asc')
      .limit(1000)
      .get()) as { data: PersonRecord[] };
    for (const p of data) {
      if (skip.has(p.idHash) || !p.idEnc) continue;
      const n = files.length + 20;
      files.push(
        archiveRecord(
          {
            fileNo: `KN${2019 + (n % 6)}-${p.homeTownId.replace(/^t/, '')}-${String(n).padStart(5, '0')}`,
            name: p.name,
            idHash: p.idHash,
            idEnc: p.idEnc,
            phoneEnc: p.phoneEnc ?? null,
            phoneHash: p.phoneHash ?? null,
            villageId: p.homeVillageId,
            category: (['deep', 'relative', 'accident'] as const)[n % 3],
            cause: ARCHIVE_CAUSES[n % ARCHIVE_CAUSES.length],
            householdSize: 2 + (n % 4),
            status: 'active',
          },
          n,
          grid,
          now,
        ),
      );
    }
    if (data.length < 1000) return files;
    last = data[data.length - 1]._id;
  }
}

/** Seed units, unions and the hardship archive (after the people seed). */
export async function seedRegistry(app: AdminApp, options: SeedRegistryOptions = {}): Promise<void> {
  const cipher = options.keys ? new FieldCipher(options.keys) : envCipher();
  const now = new Date();
  const grid = new Map(buildGrid().map((n) => [n._id, n]));
  const full = options.scale === 'full';
  const units = demoUnits(grid, full ? FULL_REGISTRY.units : null).map((s, i) =>
    unitRecord(s, i + 1, grid, cipher, now),
  );
  const unions = demoUnions(grid, units, full ? FULL_REGISTRY.unions : null, now);
  await insertMany(app, 'units', units);
  await insertMany(app, 'unions', unions);
  const samples = sampleArchiveFiles(cipher, now);
  const skip = new Set(samples.flatMap((f) => [f.idHash, ...f.family.map((m) => m.idHash as string)]));
  const files = [...samples, ...(await hardshipFiles(app, grid, skip, now))];
  await insertMany(app, 'archive_files', files);
  await insertMany(app, 'archive_people', personRows(files));
}

/** How many towns the demo covers (every one). */
export const DEMO_TOWNS = TOWNS.length;
