/**
 * Writing one chunk of checked rows (up to 1000) for each import kind, de-duplicated against what is stored:
 * units by credit code, people by the blind index of the ID number, unions by credit code (or name and town),
 * hardship files by the head's ID. A row that would change nothing writes nothing (`unchanged`); a row that
 * refers to something outside the importer's scope, or repeats an earlier row of the same file, is refused
 * naming its column. Written records carry the job and line, so a chunk run again after an interruption
 * reports what it did the first time and never writes a second record.
 */
import type { HandlerContext } from '../../runtime/context';
import { AppError } from '../../runtime/errors';
import { isDuplicateKeyError } from '../../runtime/db-errors';
import type { GridNode } from '../../../typings/grid';
import type { ImportKind } from '../../../typings/registry';
import type { StaffScope } from '../../people/actor';
import { inScope } from '../../people/actor';
import { newId } from '../../people/codes';
import { PEOPLE, type PersonRecord } from '../../people/person';
import { blindIndex, encryptField } from '../../security/crypto';
import { idFacts } from '../../security/validators';
import { normaliseName } from '../../aid/reference';
import { placeName, placeOf } from '../scope';
import { changedFields, unitFields } from '../records';
import { unionFields, writeUnion } from '../unions';
import { archiveFileOf, putArchiveFile } from '../archive';
import { UNIONS, UNITS, type UnionRecord, type UnitRecord } from '../store';
import { columnOfPath } from './columns';
import { checkRow, type CheckedRows, type RowIssue } from './rows';
import type { RawCell } from './cells';
import type { RowResult } from './result';
import type { SheetRow } from './workbook';

/** What writing a chunk needs besides the rows. */
export interface ChunkEnv {
  ctx: HandlerContext;
  jobId: string;
  /** The person who started the import: their scope bounds every row. */
  actor: StaffScope;
  grid: ReadonlyMap<string, GridNode>;
  townsByName: ReadonlyMap<string, GridNode>;
  /** Column positions of the workbook's header. */
  positions: ReadonlyMap<string, number>;
}

type Checked<K extends ImportKind> = { row: SheetRow; data: CheckedRows[K]; warnings: RowIssue[] };

const refused = (line: number, column: string | null, message: string, warnings: RowIssue[] = []): RowResult => ({
  line,
  outcome: 'refused',
  issues: [{ column, message }],
  warnings,
});

/** An AppError from shared domain code, as a row issue on the column its field names. */
function issueOf(kind: ImportKind, error: unknown): RowIssue | null {
  if (!(error instanceof AppError)) return null;
  const path = (error.field ?? '')
    .replace(/^fields\./, '')
    .split('.')
    .filter(Boolean);
  return { column: path.length ? (columnOfPath(kind, path)?.label ?? null) : null, message: error.message };
}

/** Check every row of a chunk; refused rows get their results, the rest go on to be written. */
function checkChunk<K extends ImportKind>(kind: K, rows: readonly SheetRow[], env: ChunkEnv) {
  const results = new Map<number, RowResult>();
  const ok: Checked<K>[] = [];
  for (const row of rows) {
    const cells = new Map<string, RawCell>();
    for (const [label, i] of env.positions) cells.set(label, row.cells[i] ?? null);
    const checked = checkRow(kind, cells, { grid: env.grid as Map<string, GridNode>, townsByName: env.townsByName });
    if (checked.ok) ok.push({ row, data: checked.data, warnings: checked.warnings });
    else
      results.set(row.line, { line: row.line, outcome: 'refused', issues: checked.issues, warnings: checked.warnings });
  }
  return { results, ok };
}

/** A record written by this job for another line of the same file: the row repeats that line. */
function repeatOf(mark: { importJobId?: string; importLine?: number }, jobId: string, line: number): number | null {
  return mark.importJobId === jobId && mark.importLine !== undefined && mark.importLine !== line
    ? mark.importLine
    : null;
}

