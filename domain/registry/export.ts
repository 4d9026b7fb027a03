/**
 * Exporting a registry list to xlsx within the exporter's scope: the same filters as the list, the import's
 * columns (so an unmasked export can be corrected and imported again), identifiers masked unless the role
 * may see them in full (town staff, the city) and asked for it. Every export is audited; the file is handed
 * out through cloud storage and deleted after a day.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, invalid } from '../runtime/errors';
import type { GridNode } from '../../typings/grid';
import {
  ARCHIVE_CAUSE_LABELS,
  ECONOMIC_TYPE_LABELS,
  HARDSHIP_CATEGORIES,
  HARDSHIP_CATEGORY_LABELS,
  IMPORT_KIND_LABELS,
  INDUSTRY_LABELS,
  MAX_EXPORT_ROWS,
  REGISTRY_LIST_LABELS,
  UNION_TYPES,
  UNION_TYPE_LABELS,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  type ExportResult,
  type RegistryList,
} from '../../typings/registry';
import { UNMASK_ROLES, subtreeFilter } from '../people/directory';
import { PEOPLE, idNumberHash, type PersonRecord } from '../people/person';
import { newId } from '../people/codes';
import { writeAudit } from '../audit/audit';
import { decryptField } from '../security/crypto';
import { maskIdNumber, maskName, maskPhone } from '../security/mask';
import { checkIdNumber, fenToYuan } from '../security/validators';
import { archiveFilter } from './archive';
import { chinaDate, unionFilter } from './unions';
import { unitFilter } from './units';
import { escapeRegExp, gridNodes, staffAt } from './scope';
import { IMPORT_COLUMNS } from './import/columns';
import { FROZEN_HEADER, layoutColumns, streamingWorkbook } from './import/template';
import {
  ARCHIVE_FILES,
  REGISTRY_EXPORTS,
  UNIONS,
  UNITS,
  type ArchiveRecord,
  type UnionRecord,
  type UnitRecord,
} from './store';

/** Exports leave storage after this long. */
export const EXPORT_TTL_MS = 86_400_000;

type Row = Array<string | number | null>;

interface Source {
  collection: string;
  filter: Record<string, unknown>;
  row: (doc: Record<string, unknown>) => Row;
  demo: (doc: Record<string, unknown>) => boolean;
  /** Look-ups a page of documents needs before its rows are written (covered units' codes, parents). */
  prepare?: (docs: Record<string, unknown>[]) => Promise<void>;
}

const dec = (enc: unknown) => (typeof enc === 'string' && enc ? decryptField(enc) : '');

/** How a list's cells are written: names of grid nodes, masked or full personal values, units' credit codes. */
interface Cells {
  name: (id: unknown) => string;
  person: (n: string) => string;
  idn: (enc: unknown) => string;
  phone: (enc: unknown) => string;
  unitCodes: Map<string, string>;
  codeOf: (ids: string[]) => Promise<void>;
}

function cellsFor(ctx: HandlerContext, full: boolean, grid: Map<string, GridNode>): Cells {
  const unitCodes = new Map<string, string>();
  return {
    name: (id) => (typeof id === 'string' ? (grid.get(id)?.name ?? '') : ''),
    person: (n) => (full ? n : maskName(n)),
    idn: (enc) => (full ? dec(enc) : maskIdNumber(dec(enc))),
    phone: (enc) => {
      const p = dec(enc);
      return p ? (full ? p : maskPhone(p)) : '';
    },
    unitCodes,
    codeOf: async (ids) => {
      const wanted = ids.filter((id) => !unitCodes.has(id));
      if (!wanted.length) return;
      const { data } = await ctx.db
        .collection<UnitRecord>(UNITS)
        .where({ _id: ctx.db.command.in(wanted) })
        .field({ creditCode: true })
        .limit(1000)
        .get();
      for (const u of data) unitCodes.set(u._id, u.creditCode);
    },
  };
}

type SourceInput = { q?: string; type?: string; status?: 'active' | 'exited' };

function unitsSource(ctx: HandlerContext, path: string[], input: SourceInput, { name, phone }: Cells): Source {
  if (input.type && !(UNIT_TYPES as readonly string[]).includes(input.type)) throw invalid('type', '单位类型不正确');
  return {
    collection: UNITS,
    filter: unitFilter(ctx, path, input),
    demo: (d) => Boolean(d.demo),
    row: (d) => {
      const u = d as unknown as UnitRecord;
      return [
        u.name,
        u.creditCode,
        UNIT_TYPE_LABELS[u.type],
        ECONOMIC_TYPE_LABELS[u.economicType],
        INDUSTRY_LABELS[u.industry],
        u.employees,
        u.womenEmployees,
        u.address,
        name(u.townId),
        name(u.villageId),
        u.legalRep,
        u.contactName,
        phone(u.contactPhoneEnc),
      ];
    },
  };
}

