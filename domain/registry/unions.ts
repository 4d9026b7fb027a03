/**
 * Union organisations (工会组织): enterprise, joint (联合工会), village, community unions and the town
 * federations (乡镇（街道）工会联合会), with their parent union, the units they cover, officers with terms
 * and the legal-person certificate. A unit is covered by at most one union; `saveUnion` keeps each covered
 * unit's `unionId` in the same transaction as the union.
 */
import type { HandlerContext } from '../runtime/context';
import type { Transaction } from '../runtime/db';
import { AppError, conflict, invalid, notFound } from '../runtime/errors';
import type { GridNode } from '../../typings/grid';
import {
  COMMITTEE_POST_LABELS,
  UNION_TYPE_LABELS,
  type OfficerView,
  type UnionFieldsData,
  type UnionView,
} from '../../typings/registry';
import { newId } from '../people/codes';
import { inScope, loadActor, requireStaff, type StaffScope } from '../people/actor';
import { escapeRegExp, gridNodes, placeName, placeOf, requireInScope, staffAt, subtree } from './scope';
import { asCreditCode } from './units';
import { takePendingMembers } from '../membership/members';
import { UNIONS, UNITS, type OfficerRecord, type Placed, type UnionRecord, type UnitRecord } from './store';

const DAY_MS = 86_400_000;

/** Today in China time, `YYYY-MM-DD`. */
export const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

function officerView(o: OfficerRecord, today: string): OfficerView {
  return {
    name: o.name,
    post: o.post === 'chairman' ? '主席' : COMMITTEE_POST_LABELS[o.post],
    term: `${o.termStart} 至 ${o.termEnd}`,
    expired: o.termEnd < today,
  };
}

/** The legal-person certificate in words. */
export function certificateState(u: Pick<UnionRecord, 'creditCode' | 'certificateValidUntil'>, now: Date): string {
  if (!u.creditCode || !u.certificateValidUntil) return '未办理法人资格登记';
  const today = chinaDate(now);
  if (u.certificateValidUntil < today) return `法人资格证书已于 ${u.certificateValidUntil} 到期`;
  const soon = chinaDate(new Date(now.getTime() + 30 * DAY_MS));
  if (u.certificateValidUntil <= soon)
    return `法人资格证书将于 ${u.certificateValidUntil} 到期，请在到期前30日内申请换证`;
  return `法人资格证书有效期至 ${u.certificateValidUntil}`;
}

export function unionSummary(u: Pick<UnionRecord, 'type' | 'memberCount' | 'unitIds' | 'foundedOn'>): string {
  const units = u.unitIds.length ? ` · 覆盖${u.unitIds.length}家单位` : '';
  return `${UNION_TYPE_LABELS[u.type]} · 会员${u.memberCount}人${units} · ${u.foundedOn.slice(0, 4)}年建会`;
}

export function toUnionView(
  u: UnionRecord,
  grid: Map<string, GridNode>,
  related: { parentName: string | null; units: UnitRecord[] },
  now: Date,
): UnionView {
  const today = chinaDate(now);
  return {
    unionId: u._id,
    version: u.version,
    name: u.name,
    creditCode: u.creditCode,
    creditCodeWarning: u.creditCodeWarning,
    type: u.type,
    parentUnionId: u.parentUnionId,
    parentName: related.parentName,
    units: related.units.map((x) => ({ unitId: x._id, name: x.name, creditCode: x.creditCode })),
    foundedOn: u.foundedOn,
    memberCount: u.memberCount,
    townId: u.townId,
    villageId: u.villageId,
    place: placeName(grid, u),
    chairman: u.chairman ? officerView(u.chairman, today) : null,
    committee: u.committee.map((o) => officerView(o, today)),
    certificateValidUntil: u.certificateValidUntil,
    certificateState: certificateState(u, now),
    demo: u.demo,
    summary: unionSummary(u),
    updatedAt: new Date(u.updatedAt).toISOString(),
  };
}

async function byIds<T>(ctx: Pick<HandlerContext, 'db'>, collection: string, ids: readonly string[]): Promise<T[]> {
  const wanted = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < wanted.length; i += 500) {
    const { data } = await ctx.db
      .collection<T>(collection)
      .where({ _id: ctx.db.command.in(wanted.slice(i, i + 500)) })
      .limit(1000)
      .get();
    out.push(...data);
  }
  return out;
}

