/**
 * Reference datasets of other departments (数据互联互通): the civil-affairs 低保/特困 list, household
 * registration and the business registry; the union's own hardship archive is not imported here but read
 * live from the registry (`domain/registry/archive.ts`, see `archiveLookup`). Rows are read from CSV or xlsx by
 * `scripts/import-reference.ts` and stored WITHOUT raw identifiers: a person row keeps the blind index of the
 * ID number (its `_id`), the masked ID, the blind index of the name and the masked name. Checking an
 * application compares blind indexes and plain categories, so a result says what differed, never the value.
 */
import ExcelJS from 'exceljs';
import type { ReferenceDataset, VerificationCheck, VerificationSource } from '../../typings/aid';
import { REFERENCE_DATASET_NAMES } from '../../typings/aid';
import { checkCreditCode, checkIdNumber, checkPersonName } from '../security/validators';
import { maskIdNumber, maskName } from '../security/mask';

export const REFERENCE_COLLECTION: Record<ReferenceDataset, string> = {
  civil_affairs: 'reference_civil_affairs',
  household: 'reference_household',
  business: 'reference_business',
};
export const REFERENCE_IMPORTS = 'reference_imports';

/** Column headers each dataset's file must have (the departments' own export headings). */
export const REFERENCE_COLUMNS: Record<ReferenceDataset, readonly string[]> = {
  civil_affairs: ['姓名', '身份证号', '保障类别', '乡镇', '村社区', '保障人数'],
  household: ['姓名', '身份证号', '乡镇', '村社区', '户内人数'],
  business: ['统一社会信用代码', '企业名称', '登记状态', '乡镇'],
};

/** The hash functions an import or a check needs (the configured blind index). */
export interface Indexer {
  index(kind: 'id' | 'name', value: string): string;
}

/** A stored person row of any person dataset. */
export interface PersonReferenceDoc {
  _id: string;
  idMasked: string;
  nameIndex: string;
  nameMasked: string;
  importId: string;
  /** civil_affairs: 低保 / 特困. */
  category?: string;
  town?: string;
  village?: string;
  householdSize?: number;
}

/**
 * What the hardship archive says about a person (head or family member of a file): blind indexes of the
 * name in the file and of the file number, the file's status (在档 / 脱困) and category label.
 */
export interface ArchiveLookup {
  nameIndex: string;
  fileNoIndex: string;
  fileStatus: '在档' | '脱困';
  category: string;
}

export interface BusinessReferenceDoc {
  _id: string;
  name: string;
  status: string;
  town: string;
  importId: string;
}

export type ReferenceDoc = PersonReferenceDoc | BusinessReferenceDoc;

/** A row the import refused: its line number and the column at fault (no values). */
export interface RejectedRow {
  line: number;
  column: string;
  message: string;
}

/** Normalise a name for the blind index: trimmed, `·` variants unified. */
export const normaliseName = (name: string) => name.trim().replace(/[•・．\u30FB\u2027\u2219]/g, '·');

/** Parse CSV text (RFC 4180: quotes, doubled quotes, CRLF; a UTF-8 BOM is dropped) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/** Read the first worksheet of an xlsx file into rows of text cells. */
export async function parseXlsx(buffer: Buffer | ArrayBuffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (r) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c += 1) {
      const v = r.getCell(c).value;
      cells.push(
        v === null || v === undefined ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v),
      );
    }
    rows.push(cells);
  });
  return rows;
}

/**
 * Turn parsed rows (header first) into stored documents for `dataset`. ID numbers become their blind index
 * (the document `_id`) and a masked form; rows failing validation are refused with line and column only.
 */
