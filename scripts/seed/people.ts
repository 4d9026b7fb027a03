/**
 * Demo people and staff, written through the real @cloudbase/node-sdk with encrypted fields (the
 * local cloud passes its dev keys in `options.keys`; without them the `UNION_*` environment keys).
 *
 * Default (`demo`): one city administrator (`demo-admin`), staff for every town (`demo-town-t01`…),
 * a collector for every village (`demo-collector-t15-v01`…), a few dozen workers, migrant workers and
 * hardship workers with their own WeChat (`demo-worker-1`, `demo-migrant-1`, `demo-hardship-1`…),
 * a few profiles entered by a collector and not yet claimed, and `demo-newcomer` with no profile.
 * `full`: adds generated registry people up to the article's figures (18,751 workers, 165,836 migrant
 * workers, 973 hardship workers) in batches of 1000.
 *
 * All names are obviously fake (given names 测试/示例…), ID numbers use the Songzi area code 421087
 * with valid check digits and past birth dates, phones are in the 170 0000 xxxx test range.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import { buildGrid, TOWNS, townId } from '../../domain/grid/data';
import type { GridNode } from '../../typings/grid';
import type { PersonCategory, StaffRole } from '../../typings/people';
import { envCipher, FieldCipher, type FieldKeys } from '../../domain/security/crypto';
import { idFacts, makeIdNumber } from '../../domain/security/validators';
import type { PersonRecord } from '../../domain/people/person';
import type { StaffRecord } from '../../domain/people/actor';
import { newStaffRecord } from '../../domain/people/staff';

/** A demo person the preview's switcher and tests can act as. */
export interface DemoPersonEntry {
  openid: string;
  name: string;
  role: StaffRole | PersonCategory;
  gridNodeId: string;
  label: string;
}

export interface SeedPeopleOptions {
  scale?: string;
  keys?: FieldKeys;
  /** With `scale: 'full'`: a fraction of the article's figures (benchmarks on a small machine); default 1. */
  factor?: number;
}

/** The article's figures for `--scale full`. */
export const FULL_SCALE: Record<PersonCategory, number> = { worker: 18_751, migrant: 165_836, hardship: 973 };

const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '刘',
  '陈',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '欧阳',
  '司马',
  '诸葛',
];
const GIVEN = ['测试', '示例', '测一', '测二', '测三', '样例', '演示', '测甲', '测乙', '示范'];
const WORK_CITIES = ['深圳', '广州', '东莞', '武汉', '上海', '杭州', '苏州', '宁波', '厦门', '北京'];
const LOCAL_EMPLOYERS = [
  '松滋示例机械有限公司',
  '松滋示例纺织厂',
  '示例建材有限公司',
  '示例食品加工厂',
  '示例物流有限公司',
];

/** An obviously fake name; every 37th is a minority-style `·` name to exercise masking. */
export function fakeName(i: number): string {
  if (i % 37 === 36) return `阿依·${GIVEN[i % GIVEN.length]}`;
  return SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
}

const DAY = 86_400_000;
const BIRTH_BASE = Date.UTC(1966, 0, 1);
const BIRTH_SPAN_DAYS = 14_000;

/** A unique, valid ID number for person number `i` (birth dates 1966–2004, area 421087 = Songzi). */
export function fakeIdNumber(i: number): string {
  const birth = new Date(BIRTH_BASE + (i % BIRTH_SPAN_DAYS) * DAY);
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  return makeIdNumber('421087', ymd, 100 + 2 * Math.floor(i / BIRTH_SPAN_DAYS) + (i % 2));
}

/** A test-range mobile for person number `i`. */
export const fakePhone = (i: number): string => `170${String(i).padStart(8, '0')}`;

interface PersonSpec {
  i: number;
  openid: string | null;
  category: PersonCategory;
  village: GridNode;
  enteredBy?: string;
}

