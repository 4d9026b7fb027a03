/**
 * Generated, obviously fake reference data for the four datasets the aid checks use, and the demo
 * applicants that appear in them (the people seed's demo people, whose names are test words such as 测试/示例,
 * and their invented children). Other rows are named `<surname>测<n>` (测 = test), ID numbers use the Songzi area code
 * 421087 with sequence numbers 9xx and valid check digits, credit codes have valid GB 32100 check characters.
 * Deterministic: `npx tsx scripts/seed/reference-samples.ts` rewrites `database/reference-samples/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildGrid } from '../../domain/grid/data';
import { creditCheckChar, makeIdNumber } from '../../domain/security/validators';
import { fakeIdNumber, fakeName } from './people';
import { REFERENCE_COLUMNS } from '../../domain/aid/reference';
import type { ReferenceDataset } from '../../typings/aid';

export const SAMPLES_DIR = path.resolve(__dirname, '..', '..', 'database', 'reference-samples');

const DIGITS = '零一二三四五六七八九';
const numeral = (n: number) =>
  n < 10
    ? DIGITS[n]
    : n < 20
      ? `十${n % 10 ? DIGITS[n % 10] : ''}`
      : `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
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
];

/** A fake person of the sample files. */
export interface SamplePerson {
  name: string;
  idNumber: string;
  villageId: string;
  town: string;
  village: string;
  householdSize: number;
}

/** A unified social credit code with a valid check character. */
export function makeCreditCode(sequence: number): string {
  const first17 = `91421087MA${String(sequence).padStart(7, '0')}`.slice(0, 17);
  return first17 + creditCheckChar(first17);
}

const grid = buildGrid();
const byId = new Map(grid.map((n) => [n._id, n]));
function place(villageId: string) {
  const village = byId.get(villageId);
  const town = village?.parentId ? byId.get(village.parentId) : undefined;
  if (!village || !town) throw new Error(`unknown village ${villageId}`);
  return { villageId, town: town.name, village: village.name };
}

function person(n: number, villageId: string, birth: string, householdSize: number): SamplePerson {
  return {
    name: `${SURNAMES[n % SURNAMES.length]}测${numeral(n)}`,
    idNumber: makeIdNumber('421087', birth, 900 + n),
    householdSize,
    ...place(villageId),
  };
}

/** A demo person of the people seed (`demo-<category>-<n>`; n ≤ 3 live in 万家乡翠林山村 t15-v01). */
function demoPerson(openid: string, householdSize: number): SamplePerson & { openid: string } {
  const [, category, nText] = openid.split('-');
  const n = Number(nText);
  if (!(n >= 1 && n <= 3)) throw new Error('only demo people 1–3 have a known village');
  const i = { migrant: 0, worker: 30, hardship: 60 }[category as 'migrant' | 'worker' | 'hardship'] + n - 1;
  return { openid, name: fakeName(i), idNumber: fakeIdNumber(i), householdSize, ...place('t15-v01') };
}

/** A demo child: the parent's surname + 小 + a numeral, ID sequence 95x. */
function demoChild(parent: SamplePerson, n: number, birth: string): SamplePerson {
  const surname = /^(欧阳|司马|诸葛)/.test(parent.name) ? parent.name.slice(0, 2) : parent.name[0];
  return { ...parent, name: `${surname}小${numeral(n)}`, idNumber: makeIdNumber('421087', birth, 950 + n) };
}

const migrant = demoPerson('demo-migrant-1', 4);
const formerHardship = demoPerson('demo-hardship-2', 2);

/** The demo applicants (seed and tests use them) and how the sample datasets know them. */
export const DEMO_APPLICANTS = {
  /** Migrant worker of 翠林山村 with a current hardship file (在档); child at university. */
  migrant,
  migrantChild: demoChild(migrant, 1, '20070901'),
  /** Hardship worker on the 低保 list with a current file: hardship aid, deep. */
  hardship: demoPerson('demo-hardship-1', 3),
  /** Hardship worker whose file was closed (脱困): the archive check shows a mismatch. */
  formerHardship,
  formerHardshipChild: demoChild(formerHardship, 2, '20090315'),
  /** Local worker in household registration only; employer in the business registry. */
  worker: demoPerson('demo-worker-1', 3),
  /** Migrant worker in household registration only. */
  migrant2: demoPerson('demo-migrant-2', 3),
} as const;

