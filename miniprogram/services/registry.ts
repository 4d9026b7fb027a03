/**
 * The registry (function `registry`): lists of units, unions, hardship files and people (function `people`),
 * each shaped into Chinese lines for the staff pages; exports and import workbooks opened on the phone.
 */
import {
  ARCHIVE_CAUSE_LABELS,
  CATEGORY_LABELS,
  HARDSHIP_CATEGORY_LABELS,
  IMPORT_KIND_LABELS,
  REGISTRY_LIST_LABELS,
  UNION_TYPE_LABELS,
  UNIT_TYPE_LABELS,
  type ApiResult,
  type ArchiveFileView,
  type ImportJobView,
  type ImportKind,
  type MaskedPerson,
  type RegistryList,
  type UnionView,
  type UnitView,
} from '@union/contracts';
import { callApi, newRequestId, type CallInput } from './api';
import { extensionOf } from './upload';
import { formatTime, formatYuan } from '../utils/format';

export const listUnits = (input: CallInput<'registry', 'listUnits'>) => callApi('registry', 'listUnits', input);
export const listUnions = (input: CallInput<'registry', 'listUnions'>) => callApi('registry', 'listUnions', input);
export const listArchive = (input: CallInput<'registry', 'listArchive'>) => callApi('registry', 'listArchive', input);
export const searchPeople = (input: CallInput<'people', 'searchPeople'>) => callApi('people', 'searchPeople', input);
export const getUnit = (unitId: string) => callApi('registry', 'unit', { unitId });
export const getUnion = (unionId: string) => callApi('registry', 'union', { unionId });
export const getArchiveFile = (fileId: string, unmask = false) =>
  callApi('registry', 'archiveFile', unmask ? { fileId, unmask } : { fileId });
export const saveUnit = (input: CallInput<'registry', 'saveUnit'>, requestId: string) =>
  callApi('registry', 'saveUnit', input, { requestId });
export const saveUnion = (input: CallInput<'registry', 'saveUnion'>, requestId: string) =>
  callApi('registry', 'saveUnion', input, { requestId });
export const saveArchiveFile = (input: CallInput<'registry', 'saveArchiveFile'>, requestId: string) =>
  callApi('registry', 'saveArchiveFile', input, { requestId });
export const exitArchiveFile = (input: CallInput<'registry', 'exitArchiveFile'>) =>
  callApi('registry', 'exitArchiveFile', input, { requestId: newRequestId() });
export const recordHelp = (input: CallInput<'registry', 'recordHelp'>) =>
  callApi('registry', 'recordHelp', input, { requestId: newRequestId() });
export const startRecheck = (year: number) => callApi('registry', 'startRecheck', { year });
export const getRecheck = (year: number) => callApi('registry', 'recheck', { year });
export const recordRecheck = (input: CallInput<'registry', 'recordRecheck'>) =>
  callApi('registry', 'recordRecheck', input);

/** The tabs of the registry page. */
export const REGISTRY_TABS: Array<{ value: RegistryList; label: string }> = (
  ['units', 'unions', 'hardship', 'workers', 'migrants'] as RegistryList[]
).map((value) => ({ value, label: REGISTRY_LIST_LABELS[value] }));

/** One line of a registry list, the same shape for every tab. */
export interface RegistryItem {
  id: string;
  title: string;
  line: string;
  place: string;
  /** Short marks shown as badges: 示例, 校验位待核, 一年未改… */
  badges: Array<{ text: string; tone: 'ok' | 'warn' | 'muted' }>;
  /** The page that opens it ('' = not openable). */
  url: string;
}

const demo = (d: boolean) => (d ? [{ text: '示例数据', tone: 'muted' as const }] : []);

export function unitItem(u: UnitView): RegistryItem {
  return {
    id: u.unitId,
    title: u.name,
    line: u.summary,
    place: `${u.place} · ${u.unionName ? `已建会：${u.unionName}` : '未建会'}`,
    badges: [...demo(u.demo), ...(u.creditCodeWarning ? [{ text: '代码校验位待核', tone: 'warn' as const }] : [])],
    url: `/staff/pages/unit/index?id=${u.unitId}`,
  };
}