async function byField<T>(
  ctx: HandlerContext,
  collection: string,
  field: string,
  values: string[],
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += 500) {
    const { data } = await ctx.db
      .collection(collection)
      .where({ [field]: ctx.db.command.in(unique.slice(i, i + 500)) })
      .limit(1000)
      .get();
    for (const d of data) out.set(String(d[field]), d as T);
  }
  return out;
}

/** Add new documents in batches; a batch refused for a duplicate (someone added meanwhile) goes one by one. */
async function addAll<T extends { _id: string }>(
  ctx: HandlerContext,
  collection: string,
  docs: T[],
  onDuplicate: (doc: T) => Promise<void>,
) {
  for (let i = 0; i < docs.length; i += 500) {
    const batch = docs.slice(i, i + 500);
    try {
      await ctx.db.collection(collection).add({ data: batch });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      for (const doc of batch) {
        try {
          await ctx.db.collection(collection).add({ data: doc });
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e;
          await onDuplicate(doc);
        }
      }
    }
  }
}

async function applyUnits(rows: readonly SheetRow[], env: ChunkEnv): Promise<RowResult[]> {
  const { ctx, jobId, actor, grid } = env;
  const { results, ok } = checkChunk('units', rows, env);
  const existing = await byField<UnitRecord>(
    ctx,
    UNITS,
    'creditCode',
    ok.map((r) => r.data.fields.creditCode.code),
  );
  const seen = new Map<string, number>();
  const fresh: UnitRecord[] = [];
  const freshLine = new Map<string, number>();
  const now = ctx.now();
  for (const { row, data, warnings } of ok) {
    const line = row.line;
    const f = data.fields;
    const code = f.creditCode.code;
    let place;
    try {
      place = placeOf(grid as Map<string, GridNode>, f.townId, f.villageId, '');
    } catch (error) {
      const issue = issueOf('units', error);
      results.set(line, refused(line, issue?.column ?? null, issue?.message ?? '所在地不正确', warnings));
      continue;
    }
    if (!inScope(actor, place.path)) {
      results.set(line, refused(line, f.villageId ? '所在村（社区）' : '所在乡镇', '不在您的辖区，不能导入', warnings));
      continue;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      results.set(line, refused(line, '统一社会信用代码', `与第 ${earlier} 行的统一社会信用代码重复`, warnings));
      continue;
    }
    seen.set(code, line);
    const ex = existing.get(code);
    if (!ex) {
      const record: UnitRecord = {
        _id: newId(),
        ...unitFields(f, place),
        unionId: null,
        version: 0,
        demo: false,
        source: `import:${jobId}`,
        createdAt: now,
        updatedAt: now,
        updatedBy: actor.staffId,
        importJobId: jobId,
        importLine: line,
        importOutcome: 'added',
      };
      fresh.push(record);
      freshLine.set(record._id, line);
      results.set(line, { line, outcome: 'added', issues: [], warnings });
      continue;
    }
    const repeat = repeatOf(ex, jobId, line);
    if (repeat !== null) {
      results.set(line, refused(line, '统一社会信用代码', `与第 ${repeat} 行的统一社会信用代码重复`, warnings));
      continue;
    }
    if (ex.importJobId === jobId && ex.importLine === line && ex.importOutcome) {
      results.set(line, { line, outcome: ex.importOutcome, issues: [], warnings });
      continue;
    }
    if (!inScope(actor, ex.path)) {
      results.set(
        line,
        refused(
          line,
          '统一社会信用代码',
          `该单位已登记在${placeName(grid as Map<string, GridNode>, ex)}，不属于您的辖区`,
          warnings,
        ),
      );
      continue;
    }
    const next = unitFields(f, place, ex);
    if (changedFields(ex, next).length === 0) {
      results.set(line, { line, outcome: 'unchanged', issues: [], warnings });
      continue;
    }
    const res = await ctx.db
      .collection(UNITS)
      .where({ _id: ex._id, version: ex.version })
      .update({
        data: {
          ...next,
          version: ex.version + 1,
          updatedAt: now,
          updatedBy: actor.staffId,
          importJobId: jobId,
          importLine: line,
          importOutcome: 'updated',
        },
      });
    results.set(
      line,
      res.stats.updated === 1
        ? { line, outcome: 'updated', issues: [], warnings }
        : refused(line, null, '该单位正被他人修改，请稍后把这一行再导入一次', warnings),
    );
  }
  await addAll(ctx, UNITS, fresh, async (doc) => {
    const line = freshLine.get(doc._id) as number;
    const holder = (await byField<UnitRecord>(ctx, UNITS, 'creditCode', [doc.creditCode])).get(doc.creditCode);
    const repeat = holder ? repeatOf(holder, jobId, line) : null;
    const message =
      repeat !== null ? `与第 ${repeat} 行的统一社会信用代码重复` : '该统一社会信用代码刚被登记，请稍后再导入这一行';
    results.set(line, refused(line, '统一社会信用代码', message, results.get(line)?.warnings));
  });
  return rows.map((r) => results.get(r.line) as RowResult);
}

