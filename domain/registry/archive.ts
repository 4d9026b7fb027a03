/**
 * The hardship archive (困难职工档案): one file per household, the head's identity (ID and phone encrypted,
 * blind-indexed) and family, a category (深度困难 / 相对困难 / 意外致困), kept by the head's unit's union or,
 * for workers without one, the town. `archive_people` (one row per person by blind index) keeps a person in
 * at most one file and is what aid eligibility reads. Help given is recorded on the file (by staff, or when
 * an aid payment is made); a file leaves with a reason and is kept ten years after, then purged.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, conflict, forbidden, invalid, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import type { GridNode } from '../../typings/grid';
import {
  ARCHIVE_CAUSE_LABELS,
  ARCHIVE_EXIT_LABELS,
  ARCHIVE_FLAG_LABELS,
  ARCHIVE_RETENTION_YEARS,
  FAMILY_RELATION_LABELS,
  HARDSHIP_CATEGORY_LABELS,
  HELP_KIND_LABELS,
  RECHECK_OUTCOME_LABELS,
  type ArchiveExitReason,
  type ArchiveFieldsData,
  type ArchiveFileView,
  type ArchiveFlag,
  type HelpKind,
} from '../../typings/registry';
import { newId, randomCode } from '../people/codes';
import { inScope, loadActor, requireStaff, type Actor, type StaffScope } from '../people/actor';
import { UNMASK_ROLES } from '../people/directory';
import { writeAudit } from '../audit/audit';
import { blindIndex, decryptField, encryptField } from '../security/crypto';
import { maskIdNumber, maskName, maskPhone } from '../security/mask';
import { checkIdNumber, fenToYuan } from '../security/validators';
import { chinaDate } from './unions';
import { gridNodes, placeName, placeOf, requireInScope, staffAt, subtree } from './scope';
import { unitByCode } from './units';
import {
  ARCHIVE_FILES,
  ARCHIVE_PEOPLE,
  UNIONS,
  type ArchivePersonRecord,
  type ArchiveRecord,
  type FamilyRecord,
  type UnionRecord,
} from './store';

const DAY_MS = 86_400_000;
const YEAR_MS = 365 * DAY_MS;
/** Help entries kept on a file (the newest); `helpCount` counts them all. */
const HELP_KEPT = 100;

/** The year in China time. */
export const chinaYear = (at: Date): number => Number(chinaDate(at).slice(0, 4));

/** Blind index of an ID number (normalised as the people registry does). */
export function idIndex(idNumber: string): string {
  const checked = checkIdNumber(idNumber);
  return blindIndex('id', checked.ok ? checked.value : idNumber.trim().toUpperCase());
}

/** The flags of a file now: unchanged for a year, never helped, drawn for this year's re-check. */
export function archiveFlags(f: ArchiveRecord, now: Date): ArchiveFlag[] {
  const flags: ArchiveFlag[] = [];
  if (f.status !== 'active') return flags;
  if (now.getTime() - new Date(f.lastChangedAt).getTime() >= YEAR_MS) flags.push('unchanged_year');
  if (f.helpCount === 0) flags.push('never_helped');
  if (f.recheck?.sampled && f.recheck.year === chinaYear(now)) flags.push('sampled');
  return flags;
}

export function archiveSummary(f: ArchiveRecord): string {
  const state = f.status === 'active' ? '在档' : `已退出（${f.exit ? ARCHIVE_EXIT_LABELS[f.exit.reason] : ''}）`;
  return `${HARDSHIP_CATEGORY_LABELS[f.category]} · ${ARCHIVE_CAUSE_LABELS[f.cause]} · 家庭${f.householdSize}人 · 年收入${fenToYuan(f.annualIncomeFen)}元 · ${state}`;
}

