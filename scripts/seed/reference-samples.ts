/**
 * Generated, obviously fake reference data for the four datasets the aid checks use, and the demo
 * applicants that appear in them. Names are `<surname>测<n>` (测 = test), ID numbers use the Songzi area code
 * 421087 with sequence numbers 9xx and valid check digits, credit codes have valid GB 32100 check characters.
 * Deterministic: `npx tsx scripts/seed/reference-samples.ts` rewrites `database/reference-samples/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { buildGrid } from '../../domain/grid/data';
import { creditCheckChar, makeIdNumber } from '../../domain/security/validators';
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

/** The demo applicants (seed and tests use them), each with how the sample datasets know them. */
export const DEMO_APPLICANTS = {
  /** Migrant worker of 翠林山村 with a hardship file; son at university. */
  migrant: person(1, 't15-v01', '19780312', 4),
  migrantChild: { ...person(21, 't15-v01', '20070901', 4), name: '李测小一' },
  /** Worker on the 低保 list, no hardship file (deep hardship). */
  worker: person(2, 't02-v03', '19820520', 3),
  /** Worker whose hardship file was closed (脱困): the archive check shows a mismatch. */
  formerHardship: person(3, 't02-v03', '19750101', 2),
  formerHardshipChild: { ...person(23, 't02-v03', '20090315', 2), name: '刘测小三' },
  /** Worker in household registration only. */
  plainWorker: person(4, 't01-v01', '19880808', 3),
} as const;

export const DEMO_UNIT = { creditCode: makeCreditCode(1001), name: '松滋市示例建材有限公司' };

/** The rows of each dataset (header first). */
export function sampleRows(): Record<ReferenceDataset, string[][]> {
  const d = DEMO_APPLICANTS;
  const others = Array.from({ length: 16 }, (_, i) => {
    const town = (i % 16) + 1;
    return person(40 + i, `t${String(town).padStart(2, '0')}-v02`, `19${60 + i}0${(i % 9) + 1}1${i % 10}`, (i % 4) + 1);
  });
  const household = [
    d.migrant,
    d.migrantChild,
    d.worker,
    d.formerHardship,
    d.formerHardshipChild,
    d.plainWorker,
    ...others,
  ];
  return {
    household: [
      [...REFERENCE_COLUMNS.household],
      ...household.map((p) => [p.name, p.idNumber, p.town, p.village, String(p.householdSize)]),
    ],
    civil_affairs: [
      [...REFERENCE_COLUMNS.civil_affairs],
      [d.worker.name, d.worker.idNumber, '低保', d.worker.town, d.worker.village, String(d.worker.householdSize)],
      ...others
        .slice(0, 6)
        .map((p, i) => [p.name, p.idNumber, i % 3 === 0 ? '特困' : '低保', p.town, p.village, String(p.householdSize)]),
    ],
    hardship_archive: [
      [...REFERENCE_COLUMNS.hardship_archive],
      [d.migrant.name, d.migrant.idNumber, 'KN2024-0001', '相对困难', '在档'],
      [d.formerHardship.name, d.formerHardship.idNumber, 'KN2021-0107', '意外致困', '脱困'],
      ...others
        .slice(4, 12)
        .map((p, i) => [
          p.name,
          p.idNumber,
          `KN2023-${String(200 + i).padStart(4, '0')}`,
          ['深度困难', '相对困难', '意外致困'][i % 3],
          '在档',
        ]),
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

/** Write every dataset as CSV, and the hardship archive also as xlsx. */
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
  const sheet = workbook.addWorksheet('困难职工档案');
  // Cells as text, so ID numbers keep every digit.
  for (const r of rows.hardship_archive) sheet.addRow(r).eachCell((c) => (c.numFmt = '@'));
  const xlsx = path.join(dir, 'hardship_archive.xlsx');
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