/** A person first written by an import row (personal data encrypted as it is written). */
function newPersonRecord(
  p: { name: string; idNumber: string; phone?: string | null },
  at: {
    idHash: string;
    village: GridNode;
    category: string;
    work: Record<string, unknown>;
    staffId: string;
    jobId: string;
    line: number;
    now: Date;
  },
): PersonRecord {
  const { idHash, village, category, work, jobId, line, now } = at;
  const phone = p.phone;
  const facts = idFacts(p.idNumber);
  const _id = newId();
  const record = {
    _id,
    openid: null,
    ownerKey: `unclaimed:${_id}`,
    name: p.name,
    idHash,
    idEnc: encryptField(p.idNumber),
    ...(phone ? { phoneEnc: encryptField(phone), phoneHash: blindIndex('phone', phone) } : {}),
    gender: facts.gender,
    birthDate: facts.birthDate,
    homeVillageId: village._id,
    homePath: village.path,
    homeTownId: village.path[1],
    categories: [category],
    ...Object.fromEntries(Object.entries(work).filter(([, v]) => v !== undefined)),
    enteredBy: at.staffId,
    claimed: false,
    createdAt: now,
    updatedAt: now,
    importJobId: jobId,
    importLine: line,
    importOutcome: 'added',
  } as PersonRecord;
  return record;
}

/** Write a chunk's new and changed people; a new one another chunk wrote meanwhile is refused as a repeat. */
async function writePeople(
  { ctx, jobId }: ChunkEnv,
  fresh: PersonRecord[],
  freshLine: Map<string, number>,
  updates: Array<{ id: string; patch: Record<string, unknown>; line: number; warnings: RowIssue[] }>,
  results: Map<number, RowResult>,
): Promise<void> {
  await addAll(ctx, PEOPLE, fresh, async (doc) => {
    // Another chunk of the same file (written at the same time) may hold the same person.
    const line = freshLine.get(doc._id) as number;
    const holder = (
      await byField<PersonRecord & { importJobId?: string; importLine?: number }>(ctx, PEOPLE, 'idHash', [doc.idHash])
    ).get(doc.idHash);
    const repeat = holder ? repeatOf(holder, jobId, line) : null;
    const message = repeat !== null ? `与第 ${repeat} 行的身份证号重复` : '该身份证号刚被登记，请稍后再导入这一行';
    results.set(line, refused(line, '身份证号', message, results.get(line)?.warnings));
  });
  for (let i = 0; i < updates.length; i += 20) {
    await Promise.all(
      updates.slice(i, i + 20).map(async (u) => {
        await ctx.db.collection(PEOPLE).doc(u.id).update({ data: u.patch });
        results.set(u.line, { line: u.line, outcome: 'updated', issues: [], warnings: u.warnings });
      }),
    );
  }
}