/** A file as staff see it; identifiers masked unless `full` (an audited view by a role that may). */
export function toArchiveView(f: ArchiveRecord, grid: Map<string, GridNode>, now: Date, full = false): ArchiveFileView {
  const id = decryptField(f.idEnc);
  const phone = f.phoneEnc ? decryptField(f.phoneEnc) : null;
  const flags = archiveFlags(f, now);
  return {
    fileId: f._id,
    version: f.version,
    fileNo: f.fileNo,
    status: f.status,
    name: full ? f.name : maskName(f.name),
    idNumber: full ? id : maskIdNumber(id),
    phone: phone ? (full ? phone : maskPhone(phone)) : null,
    masked: !full,
    category: f.category,
    cause: f.cause,
    householdSize: f.householdSize,
    annualIncomeFen: f.annualIncomeFen,
    villageId: f.villageId,
    place: placeName(grid, f),
    unitName: f.unitName,
    keeper: f.keeper.kind === 'union' ? f.keeper.name : `${f.keeper.name}（本人单位未建工会）`,
    family: f.family.map((m) => {
      const mid = m.idEnc ? decryptField(m.idEnc) : null;
      return {
        name: full ? m.name : maskName(m.name),
        relation: FAMILY_RELATION_LABELS[m.relation],
        idNumber: mid ? (full ? mid : maskIdNumber(mid)) : null,
      };
    }),
    note: f.note,
    flags,
    flagLabels: flags.map((x) => ARCHIVE_FLAG_LABELS[x]),
    openedAt: new Date(f.openedAt).toISOString(),
    lastChangedAt: new Date(f.lastChangedAt).toISOString(),
    help: f.help
      .slice()
      .reverse()
      .map((h) => ({
        on: h.on,
        kind: HELP_KIND_LABELS[h.kind],
        amount: h.amountFen === null ? null : `${fenToYuan(h.amountFen)}元`,
        note: h.note,
      })),
    recheck: f.recheck
      ? {
          year: f.recheck.year,
          sampled: f.recheck.sampled,
          visitedAt: f.recheck.visitedAt ? new Date(f.recheck.visitedAt).toISOString() : null,
          outcome: f.recheck.outcome ? RECHECK_OUTCOME_LABELS[f.recheck.outcome] : null,
        }
      : null,
    exit: f.exit
      ? {
          reason: ARCHIVE_EXIT_LABELS[f.exit.reason],
          note: f.exit.note,
          at: new Date(f.exit.at).toISOString(),
          retainUntil: f.retainUntil ? new Date(f.retainUntil).toISOString() : '',
        }
      : null,
    demo: f.demo,
    summary: archiveSummary(f),
  };
}

export async function getArchiveRecord(ctx: Pick<HandlerContext, 'db'>, id: string): Promise<ArchiveRecord | null> {
  const { data } = await ctx.db.collection<ArchiveRecord>(ARCHIVE_FILES).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

/** The file holding a person (head or family member) by ID number's blind index, or null. */
export async function archiveFileOf(ctx: Pick<HandlerContext, 'db'>, idHash: string): Promise<ArchiveRecord | null> {
  const { data } = await ctx.db.collection<ArchivePersonRecord>(ARCHIVE_PEOPLE).where({ _id: idHash }).limit(1).get();
  if (!data[0]) return null;
  return getArchiveRecord(ctx, data[0].fileId);
}

/** The database filter of an archive search inside a subtree. */
export function archiveFilter(
  ctx: Pick<HandlerContext, 'db'>,
  path: readonly string[],
  input: { q?: string; status?: string; category?: string; flag?: ArchiveFlag },
  now: Date,
): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...subtree(path) };
  const _ = ctx.db.command;
  const q = input.q?.trim();
  if (q) {
    if (checkIdNumber(q).ok) filter.idHash = idIndex(q);
    else if (/^[A-Za-z0-9-]{4,32}$/.test(q) && /\d/.test(q)) filter.fileNo = q.toUpperCase();
    else filter.name = ctx.db.RegExp({ regexp: `^${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` });
  }
  if (input.status) filter.status = input.status;
  if (input.category) filter.category = input.category;
  if (input.flag) {
    filter.status = 'active';
    if (input.flag === 'unchanged_year') filter.lastChangedAt = _.lte(new Date(now.getTime() - YEAR_MS));
    if (input.flag === 'never_helped') filter.helpCount = 0;
    if (input.flag === 'sampled') {
      filter['recheck.year'] = chinaYear(now);
      filter['recheck.sampled'] = true;
    }
  }
  return filter;
}

