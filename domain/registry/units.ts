/**
 * Units (单位): one per unified social credit code, found by name or code, kept by staff inside their grid
 * scope (collectors their village, town staff their town, the city all). A failing check character is kept
 * with a warning, not refused (some legal early codes fail it).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, conflict, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import type { GridNode } from '../../typings/grid';
import {
  ECONOMIC_TYPE_LABELS,
  INDUSTRY_LABELS,
  UNIT_TYPE_LABELS,
  type UnitFieldsData,
  type UnitView,
} from '../../typings/registry';
import { newId } from '../people/codes';
import { inScope, loadActor, requireStaff } from '../people/actor';
import { decryptField } from '../security/crypto';
import { maskPhone } from '../security/mask';
import { checkCreditCode } from '../security/validators';
import { escapeRegExp, gridNodes, placeName, placeOf, requireInScope, staffAt, subtree } from './scope';
import { unitFields } from './records';
import { UNIONS, UNITS, type UnionRecord, type UnitRecord } from './store';

/** One Chinese line for lists. */
export function unitSummary(
  u: Pick<UnitRecord, 'type' | 'economicType' | 'industry' | 'employees' | 'womenEmployees'>,
) {
  return `${UNIT_TYPE_LABELS[u.type]} · ${ECONOMIC_TYPE_LABELS[u.economicType]} · ${INDUSTRY_LABELS[u.industry]} · 职工${u.employees}人（女${u.womenEmployees}）`;
}

export function toUnitView(u: UnitRecord, grid: Map<string, GridNode>, unionName: string | null): UnitView {
  const phone = u.contactPhoneEnc ? decryptField(u.contactPhoneEnc) : null;
  return {
    unitId: u._id,
    version: u.version,
    name: u.name,
    creditCode: u.creditCode,
    creditCodeWarning: u.creditCodeWarning,
    type: u.type,
    economicType: u.economicType,
    industry: u.industry,
    employees: u.employees,
    womenEmployees: u.womenEmployees,
    address: u.address,
    townId: u.townId,
    villageId: u.villageId,
    place: placeName(grid, u),
    legalRep: u.legalRep,
    contactName: u.contactName,
    contactPhone: phone ? maskPhone(phone) : null,
    unionId: u.unionId,
    unionName,
    demo: u.demo,
    summary: unitSummary(u),
    updatedAt: new Date(u.updatedAt).toISOString(),
  };
}

/** Names of unions by id. */
export async function unionNames(ctx: Pick<HandlerContext, 'db'>, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map<string, string>();
  const { data } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where({ _id: ctx.db.command.in(wanted) })
    .field({ name: true })
    .limit(1000)
    .get();
  return new Map(data.map((u) => [u._id, u.name]));
}

/** A whole credit code typed into a search box (upper-cased), or null for a name fragment. */
export function asCreditCode(q: string): string | null {
  const checked = checkCreditCode(q, true);
  return checked.ok ? checked.value.code : null;
}

/** The database filter of a unit search inside a subtree. */
export function unitFilter(
  ctx: Pick<HandlerContext, 'db'>,
  path: readonly string[],
  input: { q?: string; type?: string; unionised?: boolean },
): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...subtree(path) };
  const _ = ctx.db.command;
  if (input.q) {
    const code = asCreditCode(input.q);
    if (code) filter.creditCode = code;
    else filter.name = ctx.db.RegExp({ regexp: escapeRegExp(input.q) });
  }
  if (input.type) filter.type = input.type;
  if (input.unionised !== undefined) filter.unionId = input.unionised ? _.neq(null) : null;
  return filter;
}

/** `listUnits`. */
export async function listUnits(
  input: { nodeId?: string; q?: string; type?: string; unionised?: boolean; skip?: number; limit?: number },
  ctx: HandlerContext,
): Promise<{ units: UnitView[]; total: number }> {
  const { path } = await staffAt(ctx, input.nodeId);
  const filter = unitFilter(ctx, path, input);
  const units = ctx.db.collection<UnitRecord>(UNITS);
  const [{ data }, { total }, grid] = await Promise.all([
    units
      .where(filter)
      .orderBy('name', 'asc')
      .skip(input.skip ?? 0)
      .limit(input.limit ?? 20)
      .get(),
    units.where(filter).count(),
    gridNodes(ctx),
  ]);
  const names = await unionNames(
    ctx,
    data.map((u) => u.unionId),
  );
  return { units: data.map((u) => toUnitView(u, grid, u.unionId ? (names.get(u.unionId) ?? null) : null)), total };
}