async function applyPeople(
  kind: 'workers' | 'migrants',
  rows: readonly SheetRow[],
  env: ChunkEnv,
): Promise<RowResult[]> {
  const { ctx, jobId, actor, grid } = env;
  const { results, ok } = checkChunk(kind, rows, env);
  const category = kind === 'workers' ? 'worker' : 'migrant';
  const hashes = ok.map((r) => blindIndex('id', r.data.profile.idNumber));
  const existing = await byField<
    PersonRecord & { importJobId?: string; importLine?: number; importOutcome?: 'added' | 'updated' }
  >(ctx, PEOPLE, 'idHash', hashes);
  const units = await byField<UnitRecord>(
    ctx,
    UNITS,
    'creditCode',
    ok.map((r) => r.data.unitCreditCode).filter((c): c is string => Boolean(c)),
  );
  const seen = new Map<string, number>();
  const fresh: PersonRecord[] = [];
  const freshLine = new Map<string, number>();
  const updates: Array<{ id: string; patch: Record<string, unknown>; line: number; warnings: RowIssue[] }> = [];
  const now = ctx.now();
  ok.forEach(({ row, data, warnings }, k) => {
    const line = row.line;
    const p = data.profile;
    const idHash = hashes[k];
    const village = grid.get(p.homeVillageId) as GridNode;
    if (!inScope(actor, village.path)) {
      results.set(line, refused(line, '户籍村（社区）', '不在您的辖区，不能导入', warnings));
      return;
    }
    const earlier = seen.get(idHash);
    if (earlier !== undefined) {
      results.set(line, refused(line, '身份证号', `与第 ${earlier} 行的身份证号重复`, warnings));
      return;
    }
    seen.set(idHash, line);
    let unit: UnitRecord | undefined;
    if (data.unitCreditCode) {
      unit = units.get(data.unitCreditCode);
      if (!unit)
        warnings.push({
          column: '单位统一社会信用代码',
          message: '该单位尚未登记，未关联单位（登记单位后再导入即可关联）',
        });
    }
    const work = {
      ...(p.workCity ? { workCity: p.workCity } : {}),
      employer: p.employer ?? unit?.name,
      employerTownId: unit?.townId,
      unitId: unit?._id,
    };
    const phone = p.phone;
    const ex = existing.get(idHash);
    if (!ex) {
      const record = newPersonRecord(p, { idHash, village, category, work, staffId: actor.staffId, jobId, line, now });
      fresh.push(record);
      freshLine.set(record._id, line);
      results.set(line, { line, outcome: 'added', issues: [], warnings });
      return;
    }
    const repeat = repeatOf(ex, jobId, line);
    if (repeat !== null) {
      results.set(line, refused(line, '身份证号', `与第 ${repeat} 行的身份证号重复`, warnings));
      return;
    }
    if (ex.importJobId === jobId && ex.importLine === line && ex.importOutcome) {
      results.set(line, { line, outcome: ex.importOutcome, issues: [], warnings });
      return;
    }
    if (ex.erased) {
      results.set(line, refused(line, '身份证号', '此人已申请删除个人信息，不能再导入', warnings));
      return;
    }
    if (normaliseName(ex.name) !== normaliseName(p.name)) {
      results.set(line, refused(line, '姓名', '与已登记的该身份证号的姓名不一致，请核对', warnings));
      return;
    }
    if (!inScope(actor, ex.homePath)) {
      results.set(
        line,
        refused(
          line,
          '户籍村（社区）',
          `此人已登记在${placeName(grid as Map<string, GridNode>, { townId: ex.homeTownId, villageId: null })}，请联系该乡镇`,
          warnings,
        ),
      );
      return;
    }
    const patch: Record<string, unknown> = {
      categories: ex.categories.includes(category) ? ex.categories : [...ex.categories, category],
      ...Object.fromEntries(Object.entries(work).filter(([, v]) => v !== undefined)),
    };
    if (!ex.claimed) {
      // A profile the person has not claimed follows the registry; a claimed one keeps what the person entered.
      Object.assign(patch, { homeVillageId: village._id, homePath: village.path, homeTownId: village.path[1] });
      if (phone && ex.phoneHash !== blindIndex('phone', phone))
        Object.assign(patch, { phoneEnc: encryptField(phone), phoneHash: blindIndex('phone', phone) });
    } else if (ex.homeVillageId !== village._id) {
      warnings.push({ column: '户籍村（社区）', message: '本人已自行登记，户籍村以本人登记为准' });
    }
    if (changedFields(ex, patch).length === 0) {
      results.set(line, { line, outcome: 'unchanged', issues: [], warnings });
      return;
    }
    Object.assign(patch, { updatedAt: now, importJobId: jobId, importLine: line, importOutcome: 'updated' });
    updates.push({ id: ex._id, patch, line, warnings });
  });
  await writePeople(env, fresh, freshLine, updates, results);
  return rows.map((r) => results.get(r.line) as RowResult);
}