/** The employer of demo-worker-1 (`LOCAL_EMPLOYERS[30 % 5]` in the people seed). */
export const DEMO_UNIT = { creditCode: makeCreditCode(1001), name: '松滋示例机械有限公司' };

/** The invented people of the sample files who are not demo people. */
const samplePeople = () =>
  Array.from({ length: 16 }, (_, i) =>
    person(
      40 + i,
      `t${String((i % 16) + 1).padStart(2, '0')}-v02`,
      `19${60 + i}0${(i % 9) + 1}1${i % 10}`,
      (i % 4) + 1,
    ),
  );

/** A household of the sample hardship archive (the union's own files, kept in the registry). */
export interface ArchiveSample {
  fileNo: string;
  person: SamplePerson;
  category: 'deep' | 'relative' | 'accident';
  status: 'active' | 'exited';
}

/** The hardship files the aid checks find for the demo applicants (and eight invented households). */
export function archiveSamples(): ArchiveSample[] {
  const d = DEMO_APPLICANTS;
  return [
    { fileNo: 'KN2024-0001', person: d.migrant, category: 'relative', status: 'active' },
    { fileNo: 'KN2022-0031', person: d.hardship, category: 'deep', status: 'active' },
    { fileNo: 'KN2021-0107', person: d.formerHardship, category: 'accident', status: 'exited' },
    ...samplePeople()
      .slice(4, 12)
      .map((p, i) => ({
        fileNo: `KN2023-${String(200 + i).padStart(4, '0')}`,
        person: p,
        category: (['deep', 'relative', 'accident'] as const)[i % 3],
        status: 'active' as const,
      })),
  ];
}

/** The rows of each dataset (header first). */
export function sampleRows(): Record<ReferenceDataset, string[][]> {
  const d = DEMO_APPLICANTS;
  const others = samplePeople();
  const household = [
    d.migrant,
    d.migrantChild,
    d.hardship,
    d.formerHardship,
    d.formerHardshipChild,
    d.worker,
    d.migrant2,
    ...others,
  ];
  return {
    household: [
      [...REFERENCE_COLUMNS.household],
      ...household.map((p) => [p.name, p.idNumber, p.town, p.village, String(p.householdSize)]),
    ],
    civil_affairs: [
      [...REFERENCE_COLUMNS.civil_affairs],
      [
        d.hardship.name,
        d.hardship.idNumber,
        '低保',
        d.hardship.town,
        d.hardship.village,
        String(d.hardship.householdSize),
      ],
      ...others
        .slice(0, 6)
        .map((p, i) => [p.name, p.idNumber, i % 3 === 0 ? '特困' : '低保', p.town, p.village, String(p.householdSize)]),
    ],
    business: [
      [...REFERENCE_COLUMNS.business],
      [DEMO_UNIT.creditCode, DEMO_UNIT.name, '存续', '新江口街道'],
      [makeCreditCode(1002), '松滋市样例运输有限公司', '注销', '南海镇'],
      ...Array.from({ length: 8 }, (_, i) => [
        makeCreditCode(1100 + i),
        `松滋市测试${numeral(i + 1)}号商贸有限公司`,
        i % 4 === 3 ? '吊销' : '存续',
        '八宝镇',
      ]),
    ],
  };
}

const csv = (rows: string[][]) =>
  '\uFEFF' +
  rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') +
  '\r\n';

/** Write every dataset as CSV, and household registration also as xlsx. */
export async function writeSamples(dir = SAMPLES_DIR): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const rows = sampleRows();
  const written: string[] = [];
  for (const [dataset, data] of Object.entries(rows)) {
    const file = path.join(dir, `${dataset}.csv`);
    fs.writeFileSync(file, csv(data));
    written.push(file);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('户籍信息');
  // Cells as text, so ID numbers keep every digit.
  for (const r of rows.household) sheet.addRow(r).eachCell((c) => (c.numFmt = '@'));
  const xlsx = path.join(dir, 'household.xlsx');
  await workbook.xlsx.writeFile(xlsx);
  written.push(xlsx);
  return written;
}

if (require.main === module) {
  writeSamples()
    .then((files) => console.log(`wrote ${files.length} sample files into ${SAMPLES_DIR}`))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