export async function getUnionRecord(ctx: Pick<HandlerContext, 'db'>, id: string): Promise<UnionRecord | null> {
  const { data } = await ctx.db.collection<UnionRecord>(UNIONS).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

async function views(ctx: HandlerContext, list: UnionRecord[]): Promise<UnionView[]> {
  const [grid, parents, units] = await Promise.all([
    gridNodes(ctx),
    byIds<UnionRecord>(
      ctx,
      UNIONS,
      list.map((u) => u.parentUnionId).filter((x): x is string => Boolean(x)),
    ),
    byIds<UnitRecord>(
      ctx,
      UNITS,
      list.flatMap((u) => u.unitIds),
    ),
  ]);
  const parentName = new Map(parents.map((p) => [p._id, p.name]));
  const unitById = new Map(units.map((x) => [x._id, x]));
  const now = ctx.now();
  return list.map((u) =>
    toUnionView(
      u,
      grid,
      {
        parentName: u.parentUnionId ? (parentName.get(u.parentUnionId) ?? null) : null,
        units: u.unitIds.map((id) => unitById.get(id)).filter((x): x is UnitRecord => Boolean(x)),
      },
      now,
    ),
  );
}

/** The database filter of a union search inside a subtree. */
export function unionFilter(
  ctx: Pick<HandlerContext, 'db'>,
  path: readonly string[],
  input: { q?: string; type?: string },
): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...subtree(path) };
  if (input.q) {
    const code = asCreditCode(input.q);
    if (code) filter.creditKey = code;
    else filter.name = ctx.db.RegExp({ regexp: escapeRegExp(input.q) });
  }
  if (input.type) filter.type = input.type;
  return filter;
}

/** `listUnions`. */
export async function listUnions(
  input: { nodeId?: string; q?: string; type?: string; skip?: number; limit?: number },
  ctx: HandlerContext,
): Promise<{ unions: UnionView[]; total: number }> {
  const { path } = await staffAt(ctx, input.nodeId);
  const filter = unionFilter(ctx, path, input);
  const coll = ctx.db.collection<UnionRecord>(UNIONS);
  const [{ data }, { total }] = await Promise.all([
    coll
      .where(filter)
      .orderBy('name', 'asc')
      .skip(input.skip ?? 0)
      .limit(input.limit ?? 20)
      .get(),
    coll.where(filter).count(),
  ]);
  return { unions: await views(ctx, data), total };
}

/** `union`: one union in scope. */
export async function getUnion(input: { unionId: string }, ctx: HandlerContext): Promise<UnionView> {
  const staff = requireStaff(await loadActor(ctx));
  const union = await getUnionRecord(ctx, input.unionId);
  if (!union || !inScope(staff, union.path)) throw notFound('工会组织不存在');
  return (await views(ctx, [union]))[0];
}

/** The town federation of a town, if registered. */
async function townFederation(ctx: Pick<HandlerContext, 'db'>, townId: string): Promise<UnionRecord | null> {
  const { data } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where({ townId, type: 'town_federation' })
    .limit(1)
    .get();
  return data[0] ?? null;
}

/**
 * Check the parts of a union that refer to other records: the covered units (they exist, in the caller's
 * scope, not covered by another union), the parent (exists, not itself or below itself). Errors name fields.
 */
async function resolveRelations(
  ctx: HandlerContext,
  staff: StaffScope,
  unionId: string,
  f: UnionFieldsData,
): Promise<{ units: UnitRecord[]; parentUnionId: string | null }> {
  const codes = f.unitCreditCodes.map((c) => c.code);
  const seen = new Set<string>();
  codes.forEach((c, i) => {
    if (seen.has(c)) throw invalid(`fields.unitCreditCodes.${i}`, '覆盖单位重复');
    seen.add(c);
  });
  if (f.type === 'enterprise' && codes.length !== 1)
    throw invalid('fields.unitCreditCodes', '企业工会须对应一个单位（填写该单位的统一社会信用代码）');
  const units: UnitRecord[] = [];
  for (let i = 0; i < codes.length; i += 1) {
    const { data } = await ctx.db.collection<UnitRecord>(UNITS).where({ creditCode: codes[i] }).limit(1).get();
    const unit = data[0];
    const field = `fields.unitCreditCodes.${i}`;
    if (!unit || !inScope(staff, unit.path))
      throw invalid(field, '本辖区没有登记这个统一社会信用代码的单位，请先登记单位');
    if (unit.unionId && unit.unionId !== unionId) throw invalid(field, `“${unit.name}”已由其他工会覆盖`);
    units.push(unit);
  }
  let parentUnionId = f.parentUnionId ?? null;
  if (parentUnionId) {
    let cursor: string | null = parentUnionId;
    for (let depth = 0; cursor && depth < 6; depth += 1) {
      if (cursor === unionId) throw invalid('fields.parentUnionId', '上级工会不能是本工会或其下级工会');
      const parent = await getUnionRecord(ctx, cursor);
      if (!parent) throw invalid('fields.parentUnionId', '上级工会不存在');
      cursor = parent.parentUnionId;
    }
  } else if (f.type !== 'town_federation') {
    parentUnionId = (await townFederation(ctx, f.townId))?._id ?? null;
  }
  return { units, parentUnionId };
}

function officers(f: UnionFieldsData): Pick<UnionRecord, 'chairman' | 'committee'> {
  return {
    chairman: f.chairman
      ? { name: f.chairman.name, post: 'chairman', termStart: f.chairman.termStart, termEnd: f.chairman.termEnd }
      : null,
    committee: f.committee.map((c) => ({ name: c.name, post: c.post, termStart: c.termStart, termEnd: c.termEnd })),
  };
}