/** A registered union by exact name or credit code (the 上级工会 column). */
async function findUnion(ctx: HandlerContext, text: string): Promise<UnionRecord[] | null> {
  const code = /^[0-9A-Z]{18}$/.test(text.toUpperCase()) ? text.toUpperCase() : null;
  const { data } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where(code ? { creditKey: code } : { name: text })
    .limit(2)
    .get();
  return data.length ? data : null;
}

async function applyUnions(rows: readonly SheetRow[], env: ChunkEnv): Promise<RowResult[]> {
  const { ctx, jobId, actor, grid } = env;
  const { results, ok } = checkChunk('unions', rows, env);
  const now = ctx.now();
  for (const { row, data, warnings } of ok) {
    const line = row.line;
    const f = data.fields;
    try {
      const place = placeOf(grid as Map<string, GridNode>, f.townId, f.villageId, '');
      if (!inScope(actor, place.path)) {
        results.set(
          line,
          refused(line, f.villageId ? '所在村（社区）' : '所在乡镇', '不在您的辖区，不能导入', warnings),
        );
        continue;
      }
      // The same union: by its credit code, else by name in the same town.
      const { data: found } = await ctx.db
        .collection<UnionRecord>(UNIONS)
        .where(f.creditCode ? { creditKey: f.creditCode.code } : { name: f.name, townId: f.townId })
        .limit(1)
        .get();
      const ex = found[0] ?? null;
      if (ex) {
        const repeat = repeatOf(ex, jobId, line);
        if (repeat !== null) {
          results.set(
            line,
            refused(
              line,
              f.creditCode ? '工会统一社会信用代码' : '工会名称',
              `与第 ${repeat} 行是同一个工会`,
              warnings,
            ),
          );
          continue;
        }
        if (ex.importJobId === jobId && ex.importLine === line && ex.importOutcome) {
          results.set(line, { line, outcome: ex.importOutcome, issues: [], warnings });
          continue;
        }
        if (!inScope(actor, ex.path)) {
          results.set(line, refused(line, '工会名称', '该工会已登记在其他乡镇，不属于您的辖区', warnings));
          continue;
        }
      }
      let parentUnionId: string | null = null;
      if (data.parent) {
        const parents = await findUnion(ctx, data.parent);
        if (!parents) {
          results.set(line, refused(line, '上级工会', '没有登记这个上级工会，请先导入上级工会', warnings));
          continue;
        }
        if (parents.length > 1) {
          results.set(line, refused(line, '上级工会', '有多个同名工会，请填写上级工会的统一社会信用代码', warnings));
          continue;
        }
        parentUnionId = parents[0]._id;
      } else if (f.type !== 'town_federation') {
        const { data: fed } = await ctx.db
          .collection<UnionRecord>(UNIONS)
          .where({ townId: f.townId, type: 'town_federation' })
          .limit(1)
          .get();
        parentUnionId = fed[0]?._id ?? null;
      }
      const codes = f.unitCreditCodes.map((c) => c.code);
      if (f.type === 'enterprise' && codes.length !== 1) {
        results.set(
          line,
          refused(line, '覆盖单位统一社会信用代码', '企业工会须填写一个单位的统一社会信用代码', warnings),
        );
        continue;
      }
      const unitMap = await byField<UnitRecord>(ctx, UNITS, 'creditCode', codes);
      const missing = codes.find((c) => !unitMap.get(c) || !inScope(actor, (unitMap.get(c) as UnitRecord).path));
      if (missing) {
        results.set(line, refused(line, '覆盖单位统一社会信用代码', '有单位未在本辖区登记，请先导入单位', warnings));
        continue;
      }
      const id = ex?._id ?? newId();
      const taken = codes.map((c) => unitMap.get(c) as UnitRecord).find((u) => u.unionId && u.unionId !== id);
      if (taken) {
        results.set(line, refused(line, '覆盖单位统一社会信用代码', `“${taken.name}”已由其他工会覆盖`, warnings));
        continue;
      }
      const units = codes.map((c) => unitMap.get(c) as UnitRecord);
      const stored = unionFields({ ...f, parentUnionId: parentUnionId ?? undefined }, place, id, {
        units,
        parentUnionId,
      });
      if (ex && changedFields(ex, stored).length === 0) {
        results.set(line, { line, outcome: 'unchanged', issues: [], warnings });
        continue;
      }
      const record: UnionRecord = {
        _id: id,
        ...stored,
        version: ex ? ex.version + 1 : 0,
        demo: ex?.demo ?? false,
        source: ex?.source ?? `import:${jobId}`,
        createdAt: ex?.createdAt ?? now,
        updatedAt: now,
        updatedBy: actor.staffId,
        importJobId: jobId,
        importLine: line,
        importOutcome: ex ? 'updated' : 'added',
      };
      await writeUnion(ctx, record, ex ? ex.version : null, ex?.unitIds ?? []);
      results.set(line, { line, outcome: ex ? 'updated' : 'added', issues: [], warnings });
    } catch (error) {
      const issue = issueOf('unions', error);
      if (!issue) throw error;
      results.set(line, refused(line, issue.column, issue.message, warnings));
    }
  }
  return rows.map((r) => results.get(r.line) as RowResult);
}