export function unionItem(u: UnionView): RegistryItem {
  return {
    id: u.unionId,
    title: u.name,
    line: u.summary,
    place: `${u.place}${u.chairman ? ` · 主席 ${u.chairman.name}` : ''}`,
    badges: [
      ...demo(u.demo),
      ...(/到期|已于/.test(u.certificateState) ? [{ text: '法人证书待换', tone: 'warn' as const }] : []),
    ],
    url: `/staff/pages/union/index?id=${u.unionId}`,
  };
}

export function archiveItem(f: ArchiveFileView): RegistryItem {
  return {
    id: f.fileId,
    title: `${f.name} · ${f.fileNo}`,
    line: f.summary,
    place: `${f.place} · ${f.keeper}`,
    badges: [...demo(f.demo), ...f.flagLabels.map((text) => ({ text, tone: 'warn' as const }))],
    url: `/staff/pages/archive/index?id=${f.fileId}`,
  };
}

export function personItem(p: MaskedPerson): RegistryItem {
  const kinds = p.categories.map((c) => CATEGORY_LABELS[c]).join('、');
  const work = [p.workCity, p.employer].filter(Boolean).join(' · ');
  return {
    id: p.personId,
    title: `${p.name} · ${p.idNumber}`,
    line: `${kinds}${work ? ` · ${work}` : ''}`,
    place: p.claimed ? '已由本人认领' : p.enteredOnBehalf ? '代为登记，待本人认领' : '',
    badges: [],
    url: '',
  };
}

export type ListFilters = { q?: string; nodeId?: string; skip?: number; limit?: number };

/** One page of a tab's list, as items and the total. */
export async function loadList(
  tab: RegistryList,
  f: ListFilters,
): Promise<ApiResult<{ items: RegistryItem[]; total: number }>> {
  const common = {
    ...(f.q ? { q: f.q } : {}),
    ...(f.nodeId ? { nodeId: f.nodeId } : {}),
    skip: f.skip ?? 0,
    limit: f.limit ?? 20,
  };
  if (tab === 'units') {
    const r = await listUnits(common);
    return r.ok ? { ok: true, data: { items: r.data.units.map(unitItem), total: r.data.total } } : r;
  }
  if (tab === 'unions') {
    const r = await listUnions(common);
    return r.ok ? { ok: true, data: { items: r.data.unions.map(unionItem), total: r.data.total } } : r;
  }
  if (tab === 'hardship') {
    const r = await listArchive(common);
    return r.ok ? { ok: true, data: { items: r.data.files.map(archiveItem), total: r.data.total } } : r;
  }
  const person: CallInput<'people', 'searchPeople'> = {
    category: tab === 'workers' ? 'worker' : 'migrant',
    skip: common.skip,
    limit: common.limit,
    ...(f.nodeId ? { nodeId: f.nodeId } : {}),
  };
  if (f.q) {
    if (/^\d{17}[\dXx]$/.test(f.q)) person.idNumber = f.q;
    else person.name = f.q;
  }
  const r = await searchPeople(person);
  return r.ok ? { ok: true, data: { items: r.data.people.map(personItem), total: r.data.total } } : r;
}

/** Download a file the server handed out (temp URL) and open it on the phone (xlsx: with the share menu). */
export function openWorkbook(url: string): Promise<{ ok: true } | { ok: false; message: string }> {
  return new Promise((resolve) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode !== 200) return resolve({ ok: false, message: '文件下载没有成功，请重试。' });
        wx.openDocument({
          filePath: res.tempFilePath,
          fileType: 'xlsx',
          showMenu: true,
          success: () => resolve({ ok: true }),
          fail: () => resolve({ ok: false, message: '手机没能打开这个表格，请在电脑上用 Excel 打开。' }),
        });
      },
      fail: () => resolve({ ok: false, message: '文件下载没有成功，请检查网络后重试。' }),
    });
  });
}