function personRecord(cipher: FieldCipher, spec: PersonSpec, now: Date): PersonRecord {
  const id = fakeIdNumber(spec.i);
  const phone = fakePhone(spec.i);
  const facts = idFacts(id);
  const _id = spec.openid ? `p-${spec.openid}` : `p-${String(spec.i).padStart(6, '0')}`;
  const record: PersonRecord = {
    _id,
    openid: spec.openid,
    ownerKey: spec.openid ?? `unclaimed:${_id}`,
    name: fakeName(spec.i),
    idHash: cipher.blindIndex('id', id),
    idEnc: cipher.encrypt(id),
    phoneEnc: cipher.encrypt(phone),
    phoneHash: cipher.blindIndex('phone', phone),
    gender: facts.gender,
    birthDate: facts.birthDate,
    homeVillageId: spec.village._id,
    homePath: spec.village.path,
    homeTownId: spec.village.path[1],
    categories: [spec.category],
    claimed: spec.openid !== null,
    createdAt: now,
    updatedAt: now,
  };
  if (spec.category === 'migrant') record.workCity = WORK_CITIES[spec.i % WORK_CITIES.length];
  else {
    record.workCity = '松滋';
    record.employer = LOCAL_EMPLOYERS[spec.i % LOCAL_EMPLOYERS.length];
    record.employerTownId = townId(spec.i % TOWNS.length);
  }
  if (spec.enteredBy) record.enteredBy = spec.enteredBy;
  return record;
}

async function insertMany(app: AdminApp, collection: string, docs: object[]): Promise<void> {
  const coll = app.database().collection(collection);
  for (let i = 0; i < docs.length; i += 1000) await coll.add(docs.slice(i, i + 1000));
}

const KIND_LABEL: Record<PersonCategory, string> = { worker: '职工', migrant: '农民工', hardship: '困难职工' };