export function buildReferenceDocs(
  dataset: ReferenceDataset,
  rows: string[][],
  indexer: Indexer,
  importId: string,
): { docs: ReferenceDoc[]; rejected: RejectedRow[] } {
  const [header, ...body] = rows;
  if (!header) throw new Error('文件为空');
  const columns = REFERENCE_COLUMNS[dataset];
  const position = new Map(header.map((h, i) => [h.trim(), i]));
  const missing = columns.filter((c) => !position.has(c));
  if (missing.length) throw new Error(`缺少列：${missing.join('、')}`);
  const cell = (row: string[], column: string) => (row[position.get(column) as number] ?? '').trim();
  const docs = new Map<string, ReferenceDoc>();
  const rejected: RejectedRow[] = [];
  body.forEach((row, i) => {
    const line = i + 2;
    const reject = (column: string, message: string) => rejected.push({ line, column, message });
    if (dataset === 'business') {
      const code = checkCreditCode(cell(row, '统一社会信用代码'), true);
      if (!code.ok) return reject('统一社会信用代码', code.message);
      const name = cell(row, '企业名称');
      if (!name) return reject('企业名称', '不能为空');
      docs.set(code.value.code, {
        _id: code.value.code,
        name,
        status: cell(row, '登记状态'),
        town: cell(row, '乡镇'),
        importId,
      });
      return;
    }
    const id = checkIdNumber(cell(row, '身份证号'));
    if (!id.ok) return reject('身份证号', id.message);
    const name = checkPersonName(cell(row, '姓名'));
    if (!name.ok) return reject('姓名', name.message);
    const doc: PersonReferenceDoc = {
      _id: indexer.index('id', id.value),
      idMasked: maskIdNumber(id.value),
      nameIndex: indexer.index('name', normaliseName(name.value)),
      nameMasked: maskName(name.value),
      importId,
    };
    if (dataset === 'civil_affairs' || dataset === 'household') {
      doc.town = cell(row, '乡镇');
      doc.village = cell(row, '村社区');
      const size = Number(cell(row, dataset === 'household' ? '户内人数' : '保障人数'));
      if (!Number.isInteger(size) || size < 1 || size > 30)
        return reject(dataset === 'household' ? '户内人数' : '保障人数', '应为1至30的整数');
      doc.householdSize = size;
    }
    if (dataset === 'civil_affairs') {
      const category = cell(row, '保障类别');
      if (category !== '低保' && category !== '特困') return reject('保障类别', '只能是低保或特困');
      doc.category = category;
    }
    docs.set(doc._id, doc);
  });
  return { docs: [...docs.values()], rejected };
}

/** What the checks compare for one application: blind indexes and plain place names only. */
export interface VerificationSubject {
  applicant: {
    idIndex: string;
    nameIndex: string;
    town: string;
    village: string;
    householdSize: number;
    declaresHardshipFile: boolean;
    fileNoIndex: string | null;
  };
  child: { idIndex: string; nameIndex: string } | null;
  unit: { creditCode: string; name: string } | null;
}

/** The rows found for a subject in each dataset; `undefined` when the dataset was never imported. */
export interface VerificationLookups {
  /** When each dataset was imported; `hardship_archive`: when the live archive was read. */
  importedAt: Partial<Record<VerificationSource, string>>;
  civilAffairs?: PersonReferenceDoc | null;
  household?: PersonReferenceDoc | null;
  childHousehold?: PersonReferenceDoc | null;
  hardshipArchive?: ArchiveLookup | null;
  business?: BusinessReferenceDoc | null;
}

const ACTIVE_BUSINESS = ['存续', '在业', '开业'];

function check(
  dataset: VerificationSource,
  subject: VerificationCheck['subject'],
  importedAt: string | undefined,
  row: ReferenceDoc | ArchiveLookup | null | undefined,
  differences: string[],
  messages: { match: string; mismatch: string; notFound: string },
): VerificationCheck {
  const base = {
    dataset,
    datasetName: REFERENCE_DATASET_NAMES[dataset],
    subject,
    datasetImportedAt: importedAt ?? null,
  };
  if (!importedAt) return { ...base, status: 'not_loaded', differences: [], message: '该数据集尚未导入，需人工核实' };
  if (!row) return { ...base, status: 'not_found', differences: [], message: messages.notFound };
  if (differences.length) return { ...base, status: 'mismatch', differences, message: messages.mismatch };
  return { ...base, status: 'match', differences: [], message: messages.match };
}