function unionsSource(ctx: HandlerContext, path: string[], input: SourceInput, cells: Cells): Source {
  const { name, unitCodes, codeOf } = cells;
  if (input.type && !(UNION_TYPES as readonly string[]).includes(input.type)) throw invalid('type', '工会类型不正确');
  const parents = new Map<string, string>();
  return {
    collection: UNIONS,
    filter: unionFilter(ctx, path, input),
    demo: (d) => Boolean(d.demo),
    row: (d) => {
      const u = d as unknown as UnionRecord;
      return [
        u.name,
        u.creditCode,
        UNION_TYPE_LABELS[u.type],
        u.parentUnionId ? (parents.get(u.parentUnionId) ?? '') : '',
        u.unitIds
          .map((id) => unitCodes.get(id) ?? '')
          .filter(Boolean)
          .join('、'),
        u.foundedOn,
        u.memberCount,
        name(u.townId),
        name(u.villageId),
        u.chairman?.name ?? null,
        u.chairman?.termStart ?? null,
        u.chairman?.termEnd ?? null,
        u.certificateValidUntil,
      ];
    },
    prepare: async (docs) => {
      const unions = docs as unknown as UnionRecord[];
      await codeOf(unions.flatMap((u) => u.unitIds));
      const ids = unions
        .map((u) => u.parentUnionId)
        .filter((x): x is string => Boolean(x) && !parents.has(x as string));
      if (!ids.length) return;
      const { data } = await ctx.db
        .collection<UnionRecord>(UNIONS)
        .where({ _id: ctx.db.command.in(ids) })
        .field({ name: true })
        .limit(1000)
        .get();
      for (const p of data) parents.set(p._id, p.name);
    },
  };
}

function peopleSource(
  ctx: HandlerContext,
  list: 'workers' | 'migrants',
  path: string[],
  input: SourceInput,
  cells: Cells,
): Source {
  const { name, person, idn, phone, unitCodes, codeOf } = cells;
  const filter: Record<string, unknown> = {
    ...subtreeFilter(path, ctx.db.command),
    categories: list === 'workers' ? 'worker' : 'migrant',
  };
  const q = input.q?.trim();
  if (q) {
    if (checkIdNumber(q).ok) filter.idHash = idNumberHash(q);
    else filter.name = ctx.db.RegExp({ regexp: `^${escapeRegExp(q)}` });
  }
  return {
    collection: PEOPLE,
    filter,
    demo: () => false,
    row: (d) => {
      const p = d as unknown as PersonRecord & { unitId?: string };
      const base = [person(p.name), idn(p.idEnc), phone(p.phoneEnc), name(p.homeTownId), name(p.homeVillageId)];
      const code = p.unitId ? (unitCodes.get(p.unitId) ?? '') : '';
      return list === 'workers'
        ? [...base, p.employer ?? '', code]
        : [...base, p.workCity ?? '', p.employer ?? '', code];
    },
    prepare: (docs) => codeOf(docs.map((p) => p.unitId).filter((x): x is string => typeof x === 'string')),
  };
}

function hardshipSource(ctx: HandlerContext, path: string[], input: SourceInput, cells: Cells): Source {
  const { name, person, idn, phone, unitCodes, codeOf } = cells;
  if (input.type && !(HARDSHIP_CATEGORIES as readonly string[]).includes(input.type))
    throw invalid('type', '困难类别不正确');
  return {
    collection: ARCHIVE_FILES,
    filter: archiveFilter(ctx, path, { q: input.q, status: input.status, category: input.type }, ctx.now()),
    demo: (d) => Boolean(d.demo),
    row: (d) => {
      const f = d as unknown as ArchiveRecord;
      return [
        f.fileNo,
        person(f.name),
        idn(f.idEnc),
        phone(f.phoneEnc),
        HARDSHIP_CATEGORY_LABELS[f.category],
        ARCHIVE_CAUSE_LABELS[f.cause],
        f.householdSize,
        fenToYuan(f.annualIncomeFen),
        name(f.townId),
        name(f.villageId),
        f.unitId ? (unitCodes.get(f.unitId) ?? '') : '',
        f.note,
      ];
    },
    prepare: (docs) => codeOf(docs.map((f) => f.unitId).filter((x): x is string => typeof x === 'string')),
  };
}

/** The list's source: collection, filter inside the scope path, and how a document becomes a row. */
function sourceOf(
  ctx: HandlerContext,
  list: RegistryList,
  path: string[],
  input: SourceInput,
  full: boolean,
  grid: Map<string, GridNode>,
): Source {
  const cells = cellsFor(ctx, full, grid);
  switch (list) {
    case 'units':
      return unitsSource(ctx, path, input, cells);
    case 'unions':
      return unionsSource(ctx, path, input, cells);
    case 'workers':
    case 'migrants':
      return peopleSource(ctx, list, path, input, cells);
    case 'hardship':
      return hardshipSource(ctx, path, input, cells);
  }
}