/** `listArchive`: files in scope, masked, by file number. */
export async function listArchive(
  input: {
    nodeId?: string;
    q?: string;
    status?: 'active' | 'exited';
    category?: string;
    flag?: ArchiveFlag;
    skip?: number;
    limit?: number;
  },
  ctx: HandlerContext,
): Promise<{ files: ArchiveFileView[]; total: number }> {
  const { path } = await staffAt(ctx, input.nodeId);
  const now = ctx.now();
  const filter = archiveFilter(ctx, path, input, now);
  const coll = ctx.db.collection<ArchiveRecord>(ARCHIVE_FILES);
  const [{ data }, { total }, grid] = await Promise.all([
    coll
      .where(filter)
      .orderBy('fileNo', 'asc')
      .skip(input.skip ?? 0)
      .limit(input.limit ?? 20)
      .get(),
    coll.where(filter).count(),
    gridNodes(ctx),
  ]);
  return { files: data.map((f) => toArchiveView(f, grid, now)), total };
}

async function fileInScope(ctx: HandlerContext, staff: StaffScope, fileId: string): Promise<ArchiveRecord> {
  const file = await getArchiveRecord(ctx, fileId);
  if (!file || !inScope(staff, file.path)) throw notFound('档案不存在');
  return file;
}

/** `archiveFile`: one file in scope; in full for the roles that may see it (audited). */
export async function getArchiveFile(
  input: { fileId: string; unmask?: boolean },
  ctx: HandlerContext,
): Promise<ArchiveFileView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const file = await fileInScope(ctx, staff, input.fileId);
  if (input.unmask) {
    if (!UNMASK_ROLES.includes(staff.role)) throw forbidden('当前角色只能查看脱敏信息');
    await writeAudit(ctx, { action: 'archive.viewUnmasked', targetType: 'archive_file', targetId: file._id, actor });
  }
  return toArchiveView(file, await gridNodes(ctx), ctx.now(), Boolean(input.unmask));
}

/** Who keeps a file: the union of the head's unit, or the town. */
async function keeperOf(
  ctx: HandlerContext,
  unitCode: string | undefined,
  townId: string,
  grid: Map<string, GridNode>,
  field: string,
): Promise<{ keeper: ArchiveRecord['keeper']; unitId: string | null; unitName: string | null }> {
  const town = { kind: 'town' as const, nodeId: townId, name: grid.get(townId)?.name ?? '' };
  if (!unitCode) return { keeper: town, unitId: null, unitName: null };
  const unit = await unitByCode(ctx, unitCode);
  if (!unit) throw invalid(field, '没有登记这个统一社会信用代码的单位，请先登记单位或留空');
  if (!unit.unionId) return { keeper: town, unitId: unit._id, unitName: unit.name };
  const { data } = await ctx.db.collection<UnionRecord>(UNIONS).where({ _id: unit.unionId }).limit(1).get();
  const union = data[0];
  return {
    keeper: union ? { kind: 'union', unionId: union._id, name: union.name } : town,
    unitId: unit._id,
    unitName: unit.name,
  };
}

/** A new file number: `KN<year>-<town number>-<6 random>`, e.g. `KN2026-15-7QK3MZ` (unique; retried on a clash). */
export const newFileNo = (now: Date, townId: string): string =>
  `KN${chinaYear(now)}-${townId.replace(/^t/, '')}-${randomCode(6)}`;