/** The stored fields of a union from checked fields, its place and its resolved relations. */
export function unionFields(
  f: UnionFieldsData,
  place: Placed,
  id: string,
  rel: { units: UnitRecord[]; parentUnionId: string | null },
): Omit<UnionRecord, '_id' | 'version' | 'demo' | 'source' | 'createdAt' | 'updatedAt' | 'updatedBy'> {
  const code = f.creditCode?.code ?? null;
  return {
    name: f.name,
    creditCode: code,
    creditKey: code ?? `none:${id}`,
    creditCodeWarning: f.creditCode?.checkOverridden ?? false,
    type: f.type,
    parentUnionId: rel.parentUnionId,
    unitIds: rel.units.map((u) => u._id),
    foundedOn: f.foundedOn,
    memberCount: f.memberCount,
    ...officers(f),
    certificateValidUntil: f.certificateValidUntil ?? null,
    ...place,
  };
}

const duplicateCode = () =>
  new AppError('DUPLICATE', '该统一社会信用代码已登记为另一个工会组织，一个代码只能登记一个工会', 'fields.creditCode');

/**
 * Write a union and the covering link of its units in one transaction: units newly covered get `unionId`
 * (refused if another union took them meanwhile), units no longer covered lose it.
 */
export async function writeUnion(
  ctx: HandlerContext,
  record: UnionRecord,
  expectVersion: number | null,
  previousUnitIds: readonly string[],
): Promise<void> {
  const added = record.unitIds.filter((id) => !previousUnitIds.includes(id));
  const removed = previousUnitIds.filter((id) => !record.unitIds.includes(id));
  const { data: holders } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where({ creditKey: record.creditKey })
    .limit(1)
    .get();
  if (holders[0] && holders[0]._id !== record._id) throw duplicateCode();
  const tx: Transaction = await ctx.db.startTransaction();
  try {
    const ref = tx.collection(UNIONS).doc(record._id);
    if (expectVersion === null) {
      await tx.collection(UNIONS).add({ data: record });
    } else {
      const { data: current } = await ref.get();
      if (!current || (current as UnionRecord).version !== expectVersion)
        throw conflict('该工会刚被他人修改，请刷新后再改');
      const { _id: _omit, ...rest } = record;
      void _omit;
      await ref.set({ data: rest });
    }
    for (const id of added) {
      const unitRef = tx.collection(UNITS).doc(id);
      const { data: unit } = await unitRef.get();
      const u = unit as UnitRecord | null;
      if (!u) throw invalid('fields.unitCreditCodes', '覆盖的单位已被删除，请刷新后再试');
      if (u.unionId && u.unionId !== record._id) throw invalid('fields.unitCreditCodes', `“${u.name}”已由其他工会覆盖`);
      await unitRef.update({ data: { unionId: record._id, updatedAt: record.updatedAt } });
    }
    for (const id of removed) {
      const unitRef = tx.collection(UNITS).doc(id);
      const { data: unit } = await unitRef.get();
      if ((unit as UnitRecord | null)?.unionId === record._id) {
        await unitRef.update({ data: { unionId: null, updatedAt: record.updatedAt } });
      }
    }
    await tx.commit();
  } catch (error) {
    await tx.rollback().catch(() => undefined);
    if (error instanceof AppError) throw error;
    const text = String((error as { message?: unknown })?.message ?? error);
    if (/DUPLICATE|duplicate/.test(text)) throw duplicateCode();
    if (/CONFLICT|conflict/.test(text)) throw conflict('该工会刚被他人修改，请刷新后再改');
    throw error;
  }
  // The 预备会员 waiting for a unit this union now covers join it.
  if (added.length) await takePendingMembers(ctx, record);
}

/** `saveUnion`: create, or update with the version the caller saw. */
export async function saveUnion(
  input: { unionId?: string; version?: number; fields: UnionFieldsData },
  ctx: HandlerContext,
): Promise<UnionView> {
  const staff = requireStaff(await loadActor(ctx));
  const grid = await gridNodes(ctx);
  const place = placeOf(grid, input.fields.townId, input.fields.villageId);
  requireInScope(staff, place, input.fields.villageId ? 'fields.villageId' : 'fields.townId');
  const now = ctx.now();
  let existing: UnionRecord | null = null;
  if (input.unionId) {
    existing = await getUnionRecord(ctx, input.unionId);
    if (!existing || !inScope(staff, existing.path)) throw notFound('工会组织不存在');
  }
  const id = existing?._id ?? newId();
  const rel = await resolveRelations(ctx, staff, id, input.fields);
  const record: UnionRecord = {
    _id: id,
    ...unionFields(input.fields, place, id, rel),
    version: existing ? (input.version ?? -1) + 1 : 0,
    demo: existing?.demo ?? false,
    source: existing?.source ?? 'form',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    updatedBy: staff.staffId,
  };
  await writeUnion(ctx, record, existing ? (input.version ?? -1) : null, existing?.unitIds ?? []);
  return (await views(ctx, [record]))[0];
}