/** Export a list (masked unless `unmask` and the role allows it) and open it. */
export async function exportAndOpen(input: CallInput<'registry', 'exportList'>) {
  const r = await callApi('registry', 'exportList', input);
  if (!r.ok) return r;
  const opened = await openWorkbook(r.data.tempFileURL);
  return opened.ok ? r : { ok: false as const, code: 'INTERNAL' as const, message: opened.message };
}

export const IMPORT_KINDS_SHOWN: Array<{ value: ImportKind; label: string }> = (
  ['units', 'unions', 'workers', 'migrants', 'hardship'] as ImportKind[]
).map((value) => ({ value, label: IMPORT_KIND_LABELS[value] }));

export const importTemplate = (kind: ImportKind) => callApi('registry', 'importTemplate', { kind });
export const importStatus = (jobId: string) => callApi('registry', 'importStatus', { jobId });
export const cancelImport = (jobId: string) => callApi('registry', 'cancelImport', { jobId });
export const importResult = (jobId: string) => callApi('registry', 'importResult', { jobId });
export const listImports = () => callApi('registry', 'listImports', { limit: 10 });
export const startImport = (kind: ImportKind, fileID: string, requestId: string) =>
  callApi('registry', 'startImport', { kind, fileID }, { requestId });

export interface ChosenWorkbook {
  path: string;
  name: string;
  size: number;
}

/** Let the staff member pick a workbook from a WeChat chat (where spreadsheets arrive). */
export function chooseWorkbook(): Promise<ChosenWorkbook | null> {
  return new Promise((resolve) => {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['xlsx', 'xls', 'csv'],
      success: (res) => {
        const f = res.tempFiles[0];
        resolve(f ? { path: f.path, name: f.name, size: f.size } : null);
      },
      fail: () => resolve(null),
    });
  });
}

/**
 * Upload a chosen workbook under my own prefix (`cases.uploadPath`): the import accepts only my own upload.
 * A file that is not .xlsx is still uploaded, so the server can say why it is refused.
 */
export async function uploadWorkbook(
  file: ChosenWorkbook,
  onProgress: (percent: number) => void,
): Promise<{ ok: true; fileID: string } | { ok: false; message: string }> {
  const ext = extensionOf(file.name) === 'xls' ? 'xls' : 'xlsx';
  const path = await callApi('cases', 'uploadPath', { ext });
  if (!path.ok) return { ok: false, message: path.message };
  return new Promise((resolve) => {
    const task = wx.cloud.uploadFile({
      cloudPath: path.data.cloudPath,
      filePath: file.path,
      success: (res) => resolve({ ok: true, fileID: res.fileID }),
      fail: () => resolve({ ok: false, message: '上传没有成功，请检查网络后重试。' }),
    });
    task?.onProgressUpdate?.((p) => onProgress(p.progress));
  });
}

/** An import job as the page shows it. */
export function jobLine(j: ImportJobView) {
  return {
    id: j.jobId,
    title: `${j.kindLabel}导入 · ${formatTime(j.createdAt)}`,
    status: j.statusLabel,
    summary: j.summary,
    done: !['queued', 'reading', 'writing', 'finishing'].includes(j.status),
    ok: j.status === 'done',
    resultReady: j.resultReady,
  };
}
export type JobLine = ReturnType<typeof jobLine>;

/** Choices for pickers, in the order the contracts declare them. */
export const choices = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

export const UNIT_TYPE_CHOICES = choices(UNIT_TYPE_LABELS);
export const UNION_TYPE_CHOICES = choices(UNION_TYPE_LABELS);
export const HARDSHIP_CHOICES = choices(HARDSHIP_CATEGORY_LABELS);
export const CAUSE_CHOICES = choices(ARCHIVE_CAUSE_LABELS);

/** `1234567` fen → `12,345.67元`. */
export const yuan = (fen: number) => `${formatYuan(fen)}元`;