/** The people of a file by blind index, with their role; refuses a person listed twice. */
function filePeople(fields: ArchiveFieldsData, family: FamilyRecord[], headHash: string) {
  const people: Array<{ hash: string; role: 'head' | 'member'; field: string }> = [
    { hash: headHash, role: 'head', field: 'fields.idNumber' },
  ];
  family.forEach((m, i) => {
    if (m.idHash) people.push({ hash: m.idHash, role: 'member', field: `fields.family.${i}.idNumber` });
  });
  const seen = new Set<string>();
  for (const p of people) {
    if (seen.has(p.hash)) throw invalid(p.field, '同一人在档案中填写了两次');
    seen.add(p.hash);
  }
  void fields;
  return people;
}

/** The stored household fields of a file (what counts as a change of the household's data). */
export function householdFields(
  f: ArchiveFieldsData,
  previous: Pick<ArchiveRecord, 'phoneEnc' | 'phoneHash' | 'idEnc' | 'idHash' | 'family'> | null,
) {
  const idHash = idIndex(f.idNumber);
  const phoneHash = f.phone ? blindIndex('phone', f.phone) : null;
  const family: FamilyRecord[] = f.family.map((m) => {
    const hash = m.idNumber ? idIndex(m.idNumber) : null;
    const old = previous?.family.find((x) => hash && x.idHash === hash);
    return {
      name: m.name,
      relation: m.relation,
      idHash: hash,
      idEnc: m.idNumber ? (old?.idEnc ?? encryptField(m.idNumber)) : null,
    };
  });
  return {
    name: f.name,
    idHash,
    idEnc: previous?.idHash === idHash ? previous.idEnc : encryptField(f.idNumber),
    phoneHash,
    phoneEnc: f.phone
      ? previous?.phoneHash === phoneHash && previous.phoneEnc
        ? previous.phoneEnc
        : encryptField(f.phone)
      : null,
    category: f.category,
    cause: f.cause,
    householdSize: f.householdSize,
    annualIncomeFen: f.annualIncomeFen,
    note: f.note ?? null,
    family,
  };
}

/** Fields whose change is a change of the household's data (ciphertexts compared by blind index). */
export function householdChanged(
  before: ArchiveRecord,
  after: ReturnType<typeof householdFields> & { villageId: string; unitId: string | null },
): boolean {
  const pick = (x: Record<string, unknown>) =>
    JSON.stringify([
      x.name,
      x.idHash,
      x.phoneHash,
      x.category,
      x.cause,
      x.householdSize,
      x.annualIncomeFen,
      x.note,
      (x.family as FamilyRecord[]).map((m) => [m.name, m.relation, m.idHash]),
      x.villageId,
      x.unitId,
    ]);
  return pick(before as unknown as Record<string, unknown>) !== pick(after as unknown as Record<string, unknown>);
}

/**
 * Write a file and its `archive_people` rows in one transaction. A person already in another file that is
 * still active is refused (naming the field); rows of a person in an exited file move to this one; rows of
 * people no longer in this file are removed.
 */
export async function writeArchive(
  ctx: HandlerContext,
  record: ArchiveRecord,
  expectVersion: number | null,
  previousHashes: readonly string[],
  fields: ArchiveFieldsData,
): Promise<void> {
  const people = filePeople(fields, record.family, record.idHash);
  const tx = await ctx.db.startTransaction();
  try {
    const ref = tx.collection(ARCHIVE_FILES).doc(record._id);
    if (expectVersion !== null) {
      const { data } = await ref.get();
      if (!data || (data as ArchiveRecord).version !== expectVersion)
        throw conflict('该档案刚被他人修改，请刷新后再改');
    }
    const { _id: _omit, ...rest } = record;
    void _omit;
    await ref.set({ data: rest });
    for (const p of people) {
      const pref = tx.collection(ARCHIVE_PEOPLE).doc(p.hash);
      const { data } = await pref.get().catch(() => ({ data: null }));
      const row = data as ArchivePersonRecord | null;
      if (row && row.fileId !== record._id && row.status === 'active') {
        throw new AppError(
          'DUPLICATE',
          p.role === 'head' ? '此人已在另一份在档的困难职工档案中' : '该家庭成员已在另一份在档的困难职工档案中',
          p.field,
        );
      }
      const next: Omit<ArchivePersonRecord, '_id'> = { fileId: record._id, role: p.role, status: record.status };
      await pref.set({ data: next });
    }
    for (const hash of previousHashes) {
      if (people.some((p) => p.hash === hash)) continue;
      const pref = tx.collection(ARCHIVE_PEOPLE).doc(hash);
      const { data } = await pref.get().catch(() => ({ data: null }));
      if ((data as ArchivePersonRecord | null)?.fileId === record._id) await pref.remove();
    }
    await tx.commit();
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    if (error instanceof AppError) throw error;
    if (isDuplicateKeyError(error)) throw new AppError('DUPLICATE', '档案号已被使用，请换一个', 'fields.fileNo');
    if (/CONFLICT|conflict/.test(String((error as { message?: unknown })?.message ?? ''))) {
      throw conflict('该档案刚被他人修改，请刷新后再改');
    }
    throw error;
  }
}