async function applyHardship(rows: readonly SheetRow[], env: ChunkEnv): Promise<RowResult[]> {
  const { ctx, jobId, actor } = env;
  const { results, ok } = checkChunk('hardship', rows, env);
  const seen = new Map<string, number>();
  for (const { row, data, warnings } of ok) {
    const line = row.line;
    const hash = blindIndex('id', data.fields.idNumber);
    const earlier = seen.get(hash);
    if (earlier !== undefined) {
      results.set(line, refused(line, '身份证号', `与第 ${earlier} 行的身份证号重复`, warnings));
      continue;
    }
    seen.set(hash, line);
    try {
      const current = await archiveFileOf(ctx, hash);
      const active = current && current.status === 'active' ? current : null;
      if (active) {
        const repeat = repeatOf(active, jobId, line);
        if (repeat !== null) {
          results.set(line, refused(line, '身份证号', `与第 ${repeat} 行的身份证号重复`, warnings));
          continue;
        }
        if (!inScope(actor, active.path)) {
          results.set(line, refused(line, '身份证号', '此人已在其他乡镇建档，不属于您的辖区', warnings));
          continue;
        }
        if (active.idHash !== hash) {
          results.set(line, refused(line, '身份证号', '此人是另一份在档档案的家庭成员', warnings));
          continue;
        }
      }
      const { record, outcome } = await putArchiveFile(
        ctx,
        actor,
        { fileId: active?._id, version: active?.version, fields: data.fields },
        `import:${jobId}`,
        '',
        { jobId, line },
      );
      const reported =
        outcome === 'unchanged' && record.importJobId === jobId && record.importLine === line && record.importOutcome
          ? record.importOutcome
          : outcome;
      results.set(line, { line, outcome: reported, issues: [], warnings });
    } catch (error) {
      const issue = issueOf('hardship', error);
      if (!issue) throw error;
      results.set(line, refused(line, issue.column, issue.message, warnings));
    }
  }
  return rows.map((r) => results.get(r.line) as RowResult);
}

/** Write one chunk of rows of `kind`; returns one result per row, in order. */
export function applyChunk(kind: ImportKind, rows: readonly SheetRow[], env: ChunkEnv): Promise<RowResult[]> {
  switch (kind) {
    case 'units':
      return applyUnits(rows, env);
    case 'unions':
      return applyUnions(rows, env);
    case 'workers':
    case 'migrants':
      return applyPeople(kind, rows, env);
    case 'hardship':
      return applyHardship(rows, env);
  }
}