/** `exportList`. */
export async function exportList(
  input: {
    list: RegistryList;
    nodeId?: string;
    q?: string;
    type?: string;
    status?: 'active' | 'exited';
    unmask?: boolean;
  },
  ctx: HandlerContext,
): Promise<ExportResult> {
  const { actor, staff, path } = await staffAt(ctx, input.nodeId);
  const full = Boolean(input.unmask);
  if (full && !UNMASK_ROLES.includes(staff.role)) throw forbidden('当前角色只能导出脱敏名单');
  const grid = await gridNodes(ctx);
  const source = await sourceOf(ctx, input.list, path, input, full, grid);
  const coll = ctx.db.collection(source.collection);
  const { total } = await coll.where(source.filter).count();
  if (total > MAX_EXPORT_ROWS)
    throw new AppError(
      'PRECONDITION_FAILED',
      `符合条件的有 ${total} 条，超过单次导出上限 ${MAX_EXPORT_ROWS} 条，请按乡镇或村（社区）筛选后分批导出`,
    );
  const { workbook, done } = streamingWorkbook();
  const kind = input.list;
  const sheet = workbook.addWorksheet(IMPORT_KIND_LABELS[kind], { views: FROZEN_HEADER });
  layoutColumns(sheet, IMPORT_COLUMNS[kind], false);
  sheet.getRow(1).commit();
  let rows = 0;
  let demo = 0;
  let last: string | null = null;
  const _ = ctx.db.command;
  for (;;) {
    const page = await coll
      .where(last === null ? source.filter : { ...source.filter, _id: _.gt(last) })
      .orderBy('_id', 'asc')
      .limit(1000)
      .get();
    if (!page.data.length) break;
    if (source.prepare) await source.prepare(page.data);
    for (const doc of page.data) {
      sheet.addRow(source.row(doc)).commit();
      rows += 1;
      if (source.demo(doc)) demo += 1;
    }
    last = String(page.data[page.data.length - 1]._id);
    if (page.data.length < 1000) break;
  }
  sheet.commit();
  const note = workbook.addWorksheet('说明');
  for (const line of [
    [`${REGISTRY_LIST_LABELS[kind]}名单，共 ${rows} 条`],
    [`范围：${path.map((id) => grid.get(id)?.name ?? id).join(' / ')}`],
    [full ? '含完整身份证号、手机号：仅限工作使用，不得外传' : '身份证号、手机号、姓名已脱敏'],
    [`导出时间：${chinaDate(ctx.now())}；由 ${staff.name} 导出`],
    ...(demo ? [[`其中 ${demo} 条为系统生成的示例数据（非真实单位或人员）`]] : []),
  ]) {
    note.addRow(line).commit();
  }
  note.commit();
  const content = await done();
  const now = ctx.now();
  const fileName = `${REGISTRY_LIST_LABELS[kind]}名单-${chinaDate(now)}${full ? '' : '（脱敏）'}.xlsx`;
  const uploaded = (await ctx.cloud.uploadFile({
    cloudPath: `registry-exports/${chinaDate(now)}/${newId()}.xlsx`,
    fileContent: content,
  })) as { fileID: string };
  await ctx.db.collection(REGISTRY_EXPORTS).add({
    data: {
      fileID: uploaded.fileID,
      by: staff.staffId,
      list: kind,
      at: now,
      deleteAfter: new Date(now.getTime() + EXPORT_TTL_MS),
    },
  });
  await writeAudit(ctx, {
    action: 'registry.export',
    targetType: 'registry_list',
    targetId: kind,
    detail: {
      nodeId: path[path.length - 1],
      rows,
      masked: !full,
      filtered: Boolean(input.q || input.type || input.status),
    },
    actor,
  });
  const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: uploaded.fileID, maxAge: 600 }] })) as {
    fileList: { tempFileURL: string }[];
  };
  return { fileID: uploaded.fileID, tempFileURL: temp.fileList[0]?.tempFileURL ?? '', rows, masked: !full, fileName };
}

/** Timer: delete exports older than a day. */
export async function purgeExports(ctx: HandlerContext): Promise<number> {
  const { data } = await ctx.db
    .collection(REGISTRY_EXPORTS)
    .where({ deleteAfter: ctx.db.command.lt(ctx.now()) })
    .limit(100)
    .get();
  if (!data.length) return 0;
  await Promise.resolve(ctx.cloud.deleteFile({ fileList: data.map((d) => String(d.fileID)) })).catch(() => undefined);
  await ctx.db
    .collection(REGISTRY_EXPORTS)
    .where({ _id: ctx.db.command.in(data.map((d) => String(d._id))) })
    .remove();
  return data.length;
}
