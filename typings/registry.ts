/**
 * Contract of the `registry` function: the base-information registry (基础信息) — units (单位), union
 * organisations (工会组织), the hardship archive (困难职工档案) — its searchable lists and xlsx exports, and bulk
 * import from spreadsheets. The field schemas here are the ONE definition of each field: the mini-program's
 * forms and the import's rows are both checked with them (`registry-import.ts` maps columns to these fields).
 */
import { z } from 'zod';
import { action } from './api';
import { DocId, GridId, IdNumber, Mobile, PersonName, creditCodeField, plainText, textField } from './people';
import { HARDSHIP_CATEGORIES, type HardshipCategory } from './aid';
import { CalendarDate } from './dates';

export { HARDSHIP_CATEGORIES, type HardshipCategory };
import { MAX_FEN } from '../domain/security/validators';

// ---------------------------------------------------------------------------------------------
// Enumerations (keys stored; labels shown and used in spreadsheets)
// ---------------------------------------------------------------------------------------------

export const UNIT_TYPES = ['enterprise', 'institution', 'government', 'social_org', 'individual'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  enterprise: '企业',
  institution: '事业单位',
  government: '机关',
  social_org: '社会组织',
  individual: '个体经济组织',
};

/** 经济类型 (the statistics' classification). */
export const ECONOMIC_TYPES = [
  'state',
  'collective',
  'private',
  'individual',
  'joint',
  'shareholding',
  'foreign',
  'hmt',
  'other',
] as const;
export type EconomicType = (typeof ECONOMIC_TYPES)[number];
export const ECONOMIC_TYPE_LABELS: Record<EconomicType, string> = {
  state: '国有经济',
  collective: '集体经济',
  private: '私营经济',
  individual: '个体经济',
  joint: '联营经济',
  shareholding: '股份制经济',
  foreign: '外商投资经济',
  hmt: '港澳台投资经济',
  other: '其他经济',
};

/** 国民经济行业分类 (GB/T 4754), its 20 sections. */
export const INDUSTRIES = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'I',
  'J',
  'K',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
] as const;
export type Industry = (typeof INDUSTRIES)[number];
export const INDUSTRY_LABELS: Record<Industry, string> = {
  A: '农、林、牧、渔业',
  B: '采矿业',
  C: '制造业',
  D: '电力、热力、燃气及水生产和供应业',
  E: '建筑业',
  F: '批发和零售业',
  G: '交通运输、仓储和邮政业',
  H: '住宿和餐饮业',
  I: '信息传输、软件和信息技术服务业',
  J: '金融业',
  K: '房地产业',
  L: '租赁和商务服务业',
  M: '科学研究和技术服务业',
  N: '水利、环境和公共设施管理业',
  O: '居民服务、修理和其他服务业',
  P: '教育',
  Q: '卫生和社会工作',
  R: '文化、体育和娱乐业',
  S: '公共管理、社会保障和社会组织',
  T: '国际组织',
};

export const UNION_TYPES = ['enterprise', 'joint', 'village', 'community', 'town_federation'] as const;
export type UnionType = (typeof UNION_TYPES)[number];
export const UNION_TYPE_LABELS: Record<UnionType, string> = {
  enterprise: '企业工会',
  joint: '联合工会',
  village: '村工会',
  community: '社区工会',
  town_federation: '乡镇（街道）工会联合会',
};

export const COMMITTEE_POSTS = ['vice_chairman', 'member', 'audit_head', 'women_head'] as const;
export type CommitteePost = (typeof COMMITTEE_POSTS)[number];
export const COMMITTEE_POST_LABELS: Record<CommitteePost, string> = {
  vice_chairman: '副主席',
  member: '委员',
  audit_head: '经审会主任',
  women_head: '女职委主任',
};

/** 深度困难 / 相对困难 / 意外致困: the archive's categories are aid's hardship categories. */
export const HARDSHIP_CATEGORY_LABELS: Record<HardshipCategory, string> = {
  deep: '深度困难',
  relative: '相对困难',
  accident: '意外致困',
};