/** Seed staff and people; returns the demo people for `GET /dev/people`. */
export async function seedPeople(app: AdminApp, options: SeedPeopleOptions = {}): Promise<DemoPersonEntry[]> {
  const cipher = options.keys ? new FieldCipher(options.keys) : envCipher();
  const now = new Date();
  const grid = buildGrid();
  const byId = new Map(grid.map((n) => [n._id, n]));
  const towns = grid.filter((n) => n.level === 'town');
  const villages = grid.filter((n) => n.level === 'village');
  const demo: DemoPersonEntry[] = [];

  // Staff: the city administrator, one per town, one collector per village.
  const staff: StaffRecord[] = [
    newStaffRecord({
      _id: 'staff-admin',
      openid: 'demo-admin',
      name: '管理员示例',
      role: 'city_admin',
      gridNodeId: 'city',
      gridPath: ['city'],
      source: 'seed',
      invitedBy: null,
      now,
    }),
  ];
  demo.push({
    openid: 'demo-admin',
    name: '管理员示例',
    role: 'city_admin',
    gridNodeId: 'city',
    label: '市总工会管理员',
  });
  towns.forEach((town, t) => {
    const name = `${SURNAMES[t % SURNAMES.length]}工作员`;
    staff.push(
      newStaffRecord({
        _id: `staff-${town._id}`,
        openid: `demo-town-${town._id}`,
        name,
        role: 'town_staff',
        gridNodeId: town._id,
        gridPath: town.path,
        source: 'seed',
        invitedBy: 'staff-admin',
        now,
      }),
    );
    demo.push({
      openid: `demo-town-${town._id}`,
      name,
      role: 'town_staff',
      gridNodeId: town._id,
      label: `${town.name}工作员`,
    });
  });
  villages.forEach((village, v) => {
    const name = `${SURNAMES[(v + 3) % SURNAMES.length]}采集员`;
    const town = byId.get(village.parentId ?? '')!;
    staff.push(
      newStaffRecord({
        _id: `staff-${village._id}`,
        openid: `demo-collector-${village._id}`,
        name,
        role: 'village_collector',
        gridNodeId: village._id,
        gridPath: village.path,
        source: 'seed',
        invitedBy: `staff-${town._id}`,
        now,
      }),
    );
    if (village._id.endsWith('-v01') || town._id === 't15') {
      demo.push({
        openid: `demo-collector-${village._id}`,
        name,
        role: 'village_collector',
        gridNodeId: village._id,
        label: `${town.name}${village.name}信息采集员`,
      });
    }
  });
  await insertMany(app, 'staff', staff);

  // People with their own WeChat: a few dozen of each kind; number 1 of each lives in 万家乡翠林山村 (t15-v01).
  const cuilin = byId.get('t15-v01')!;
  const counts: Record<PersonCategory, number> = { worker: 30, migrant: 30, hardship: 24 };
  const specs: PersonSpec[] = [];
  let i = 0;
  for (const category of ['migrant', 'worker', 'hardship'] as const) {
    for (let n = 1; n <= counts[category]; n += 1) {
      const village = n <= 3 ? cuilin : villages[(n * 17 + i) % villages.length];
      specs.push({ i, openid: `demo-${category}-${n}`, category, village });
      i += 1;
    }
  }
  // Profiles a collector entered for people without a smartphone (claimable later).
  for (let n = 0; n < 6; n += 1) {
    specs.push({
      i,
      openid: null,
      category: n % 2 ? 'hardship' : 'migrant',
      village: cuilin,
      enteredBy: 'staff-t15-v01',
    });
    i += 1;
  }
  const people = specs.map((s) => personRecord(cipher, s, now));
  await insertMany(app, 'people', people);
  const consents = people
    .filter((p) => p.openid)
    .flatMap((p) =>
      (['sensitive_data', 'public_notice'] as const).map((kind) => ({
        _id: `c-${p._id}-${kind}`,
        openid: p.openid,
        personId: p._id,
        kind,
        version: '2026-01',
        granted: true,
        at: now,
      })),
    );
  await insertMany(app, 'consents', consents);
  for (const p of people) {
    if (!p.openid) continue;
    const kind = p.categories[0];
    const n = Number(p.openid.split('-').pop());
    if (n > 6) continue;
    const village = byId.get(p.homeVillageId)!;
    const town = byId.get(village.parentId ?? '')!;
    const where = kind === 'migrant' ? `${town.name}${village.name} → ${p.workCity}` : `${town.name}${village.name}`;
    demo.push({
      openid: p.openid,
      name: p.name,
      role: kind,
      gridNodeId: p.homeVillageId,
      label: `${KIND_LABEL[kind]}（${where}）`,
    });
  }
  demo.push({
    openid: 'demo-newcomer',
    name: '新用户',
    role: 'worker',
    gridNodeId: 'city',
    label: '新用户（尚未填写个人信息）',
  });

  if (options.scale === 'full') await seedFullScale(app, cipher, villages, i, now, options.factor ?? 1);
  return demo;
}

/** Registry people up to the article's figures, entered by each village's collector, 1000 per insert. */
async function seedFullScale(
  app: AdminApp,
  cipher: FieldCipher,
  villages: GridNode[],
  start: number,
  now: Date,
  factor: number,
): Promise<void> {
  const already: Record<PersonCategory, number> = { worker: 30, migrant: 33, hardship: 27 };
  let i = start;
  const coll = app.database().collection('people');
  for (const category of ['worker', 'migrant', 'hardship'] as const) {
    let left = Math.round(FULL_SCALE[category] * factor) - already[category];
    while (left > 0) {
      const batch: PersonRecord[] = [];
      for (let n = 0; n < Math.min(1000, left); n += 1) {
        const village = villages[i % villages.length];
        batch.push(
          personRecord(cipher, { i, openid: null, category, village, enteredBy: `staff-${village._id}` }, now),
        );
        i += 1;
      }
      await coll.add(batch);
      left -= batch.length;
    }
  }
}
