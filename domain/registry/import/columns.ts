/**
 * The columns of each import kind: the header a workbook must carry, the contract field each feeds, how a
 * cell becomes a field value, and what the template tells the person filling it in. Templates, import
 * validation, result workbooks and list exports all read these declarations, so a column is described once.
 */
import {
  ARCHIVE_CAUSE_LABELS,
  ECONOMIC_TYPE_LABELS,
  HARDSHIP_CATEGORY_LABELS,
  INDUSTRY_LABELS,
  UNION_TYPE_LABELS,
  UNIT_TYPE_LABELS,
  type ImportKind,
} from '../../../typings/registry';

/** How a cell's content becomes a value. */
export type CellKind =
  /** Text (numbers typed into the cell are taken as their digits). */
  | 'text'
  /** An identifier of 15+ digits that Excel must not store as a number (ID numbers). */
  | 'digits'
  | 'int'
  /** Yuan with up to two decimals, stored as integer fen. */
  | 'yuan'
  /** A date: a date cell, or `YYYY-MM-DD` / `YYYY/M/D` / `YYYY.M.D` text. */
  | 'date'
  /** One of `choices` (by its Chinese label). */
  | 'choice'
  /** Several codes separated by `、` `,` `;` or line breaks. */
  | 'list'
  /** A town by name (or id). */
  | 'town'
  /** A village or community of the row's town, by name (or id). */
  | 'village';

export interface ColumnDef {
  /** The header, exactly as in the template. */
  label: string;
  /**
   * Dotted path of the value in the row object checked against the kind's contract schema; a path starting
   * with `_` is an extra the import resolves itself (a town name, a parent union, a unit's code).
   */
  field: string;
  kind: CellKind;
  required: boolean;
  /** What to fill in, for the template's instructions sheet. */
  hint: string;
  /** Allowed values: stored key → label shown and typed. */
  choices?: Readonly<Record<string, string>>;
  /** Example value for the instructions sheet. */
  example: string;
  /** Column width in the template (characters). */
  width?: number;
}

const col = (
  label: string,
  field: string,
  kind: CellKind,
  required: boolean,
  hint: string,
  example: string,
  extra: Partial<ColumnDef> = {},
): ColumnDef => ({ label, field, kind, required, hint, example, ...extra });

const TOWN_HINT = '松滋市的乡镇（街道）全称，如“万家乡”';
const VILLAGE_HINT = '该乡镇下的村或社区名称，如“翠林山村”';

const personColumns = (migrant: boolean): ColumnDef[] => [
  col('姓名', 'name', 'text', true, '与身份证一致', '张测试', { width: 12 }),
  col(
    '身份证号',
    'idNumber',
    'digits',
    true,
    '18位；请保持单元格为“文本”格式，否则末几位会变成0',
    '421087198001011234',
    {
      width: 22,
    },
  ),
  col('手机号', 'phone', 'digits', false, '11位手机号', '17000000001', { width: 14 }),
  col('户籍乡镇', '_town', 'town', true, TOWN_HINT, '万家乡', { width: 14 }),
  col('户籍村（社区）', 'homeVillageId', 'village', true, VILLAGE_HINT, '翠林山村', { width: 14 }),
  migrant
    ? col('务工城市', 'workCity', 'text', true, '目前务工所在城市', '深圳', { width: 10 })
    : col('工作单位', 'employer', 'text', false, '单位全称', '松滋示例机械有限公司', { width: 24 }),
  ...(migrant ? [col('工作单位', 'employer', 'text', false, '单位全称', '示例电子有限公司', { width: 24 })] : []),
  col(
    '单位统一社会信用代码',
    '_unitCreditCode',
    'text',
    false,
    '本市已登记单位的18位代码；填写后关联到该单位（入会时用）',
    '91421087MA4XXXXXXX',
    { width: 22 },
  ),
];