const personHashes = (f: Pick<ArchiveRecord, 'idHash' | 'family'>) => [
  f.idHash,
  ...f.family.map((m) => m.idHash).filter((x): x is string => Boolean(x)),
];

/**
 * Open (no fileId) or update a file from checked fields, as staff `by`; `source` says how (form, import).
 * Returns the record and whether it was added, changed or left as it was.
 */
export async function putArchiveFile(
  ctx: HandlerContext,
  staff: StaffScope,
  input: { fileId?: string; version?: number; fields: ArchiveFieldsData },
  source: string,
  fieldPrefix = 'fields.',
  mark?: { jobId: string; line: number },
): Promise<{ record: ArchiveRecord; outcome: 'added' | 'updated' | 'unchanged' }> {
  const f = input.fields;
  const grid = await gridNodes(ctx);
  const village = grid.get(f.villageId);
  if (!village || village.level !== 'village' || !village.parentId)
    throw invalid(`${fieldPrefix}villageId`, '户籍村（社区）不存在');
  const place = placeOf(grid, village.parentId, village._id, fieldPrefix);
  requireInScope(staff, place, `${fieldPrefix}villageId`);
  const now = ctx.now();
  let existing: ArchiveRecord | null = null;
  if (input.fileId) {
    existing = await fileInScope(ctx, staff, input.fileId);
    if (existing.status !== 'active') throw new AppError('PRECONDITION_FAILED', '已退出的档案不能修改');
  }
  const household = householdFields(f, existing);
  const { keeper, unitId, unitName } = await keeperOf(
    ctx,
    f.unitCreditCode?.code,
    place.townId,
    grid,
    `${fieldPrefix}unitCreditCode`,
  );
  const fileNo = (f.fileNo ?? existing?.fileNo ?? newFileNo(now, place.townId)).toUpperCase();
  if (existing && fileNo !== existing.fileNo) {
    const { data } = await ctx.db.collection<ArchiveRecord>(ARCHIVE_FILES).where({ fileNo }).limit(1).get();
    if (data[0]) throw new AppError('DUPLICATE', '档案号已被使用，请换一个', `${fieldPrefix}fileNo`);
  }
  const changed = existing
    ? householdChanged(existing, { ...household, villageId: place.villageId as string, unitId }) ||
      fileNo !== existing.fileNo
    : true;
  if (existing && !changed && existing.keeper.name === keeper.name) return { record: existing, outcome: 'unchanged' };
  const record: ArchiveRecord = {
    ...(existing ?? {
      _id: newId(),
      status: 'active' as const,
      openedAt: now,
      help: [],
      helpCount: 0,
      lastHelpedOn: null,
      recheck: null,
      exit: null,
      retainUntil: null,
      demo: false,
      source,
      createdAt: now,
    }),
    ...household,
    fileNo,
    townId: place.townId,
    villageId: place.villageId as string,
    path: place.path,
    unitId,
    unitName,
    keeper,
    lastChangedAt: changed ? now : (existing?.lastChangedAt ?? now),
    version: existing ? (input.version ?? existing.version) + 1 : 0,
    updatedAt: now,
    updatedBy: staff.staffId,
    ...(mark ? { importJobId: mark.jobId, importLine: mark.line, importOutcome: existing ? 'updated' : 'added' } : {}),
  } as ArchiveRecord;
  await writeArchive(
    ctx,
    record,
    existing ? (input.version ?? existing.version) : null,
    existing ? personHashes(existing) : [],
    f,
  );
  return { record, outcome: existing ? 'updated' : 'added' };
}