/** Compare an application with the reference rows found for it. Pure. */
export function verifyAgainstReferences(subject: VerificationSubject, found: VerificationLookups): VerificationCheck[] {
  const a = subject.applicant;
  const checks: VerificationCheck[] = [];
  const hh = found.household;
  const hhDiff: string[] = [];
  if (hh) {
    if (hh.nameIndex !== a.nameIndex) hhDiff.push('name');
    if (hh.town !== a.town || hh.village !== a.village) hhDiff.push('village');
    if (hh.householdSize !== a.householdSize) hhDiff.push('householdSize');
  }
  checks.push(
    check('household', 'applicant', found.importedAt.household, hh, hhDiff, {
      match: '户籍信息一致（姓名、户籍村、户内人数）',
      mismatch: `户籍信息不一致：${hhDiff.map(label).join('、')}`,
      notFound: '户籍信息中未找到申请人',
    }),
  );
  const ca = found.civilAffairs;
  const caDiff = ca && ca.nameIndex !== a.nameIndex ? ['name'] : [];
  checks.push(
    check('civil_affairs', 'applicant', found.importedAt.civil_affairs, ca, caDiff, {
      match: `在民政${ca?.category ?? ''}名单内`,
      mismatch: `在民政名单内，但${caDiff.map(label).join('、')}不一致`,
      notFound: '不在民政低保/特困名单内',
    }),
  );
  const ar = found.hardshipArchive;
  const arDiff: string[] = [];
  if (ar) {
    if (ar.nameIndex !== a.nameIndex) arDiff.push('name');
    if (a.fileNoIndex && ar.fileNoIndex !== a.fileNoIndex) arDiff.push('fileNo');
    if (ar.fileStatus !== '在档') arDiff.push('fileStatus');
  }
  checks.push(
    check('hardship_archive', 'applicant', found.importedAt.hardship_archive, ar, arDiff, {
      match: `在工会困难职工档案内（${ar?.category ?? ''}）`,
      mismatch: `困难职工档案不一致：${arDiff.map(label).join('、')}`,
      notFound: a.declaresHardshipFile ? '申报已建档，但困难职工档案中未找到' : '不在困难职工档案内',
    }),
  );
  if (subject.child) {
    const ch = found.childHousehold;
    const chDiff = ch && ch.nameIndex !== subject.child.nameIndex ? ['name'] : [];
    checks.push(
      check('household', 'child', found.importedAt.household, ch, chDiff, {
        match: '子女户籍信息一致',
        mismatch: `子女户籍信息不一致：${chDiff.map(label).join('、')}`,
        notFound: '户籍信息中未找到子女',
      }),
    );
  }
  if (subject.unit) {
    const bz = found.business;
    const bzDiff: string[] = [];
    if (bz) {
      if (bz.name !== subject.unit.name) bzDiff.push('name');
      if (!ACTIVE_BUSINESS.includes(bz.status)) bzDiff.push('status');
    }
    checks.push(
      check('business', 'unit', found.importedAt.business, bz, bzDiff, {
        match: '工作单位登记信息一致（存续）',
        mismatch: `工作单位登记信息不一致：${bzDiff.map(label).join('、')}`,
        notFound: '市场主体登记中未找到该统一社会信用代码',
      }),
    );
  }
  return checks;
}

const LABELS: Record<string, string> = {
  name: '姓名',
  village: '户籍村（社区）',
  householdSize: '户内人数',
  fileNo: '档案号',
  fileStatus: '档案状态（已脱困）',
  status: '登记状态',
};
const label = (field: string) => LABELS[field] ?? field;

/** True when the archive confirms a current hardship file (or cannot say: not imported). */
export function archiveConfirmsFile(checks: readonly VerificationCheck[]): boolean | null {
  const c = checks.find((x) => x.dataset === 'hardship_archive' && x.subject === 'applicant');
  if (!c || c.status === 'not_loaded') return null;
  return c.status === 'match' || (c.status === 'mismatch' && !c.differences.includes('fileStatus'));
}