export const IMPORT_COLUMNS: Readonly<Record<ImportKind, readonly ColumnDef[]>> = {
  units: [
    col('单位名称', 'name', 'text', true, '营业执照上的全称', '松滋示例机械有限公司', { width: 28 }),
    col(
      '统一社会信用代码',
      'creditCode',
      'text',
      true,
      '18位；校验位不符的早期代码也可导入（结果表会提示）',
      '91421087MA4XXXXXXX',
      {
        width: 22,
      },
    ),
    col('单位类型', 'type', 'choice', true, '从下拉中选择', '企业', { choices: UNIT_TYPE_LABELS, width: 14 }),
    col('经济类型', 'economicType', 'choice', true, '从下拉中选择', '私营经济', {
      choices: ECONOMIC_TYPE_LABELS,
      width: 14,
    }),
    col('所属行业', 'industry', 'choice', true, '国民经济行业门类，从下拉中选择', '制造业', {
      choices: INDUSTRY_LABELS,
      width: 24,
    }),
    col('职工人数', 'employees', 'int', true, '整数', '120', { width: 10 }),
    col('女职工人数', 'womenEmployees', 'int', true, '整数，不多于职工人数', '50', { width: 10 }),
    col('单位地址', 'address', 'text', true, '详细地址', '万家乡示例路1号', { width: 28 }),
    col('所在乡镇', 'townId', 'town', true, TOWN_HINT, '万家乡', { width: 14 }),
    col('所在村（社区）', 'villageId', 'village', false, `${VILLAGE_HINT}；不在村（社区）的可不填`, '翠林山村', {
      width: 14,
    }),
    col('法定代表人', 'legalRep', 'text', false, '姓名', '李示例', { width: 12 }),
    col('联系人', 'contactName', 'text', false, '姓名', '王测试', { width: 12 }),
    col('联系电话', 'contactPhone', 'digits', false, '11位手机号', '17000000002', { width: 14 }),
  ],
  unions: [
    col('工会名称', 'name', 'text', true, '工会全称', '松滋示例机械有限公司工会委员会', { width: 30 }),
    col('工会统一社会信用代码', 'creditCode', 'text', false, '法人资格证书上的18位代码；未登记的不填', '', {
      width: 22,
    }),
    col('工会类型', 'type', 'choice', true, '从下拉中选择', '企业工会', { choices: UNION_TYPE_LABELS, width: 20 }),
    col(
      '上级工会',
      '_parent',
      'text',
      false,
      '已登记的上级工会名称或代码；不填则为所在乡镇的工会联合会',
      '万家乡工会联合会',
      {
        width: 24,
      },
    ),
    col(
      '覆盖单位统一社会信用代码',
      'unitCreditCodes',
      'list',
      false,
      '已登记单位的代码，多个用“、”分隔；企业工会填一个',
      '91421087MA4XXXXXXX',
      { width: 30 },
    ),
    col('建会日期', 'foundedOn', 'date', true, 'YYYY-MM-DD', '2020-05-01', { width: 12 }),
    col('会员人数', 'memberCount', 'int', true, '整数', '86', { width: 10 }),
    col('所在乡镇', 'townId', 'town', true, TOWN_HINT, '万家乡', { width: 14 }),
    col('所在村（社区）', 'villageId', 'village', false, VILLAGE_HINT, '', { width: 14 }),
    col('工会主席', 'chairman.name', 'text', false, '姓名；填写时须同时填任期', '赵示例', { width: 12 }),
    col('主席任期开始', 'chairman.termStart', 'date', false, 'YYYY-MM-DD', '2023-01-01', { width: 12 }),
    col('主席任期届满', 'chairman.termEnd', 'date', false, 'YYYY-MM-DD', '2027-12-31', { width: 12 }),
    col('法人资格证书有效期至', 'certificateValidUntil', 'date', false, 'YYYY-MM-DD', '2027-12-31', { width: 14 }),
  ],
  workers: personColumns(false),
  migrants: personColumns(true),
  hardship: [
    col('档案号', 'fileNo', 'text', false, '已有档案号的照填；不填则自动编号', 'KN2025-0001', { width: 16 }),
    col('姓名', 'name', 'text', true, '户主（困难职工本人）姓名', '张测试', { width: 12 }),
    col('身份证号', 'idNumber', 'digits', true, '18位；请保持单元格为“文本”格式', '421087198001011234', { width: 22 }),
    col('手机号', 'phone', 'digits', false, '11位手机号', '17000000003', { width: 14 }),
    col('困难类别', 'category', 'choice', true, '从下拉中选择', '相对困难', {
      choices: HARDSHIP_CATEGORY_LABELS,
      width: 12,
    }),
    col('主要致困原因', 'cause', 'choice', true, '从下拉中选择', '本人患病', {
      choices: ARCHIVE_CAUSE_LABELS,
      width: 12,
    }),
    col('家庭人口', 'householdSize', 'int', true, '整数，1至30', '3', { width: 10 }),
    col('家庭年收入（元）', 'annualIncomeFen', 'yuan', true, '近12个月家庭总收入，最多两位小数', '24000', {
      width: 14,
    }),
    col('户籍乡镇', '_town', 'town', true, TOWN_HINT, '万家乡', { width: 14 }),
    col('户籍村（社区）', 'villageId', 'village', true, VILLAGE_HINT, '翠林山村', { width: 14 }),
    col(
      '单位统一社会信用代码',
      'unitCreditCode',
      'text',
      false,
      '本人单位的代码；单位已建会的由单位工会建档，否则由乡镇建档',
      '',
      {
        width: 22,
      },
    ),
    col('备注', 'note', 'text', false, '200字以内', '', { width: 24 }),
  ],
};

/** The column a contract issue's path points at (`chairman.termEnd`, `unitCreditCodes.2`, `family.0.name`). */
export function columnOfPath(kind: ImportKind, path: readonly PropertyKey[]): ColumnDef | null {
  const dotted = path.map(String).join('.');
  const columns = IMPORT_COLUMNS[kind];
  let best: ColumnDef | null = null;
  for (const c of columns) {
    if (dotted === c.field || dotted.startsWith(`${c.field}.`)) {
      if (!best || c.field.length > best.field.length) best = c;
    }
  }
  // A place refused by the contract (`townId`, `homeVillageId`) is the town or village column.
  return best;
}

/** Spreadsheet column letters (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