/** `saveArchiveFile`. */
export async function saveArchiveFile(
  input: { fileId?: string; version?: number; fields: ArchiveFieldsData },
  ctx: HandlerContext,
): Promise<ArchiveFileView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  if (input.fileId && input.version === undefined) throw invalid('version', '修改时须带上版本号');
  let result: Awaited<ReturnType<typeof putArchiveFile>> | undefined;
  for (let attempt = 0; attempt < 3 && !result; attempt += 1) {
    try {
      result = await putArchiveFile(ctx, staff, input, 'form');
    } catch (error) {
      // A generated file number that clashed: draw another (a given one is the caller's to change).
      if (!(error instanceof AppError && error.field === 'fields.fileNo' && !input.fields.fileNo && attempt < 2))
        throw error;
    }
  }
  await writeAudit(ctx, {
    action: input.fileId ? 'archive.update' : 'archive.open',
    targetType: 'archive_file',
    targetId: result!.record._id,
    actor,
  });
  return toArchiveView(result!.record, await gridNodes(ctx), ctx.now());
}

/** `exitArchiveFile`: the household leaves the archive, with a reason; kept ten years, then purged. */
export async function exitArchiveFile(
  input: { fileId: string; version: number; reason: ArchiveExitReason; note: string },
  ctx: HandlerContext,
): Promise<ArchiveFileView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor, ['town_staff', 'city_admin']);
  const file = await fileInScope(ctx, staff, input.fileId);
  if (file.status !== 'active') throw new AppError('PRECONDITION_FAILED', '该档案已退出');
  const now = ctx.now();
  const retainUntil = new Date(now);
  retainUntil.setUTCFullYear(retainUntil.getUTCFullYear() + ARCHIVE_RETENTION_YEARS);
  const patch = {
    status: 'exited' as const,
    exit: { reason: input.reason, note: input.note, at: now, by: staff.staffId },
    retainUntil,
    version: input.version + 1,
    updatedAt: now,
    updatedBy: staff.staffId,
  };
  const res = await ctx.db
    .collection(ARCHIVE_FILES)
    .where({ _id: file._id, version: input.version, status: 'active' })
    .update({ data: patch });
  if (res.stats.updated !== 1) throw conflict('该档案刚被他人修改，请刷新后再试');
  await ctx.db
    .collection(ARCHIVE_PEOPLE)
    .where({ fileId: file._id })
    .update({ data: { status: 'exited' } });
  await writeAudit(ctx, {
    action: 'archive.exit',
    targetType: 'archive_file',
    targetId: file._id,
    detail: { reason: input.reason },
    actor,
  });
  return toArchiveView({ ...file, ...patch }, await gridNodes(ctx), now);
}

/** Append a help record (newest {@link HELP_KEPT} kept; `helpCount` counts all). Not a household change. */
export async function addHelp(
  ctx: Pick<HandlerContext, 'db'>,
  file: ArchiveRecord,
  entry: {
    on: string;
    kind: HelpKind;
    amountFen: number | null;
    note: string | null;
    by: string | null;
    source: string;
  },
): Promise<ArchiveRecord> {
  const help = [...file.help, entry].slice(-HELP_KEPT);
  const lastHelpedOn = !file.lastHelpedOn || entry.on > file.lastHelpedOn ? entry.on : file.lastHelpedOn;
  const res = await ctx.db
    .collection(ARCHIVE_FILES)
    .where({ _id: file._id, helpCount: file.helpCount })
    .update({ data: { help, helpCount: file.helpCount + 1, lastHelpedOn } });
  if (res.stats.updated !== 1) throw conflict('该档案刚被他人修改，请刷新后再试');
  return { ...file, help, helpCount: file.helpCount + 1, lastHelpedOn };
}