export async function getUnitRecord(ctx: Pick<HandlerContext, 'db'>, id: string): Promise<UnitRecord | null> {
  const { data } = await ctx.db.collection<UnitRecord>(UNITS).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

export async function unitByCode(ctx: Pick<HandlerContext, 'db'>, code: string): Promise<UnitRecord | null> {
  const { data } = await ctx.db.collection<UnitRecord>(UNITS).where({ creditCode: code }).limit(1).get();
  return data[0] ?? null;
}

/** `unit`: one unit in scope (NOT_FOUND outside it). */
export async function getUnit(input: { unitId: string }, ctx: HandlerContext): Promise<UnitView> {
  const staff = requireStaff(await loadActor(ctx));
  const unit = await getUnitRecord(ctx, input.unitId);
  if (!unit || !inScope(staff, unit.path)) throw notFound('单位不存在');
  const names = await unionNames(ctx, [unit.unionId]);
  return toUnitView(unit, await gridNodes(ctx), unit.unionId ? (names.get(unit.unionId) ?? null) : null);
}

const duplicateCode = (holder: UnitRecord | null, grid: Map<string, GridNode>) =>
  new AppError(
    'DUPLICATE',
    holder
      ? `该统一社会信用代码已登记为“${holder.name}”（${placeName(grid, holder)}），一个代码只能登记一个单位`
      : '该统一社会信用代码已登记，一个代码只能登记一个单位',
    'fields.creditCode',
  );

/** `saveUnit`: create, or update with the version the caller saw. */
export async function saveUnit(
  input: { unitId?: string; version?: number; fields: UnitFieldsData },
  ctx: HandlerContext,
): Promise<UnitView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const grid = await gridNodes(ctx);
  const place = placeOf(grid, input.fields.townId, input.fields.villageId);
  requireInScope(staff, place, input.fields.villageId ? 'fields.villageId' : 'fields.townId');
  const holder = await unitByCode(ctx, input.fields.creditCode.code);
  const now = ctx.now();
  const units = ctx.db.collection<UnitRecord>(UNITS);
  if (!input.unitId) {
    if (holder) throw duplicateCode(holder, grid);
    const record: UnitRecord = {
      _id: newId(),
      ...unitFields(input.fields, place),
      unionId: null,
      version: 0,
      demo: false,
      source: 'form',
      createdAt: now,
      updatedAt: now,
      updatedBy: staff.staffId,
    };
    try {
      await units.add({ data: record });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw duplicateCode(await unitByCode(ctx, record.creditCode), grid);
      throw error;
    }
    return toUnitView(record, grid, null);
  }
  const existing = await getUnitRecord(ctx, input.unitId);
  if (!existing || !inScope(staff, existing.path)) throw notFound('单位不存在');
  if (holder && holder._id !== existing._id) throw duplicateCode(holder, grid);
  const version = input.version ?? -1;
  const update = {
    ...unitFields(input.fields, place, existing),
    version: version + 1,
    updatedAt: now,
    updatedBy: staff.staffId,
  };
  let updated = 0;
  try {
    const res = await units.where({ _id: existing._id, version }).update({ data: update });
    updated = res.stats.updated;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw duplicateCode(await unitByCode(ctx, update.creditCode), grid);
    throw error;
  }
  if (updated !== 1) throw conflict('该单位刚被他人修改，请刷新后再改');
  const after = { ...existing, ...update };
  const names = await unionNames(ctx, [after.unionId]);
  return toUnitView(after, grid, after.unionId ? (names.get(after.unionId) ?? null) : null);
}

/** `findUnits`: by exact credit code or name fragment, city-wide (names, places and unions are public). */
export async function findUnits(
  input: { q: string },
  ctx: HandlerContext,
): Promise<{ units: Array<Pick<UnitView, 'unitId' | 'name' | 'place' | 'unionName'>> }> {
  await loadActor(ctx);
  const code = asCreditCode(input.q);
  const filter = code ? { creditCode: code } : { name: ctx.db.RegExp({ regexp: escapeRegExp(input.q.trim()) }) };
  const { data } = await ctx.db.collection<UnitRecord>(UNITS).where(filter).orderBy('name', 'asc').limit(20).get();
  const [grid, names] = await Promise.all([
    gridNodes(ctx),
    unionNames(
      ctx,
      data.map((u) => u.unionId),
    ),
  ]);
  return {
    units: data.map((u) => ({
      unitId: u._id,
      name: u.name,
      place: placeName(grid, u),
      unionName: u.unionId ? (names.get(u.unionId) ?? null) : null,
    })),
  };
}