/** 主要致困原因 (the archive form's enumeration). */
export const ARCHIVE_CAUSES = [
  'illness_self',
  'illness_family',
  'schooling',
  'disability',
  'unemployment',
  'accident',
  'disaster',
  'low_income',
  'other',
] as const;
export type ArchiveCause = (typeof ARCHIVE_CAUSES)[number];
export const ARCHIVE_CAUSE_LABELS: Record<ArchiveCause, string> = {
  illness_self: '本人患病',
  illness_family: '家属患病',
  schooling: '子女就学',
  disability: '残疾',
  unemployment: '下岗失业',
  accident: '意外事故',
  disaster: '自然灾害',
  low_income: '收入低',
  other: '其他',
};

export const FAMILY_RELATIONS = ['spouse', 'child', 'parent', 'sibling', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
export const FAMILY_RELATION_LABELS: Record<FamilyRelation, string> = {
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  sibling: '兄弟姐妹',
  other: '其他亲属',
};

export const ARCHIVE_EXIT_REASONS = [
  'recovered',
  'deceased',
  'moved',
  'regular_help',
  'misidentified',
  'other',
] as const;
export type ArchiveExitReason = (typeof ARCHIVE_EXIT_REASONS)[number];
export const ARCHIVE_EXIT_LABELS: Record<ArchiveExitReason, string> = {
  recovered: '根本脱困',
  deceased: '死亡',
  moved: '迁出本市',
  regular_help: '转入常态化帮扶',
  misidentified: '精准识别退出',
  other: '其他',
};

export const HELP_KINDS = ['aid', 'visit', 'medical', 'schooling', 'job', 'other'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];
export const HELP_KIND_LABELS: Record<HelpKind, string> = {
  aid: '帮扶资金',
  visit: '走访慰问',
  medical: '医疗救助',
  schooling: '助学',
  job: '就业帮扶',
  other: '其他帮扶',
};

/** The yearly re-check samples at least this share of the files (R1: "每年抽查比例不低于30%"). */
export const RECHECK_SAMPLE_SHARE = 0.3;
/** Files of households that left hardship are kept this many years after the exit (R1). */
export const ARCHIVE_RETENTION_YEARS = 10;

// ---------------------------------------------------------------------------------------------
// Field schemas (one per field: forms and import rows)
// ---------------------------------------------------------------------------------------------

const count = (label: string, max: number) =>
  z
    .number({ error: `${label}必须是数字` })
    .int({ error: `${label}必须是整数` })
    .min(0, { error: `${label}不能为负数` })
    .max(max, { error: `${label}不能超过${max}` });

const choice = <T extends readonly [string, ...string[]]>(
  label: string,
  values: T,
  labels: Record<T[number], string>,
) => z.enum(values, { error: `${label}只能是：${values.map((v) => labels[v as T[number]]).join('、')}` });

/**
 * Unified social credit code as the registry takes it: 18 characters of the GB 32100 alphabet; a failing
 * check character is accepted with `checkOverridden: true` (some legal early codes fail it) — the form and
 * the import's result workbook show it as a warning.
 */
export const RegistryCreditCode = creditCodeField(true);
/** An organisation's name: 2–100 characters of plain text. */
export const OrgName = (label: string) => plainText(label, 100).min(2, { error: `${label}至少2个字` });

/** The fields of a unit (单位), as a form or an import row gives them. */
export const UnitFieldSchemas = {
  name: OrgName('单位名称'),
  creditCode: RegistryCreditCode,
  type: choice('单位类型', UNIT_TYPES, UNIT_TYPE_LABELS),
  economicType: choice('经济类型', ECONOMIC_TYPES, ECONOMIC_TYPE_LABELS),
  industry: choice('所属行业', INDUSTRIES, INDUSTRY_LABELS),
  employees: count('职工人数', 1_000_000),
  womenEmployees: count('女职工人数', 1_000_000),
  address: plainText('单位地址', 120).min(2, { error: '单位地址至少2个字' }),
  townId: GridId('所在乡镇'),
  villageId: GridId('所在村（社区）').optional(),
  legalRep: PersonName.optional(),
  contactName: PersonName.optional(),
  contactPhone: Mobile.optional(),
};
export const UnitFields = z
  .object(UnitFieldSchemas)
  .strict()
  .refine((u) => u.womenEmployees <= u.employees, { message: '女职工人数不能多于职工人数', path: ['womenEmployees'] });
export type UnitFieldsInput = z.input<typeof UnitFields>;
export type UnitFieldsData = z.output<typeof UnitFields>;

/** The union chairman (主席) and the term (届期). */
export const Chairman = z
  .object({ name: PersonName, termStart: CalendarDate('任期开始'), termEnd: CalendarDate('任期届满') })
  .strict()
  .refine((t) => t.termEnd > t.termStart, { message: '任期届满须晚于任期开始', path: ['termEnd'] });

export const CommitteeMember = z
  .object({
    name: PersonName,
    post: choice('职务', COMMITTEE_POSTS, COMMITTEE_POST_LABELS),
    termStart: CalendarDate('任期开始'),
    termEnd: CalendarDate('任期届满'),
  })
  .strict()
  .refine((t) => t.termEnd > t.termStart, { message: '任期届满须晚于任期开始', path: ['termEnd'] });

/** The fields of a union organisation (工会组织). */
export const UnionFieldSchemas = {
  name: OrgName('工会名称'),
  /** The union's own credit code (from its legal-person certificate); absent before registration. */
  creditCode: RegistryCreditCode.optional(),
  type: choice('工会类型', UNION_TYPES, UNION_TYPE_LABELS),
  /** The parent union (上级工会) in the registry; absent for a town federation (its parent is the city union). */
  parentUnionId: DocId('上级工会').optional(),
  /** Credit codes of the units it covers (an enterprise union one, a joint union several). */
  unitCreditCodes: z
    .array(RegistryCreditCode, { error: '覆盖单位必须是列表' })
    .max(300, { error: '覆盖单位最多300个' })
    .default([]),
  foundedOn: CalendarDate('建会日期'),
  memberCount: count('会员人数', 1_000_000),
  townId: GridId('所在乡镇'),
  villageId: GridId('所在村（社区）').optional(),
  chairman: Chairman.optional(),
  committee: z.array(CommitteeMember, { error: '委员会必须是列表' }).max(40, { error: '委员最多40人' }).default([]),
  certificateValidUntil: CalendarDate('法人资格证书有效期至').optional(),
};
export const UnionFields = z.object(UnionFieldSchemas).strict();
export type UnionFieldsInput = z.input<typeof UnionFields>;
export type UnionFieldsData = z.output<typeof UnionFields>;

/** Yuan typed as text (`"1234.5"`) into integer fen, or integer fen. */
export const FenAmount = (label: string) =>
  z
    .number({ error: `${label}必须是数字（单位：分）` })
    .int({ error: `${label}必须是整数（单位：分）` })
    .min(0, { error: `${label}不能为负数` })
    .max(MAX_FEN, { error: `${label}过大` });

export const FamilyMember = z
  .object({
    name: PersonName,
    relation: choice('与户主关系', FAMILY_RELATIONS, FAMILY_RELATION_LABELS),
    idNumber: IdNumber.optional(),
  })
  .strict();

/** A file number (档案号): letters, digits and `-`. */
export const FileNo = textField('档案号', 32).regex(/^[A-Za-z0-9-]{1,32}$/, {
  error: '档案号只能包含字母、数字和“-”',
});

/** The fields of a hardship file (困难职工档案): one per household, the head's data plus the family. */
export const ArchiveFieldSchemas = {
  /** Given by the keeper, or assigned when left empty. */
  fileNo: FileNo.optional(),
  name: PersonName,
  idNumber: IdNumber,
  phone: Mobile.optional(),
  category: choice('困难类别', HARDSHIP_CATEGORIES, HARDSHIP_CATEGORY_LABELS),
  cause: choice('主要致困原因', ARCHIVE_CAUSES, ARCHIVE_CAUSE_LABELS),
  householdSize: count('家庭人口', 30).min(1, { error: '家庭人口至少1人' }),
  /** Household income of the last 12 months, integer fen. */
  annualIncomeFen: FenAmount('家庭年收入'),
  villageId: GridId('户籍村（社区）'),
  /** The worker's unit (its credit code): the unit's union keeps the file; without one, the town. */
  unitCreditCode: RegistryCreditCode.optional(),
  note: plainText('备注', 200).optional(),
  family: z.array(FamilyMember, { error: '家庭成员必须是列表' }).max(15, { error: '家庭成员最多15人' }).default([]),
};
export const ArchiveFields = z.object(ArchiveFieldSchemas).strict();
export type ArchiveFieldsInput = z.input<typeof ArchiveFields>;
export type ArchiveFieldsData = z.output<typeof ArchiveFields>;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const Version = z.number({ error: '版本必须是数字' }).int().min(0);
const Skip = z.number({ error: 'skip 必须是数字' }).int().min(0).max(100_000).optional();
const Limit = z.number({ error: 'limit 必须是数字' }).int().min(1).max(100).optional();
/** Search text: a name fragment, or a whole credit code / ID number. */
const Query = plainText('查询内容', 40).optional();

export const SaveUnitInput = z
  .object({ unitId: DocId('单位编号').optional(), version: Version.optional(), fields: UnitFields })
  .strict()
  .refine((v) => !v.unitId || v.version !== undefined, { message: '修改时须带上版本号', path: ['version'] });

export const SaveUnionInput = z
  .object({ unionId: DocId('工会编号').optional(), version: Version.optional(), fields: UnionFields })
  .strict()
  .refine((v) => !v.unionId || v.version !== undefined, { message: '修改时须带上版本号', path: ['version'] });

export const UnitIdInput = z.object({ unitId: DocId('单位编号') }).strict();
export const UnionIdInput = z.object({ unionId: DocId('工会编号') }).strict();
export const FileIdInput = z.object({ fileId: DocId('档案编号'), unmask: z.boolean().optional() }).strict();

export const ListUnitsInput = z
  .object({
    nodeId: GridId().optional(),
    q: Query,
    type: z.enum(UNIT_TYPES, { error: '单位类型不正确' }).optional(),
    /** `true`: units with a union (own or joint); `false`: without. */
    unionised: z.boolean({ error: 'unionised 必须是布尔值' }).optional(),
    skip: Skip,
    limit: Limit,
  })
  .strict();

export const ListUnionsInput = z
  .object({
    nodeId: GridId().optional(),
    q: Query,
    type: z.enum(UNION_TYPES, { error: '工会类型不正确' }).optional(),
    skip: Skip,
    limit: Limit,
  })
  .strict();

export const ARCHIVE_FLAGS = ['unchanged_year', 'never_helped', 'sampled'] as const;
export type ArchiveFlag = (typeof ARCHIVE_FLAGS)[number];
export const ARCHIVE_FLAG_LABELS: Record<ArchiveFlag, string> = {
  unchanged_year: '一年未改',
  never_helped: '未帮扶过',
  sampled: '今年抽中复核',
};

export const ListArchiveInput = z
  .object({
    nodeId: GridId().optional(),
    q: Query,
    status: z.enum(['active', 'exited'], { error: '档案状态只能是在档或已退出' }).optional(),
    category: z.enum(HARDSHIP_CATEGORIES, { error: '困难类别不正确' }).optional(),
    flag: z.enum(ARCHIVE_FLAGS, { error: '标记不正确' }).optional(),
    skip: Skip,
    limit: Limit,
  })
  .strict();

export const SaveArchiveInput = z
  .object({ fileId: DocId('档案编号').optional(), version: Version.optional(), fields: ArchiveFields })
  .strict()
  .refine((v) => !v.fileId || v.version !== undefined, { message: '修改时须带上版本号', path: ['version'] });

export const ExitArchiveInput = z
  .object({
    fileId: DocId('档案编号'),
    version: Version,
    reason: z.enum(ARCHIVE_EXIT_REASONS, { error: '请选择退出原因' }),
    note: plainText('退出说明', 200).min(2, { error: '请填写退出说明' }),
  })
  .strict();

export const RecordHelpInput = z
  .object({
    fileId: DocId('档案编号'),
    kind: z.enum(HELP_KINDS, { error: '请选择帮扶方式' }),
    amountFen: FenAmount('帮扶金额').optional(),
    on: CalendarDate('帮扶日期'),
    note: plainText('帮扶说明', 200).optional(),
  })
  .strict();

const Year = z.number({ error: '年度必须是数字' }).int().min(2000, { error: '年度不正确' }).max(2100);

export const StartRecheckInput = z.object({ year: Year, nodeId: GridId().optional() }).strict();
export const RecheckInput = z.object({ year: Year, nodeId: GridId().optional() }).strict();
export const RECHECK_OUTCOMES = ['unchanged', 'updated', 'exit_suggested'] as const;
export type RecheckOutcome = (typeof RECHECK_OUTCOMES)[number];
export const RECHECK_OUTCOME_LABELS: Record<RecheckOutcome, string> = {
  unchanged: '情况属实，无变化',
  updated: '情况有变化，已更新档案',
  exit_suggested: '已脱困，建议退出',
};
export const RecordRecheckInput = z
  .object({
    fileId: DocId('档案编号'),
    year: Year,
    outcome: z.enum(RECHECK_OUTCOMES, { error: '请选择复核结论' }),
    note: plainText('走访记录', 300).min(2, { error: '请填写走访记录' }),
  })
  .strict();

export const FindUnitInput = z
  .object({ q: plainText('单位名称或统一社会信用代码', 100).min(2, { error: '请至少输入2个字' }) })
  .strict();

// ---------------------------------------------------------------------------------------------
// Lists and export
// ---------------------------------------------------------------------------------------------

export const REGISTRY_LISTS = ['units', 'unions', 'workers', 'migrants', 'hardship'] as const;
export type RegistryList = (typeof REGISTRY_LISTS)[number];
export const REGISTRY_LIST_LABELS: Record<RegistryList, string> = {
  units: '单位',
  unions: '工会组织',
  workers: '职工',
  migrants: '农民工',
  hardship: '困难职工档案',
};

/** Largest export in one file: above it the exporter narrows the filter (a town, a type). */
export const MAX_EXPORT_ROWS = 50_000;

export const ExportListInput = z
  .object({
    list: z.enum(REGISTRY_LISTS, { error: '导出的名单不正确' }),
    nodeId: GridId().optional(),
    q: Query,
    /** Units: type; unions: type; archive: category. Checked against the list. */
    type: textField('类型', 32).optional(),
    status: z.enum(['active', 'exited'], { error: '档案状态只能是在档或已退出' }).optional(),
    /** Full ID and phone numbers (roles that may see them; audited either way). */
    unmask: z.boolean({ error: 'unmask 必须是布尔值' }).optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

export const IMPORT_KINDS = ['units', 'unions', 'workers', 'migrants', 'hardship'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  units: '单位',
  unions: '工会组织',
  workers: '职工',
  migrants: '农民工',
  hardship: '困难职工',
};

export const IMPORT_STATUSES = [
  'queued',
  'reading',
  'writing',
  'finishing',
  'done',
  'refused',
  'cancelled',
  'failed',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  queued: '排队中',
  reading: '正在检查表格',
  writing: '正在导入',
  finishing: '正在生成结果表',
  done: '已完成',
  refused: '表格不能导入',
  cancelled: '已取消',
  failed: '导入出错',
};

export const ImportTemplateInput = z.object({ kind: z.enum(IMPORT_KINDS, { error: '导入类型不正确' }) }).strict();
export const StartImportInput = z
  .object({
    kind: z.enum(IMPORT_KINDS, { error: '导入类型不正确' }),
    /** The workbook, uploaded by the caller (`cases.uploadPath`, extension xlsx). */
    fileID: z
      .string({ error: '请先上传表格' })
      .max(300, { error: '文件标识过长' })
      .regex(/^cloud:\/\/[A-Za-z0-9._-]+\/[^\s]+$/, { error: '不是有效的云存储文件' }),
  })
  .strict();
export const ImportJobInput = z.object({ jobId: DocId('导入任务') }).strict();
export const ListImportsInput = z.object({ limit: Limit }).strict();

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

/** A unit as lists and the detail page show it (contact phone masked unless the role may see it). */
export interface UnitView {
  unitId: string;
  version: number;
  name: string;
  creditCode: string;
  /** True when the code's check character fails (accepted: some legal early codes fail it). */
  creditCodeWarning: boolean;
  type: UnitType;
  economicType: EconomicType;
  industry: Industry;
  employees: number;
  womenEmployees: number;
  address: string;
  townId: string;
  villageId: string | null;
  /** `万家乡 · 翠林山村`. */
  place: string;
  legalRep: string | null;
  contactName: string | null;
  contactPhone: string | null;
  unionId: string | null;
  unionName: string | null;
  /** Generated demo record (`npm start`'s data), not a real unit. */
  demo: boolean;
  /** One Chinese line for lists: `企业 · 私营经济 · 制造业 · 职工120人（女50）`. */
  summary: string;
  updatedAt: string;
}

export interface OfficerView {
  name: string;
  post: string;
  term: string;
  /** True when the term has ended. */
  expired: boolean;
}

export interface UnionView {
  unionId: string;
  version: number;
  name: string;
  creditCode: string | null;
  creditCodeWarning: boolean;
  type: UnionType;
  parentUnionId: string | null;
  parentName: string | null;
  units: Array<{ unitId: string; name: string; creditCode: string }>;
  foundedOn: string;
  memberCount: number;
  townId: string;
  villageId: string | null;
  place: string;
  chairman: OfficerView | null;
  committee: OfficerView[];
  certificateValidUntil: string | null;
  /** `有效` / `将于 30 天内到期` / `已过期` / `未登记`. */
  certificateState: string;
  demo: boolean;
  summary: string;
  updatedAt: string;
}

export interface ArchiveFileView {
  fileId: string;
  version: number;
  fileNo: string;
  status: 'active' | 'exited';
  name: string;
  idNumber: string;
  phone: string | null;
  masked: boolean;
  category: HardshipCategory;
  cause: ArchiveCause;
  householdSize: number;
  annualIncomeFen: number;
  villageId: string;
  place: string;
  unitName: string | null;
  /** Who keeps the file: the unit's union, or the town (for workers without one). */
  keeper: string;
  family: Array<{ name: string; relation: string; idNumber: string | null }>;
  note: string | null;
  flags: ArchiveFlag[];
  flagLabels: string[];
  openedAt: string;
  lastChangedAt: string;
  help: Array<{ on: string; kind: string; amount: string | null; note: string | null }>;
  recheck: { year: number; sampled: boolean; visitedAt: string | null; outcome: string | null } | null;
  exit: { reason: string; note: string; at: string; retainUntil: string } | null;
  demo: boolean;
  summary: string;
}

export interface RecheckView {
  year: number;
  nodeId: string;
  place: string;
  /** Active files in scope when the sample was drawn. */
  total: number;
  sampleSize: number;
  visited: number;
  drawnAt: string;
  drawnBy: string;
  /** Active files unchanged for a year / never helped (now). */
  unchangedYear: number;
  neverHelped: number;
  files: Array<{ fileId: string; line: string; visited: boolean; outcome: string | null }>;
}

export interface ExportResult {
  fileID: string;
  tempFileURL: string;
  rows: number;
  masked: boolean;
  fileName: string;
}

export interface ImportCounts {
  rows: number;
  added: number;
  updated: number;
  unchanged: number;
  refused: number;
  warnings: number;
}

export interface ImportJobView {
  jobId: string;
  kind: ImportKind;
  kindLabel: string;
  status: ImportStatus;
  statusLabel: string;
  /** 0–100. */
  progress: number;
  counts: ImportCounts;
  /** `已导入 N 条，M 条未导入` once done; the refusal reason for a refused workbook. */
  summary: string;
  /** The workbook-level refusal (not xlsx, wrong headers, formulas…), in Chinese. */
  refusal: string | null;
  /** The result workbook (every row with a 结果 and 原因 column) once finished. */
  resultReady: boolean;
  cancellable: boolean;
  createdAt: string;
  finishedAt: string | null;
}

export const registryContract = {
  /** Units in scope (or a node inside it): name fragment or whole credit code; type; unionised. */
  listUnits: action(ListUnitsInput).returns<{ units: UnitView[]; total: number }>(),
  unit: action(UnitIdInput).returns<UnitView>(),
  /** Create (no unitId) or update (unitId + version) a unit inside the caller's scope; one unit per code. */
  saveUnit: action(SaveUnitInput).returns<UnitView>(),
  /** A unit by exact credit code or by name (what founding and joining look up); in any town. */
  findUnits: action(FindUnitInput).returns<{
    units: Array<Pick<UnitView, 'unitId' | 'name' | 'place' | 'unionName'>>;
  }>(),
  listUnions: action(ListUnionsInput).returns<{ unions: UnionView[]; total: number }>(),
  union: action(UnionIdInput).returns<UnionView>(),
  saveUnion: action(SaveUnionInput).returns<UnionView>(),
  listArchive: action(ListArchiveInput).returns<{ files: ArchiveFileView[]; total: number }>(),
  archiveFile: action(FileIdInput).returns<ArchiveFileView>(),
  saveArchiveFile: action(SaveArchiveInput).returns<ArchiveFileView>(),
  exitArchiveFile: action(ExitArchiveInput).returns<ArchiveFileView>(),
  recordHelp: action(RecordHelpInput).returns<ArchiveFileView>(),
  /** Draw the year's re-check sample (≥ 30% of active files in the node, at random); once per year and node. */
  startRecheck: action(StartRecheckInput).returns<RecheckView>(),
  recheck: action(RecheckInput).returns<RecheckView | null>(),
  recordRecheck: action(RecordRecheckInput).returns<ArchiveFileView>(),
  /** An xlsx of a list within the caller's scope, masked unless the role may see full values; audited. */
  exportList: action(ExportListInput).returns<ExportResult>(),
  /** The import template of a kind (xlsx with the headers, a sample row and the allowed values). */
  importTemplate: action(ImportTemplateInput).returns<{ fileID: string; tempFileURL: string; fileName: string }>(),
  /** Start importing an uploaded workbook: a background job in the database. */
  startImport: action(StartImportInput).returns<ImportJobView>(),
  /** A job's progress; also advances it by one bounded slice when it is due (the page polls this). */
  importStatus: action(ImportJobInput).returns<ImportJobView>(),
  cancelImport: action(ImportJobInput).returns<ImportJobView>(),
  /** The result workbook: every row with 结果 and 原因 (row and column named). */
  importResult: action(ImportJobInput).returns<{ fileID: string; tempFileURL: string; fileName: string }>(),
  listImports: action(ListImportsInput).returns<{ jobs: ImportJobView[] }>(),
};