/** `recordHelp`: staff record help given to a household in scope. */
export async function recordHelp(
  input: { fileId: string; kind: HelpKind; amountFen?: number; on: string; note?: string },
  ctx: HandlerContext,
): Promise<ArchiveFileView> {
  const actor: Actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const file = await fileInScope(ctx, staff, input.fileId);
  if (file.status !== 'active') throw new AppError('PRECONDITION_FAILED', '已退出的档案不能再登记帮扶');
  if (input.on > chinaDate(ctx.now())) throw invalid('on', '帮扶日期不能晚于今天');
  const after = await addHelp(ctx, file, {
    on: input.on,
    kind: input.kind,
    amountFen: input.amountFen ?? null,
    note: input.note ?? null,
    by: staff.staffId,
    source: 'manual',
  });
  return toArchiveView(after, await gridNodes(ctx), ctx.now());
}

/**
 * An aid payment made to a person in the archive is recorded on their file as help (once per case; the
 * payment step calls this after recording the payment, and a retry adds nothing).
 */
export async function noteAidPaid(
  ctx: Pick<HandlerContext, 'db'>,
  idHash: string,
  entry: { caseId: string; on: string; amountFen: number; programme: string },
): Promise<boolean> {
  const file = await archiveFileOf(ctx, idHash);
  if (!file || file.status !== 'active') return false;
  const source = `aid:${entry.caseId}`;
  if (file.help.some((h) => h.source === source)) return false;
  await addHelp(ctx, file, {
    on: entry.on,
    kind: 'aid',
    amountFen: entry.amountFen,
    note: entry.programme,
    by: null,
    source,
  });
  return true;
}

/** Timer: purge exited files whose ten years are over (file and person rows); audited. */
export async function purgeExpiredFiles(ctx: HandlerContext): Promise<number> {
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection<ArchiveRecord>(ARCHIVE_FILES)
    .where({ status: 'exited', retainUntil: _.lt(ctx.now()) })
    .limit(100)
    .get();
  for (const file of data) {
    await ctx.db.collection(ARCHIVE_PEOPLE).where({ fileId: file._id }).remove();
    await ctx.db.collection(ARCHIVE_FILES).doc(file._id).remove();
    await writeAudit(ctx, {
      action: 'archive.purge',
      targetType: 'archive_file',
      targetId: file._id,
      detail: { fileNo: file.fileNo },
    });
  }
  return data.length;
}

/**
 * What aid eligibility reads: the file holding a person (by the blind index of their ID number), as blind
 * indexes of the name recorded for that person and of the file number, the file's status and category. A
 * family member is looked up under their own name in the household's file.
 */
export async function archiveLookup(
  ctx: Pick<HandlerContext, 'db'>,
  idHash: string,
): Promise<{ nameIndex: string; fileNoIndex: string; fileStatus: '在档' | '脱困'; category: string } | null> {
  const file = await archiveFileOf(ctx, idHash);
  if (!file) return null;
  const member = file.idHash === idHash ? null : file.family.find((m) => m.idHash === idHash);
  const name = member ? member.name : file.name;
  return {
    nameIndex: blindIndex('name', normaliseArchiveName(name)),
    fileNoIndex: blindIndex('name', `file:${file.fileNo.toUpperCase()}`),
    fileStatus: file.status === 'active' ? '在档' : '脱困',
    category: HARDSHIP_CATEGORY_LABELS[file.category],
  };
}

/** A name normalised as the aid checks index names (trimmed, `·` variants unified). */
export const normaliseArchiveName = (name: string) => name.trim().replace(/[•・．\u30FB\u2027\u2219]/g, '·');
