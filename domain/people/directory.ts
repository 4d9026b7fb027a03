/**
 * Staff look-ups of people, always inside the caller's grid subtree: lists are masked; a full view
 * (`unmask`) is for the roles that review applications (town staff, city admin) and is audited.
 * A person outside the scope is answered exactly like a person that does not exist (NOT_FOUND).
 */
import type { HandlerContext } from '../runtime/context';
import { forbidden, invalid, notFound } from '../runtime/errors';
import type { FullPerson, MaskedPerson, PersonCategory, StaffRole } from '../../typings/people';
import { findNode } from '../grid/handlers';
import { TOWNS, townId } from '../grid/data';
import { writeAudit } from '../audit/audit';
import { inScope, loadActor, requireStaff, type StaffScope } from './actor';
import { PEOPLE, getPerson, idNumberHash, toFullPerson, toMaskedPerson, type PersonRecord } from './person';

/** Roles that may see full ID and phone numbers (each view audited). */
export const UNMASK_ROLES: readonly StaffRole[] = ['city_admin', 'town_staff'];

/** Every town id (static grid data), for a city-wide filter the town index answers. */
const ALL_TOWNS = TOWNS.map((_t, i) => townId(i));

/**
 * The filter restricting `people` to a grid node's subtree, on scalar indexed fields. Erased records
 * carry `homeTownId`/`homeVillageId` = `erased`, so they fall outside every subtree filter.
 */
export function subtreeFilter(
  nodePath: readonly string[],
  command?: { in(v: unknown[]): unknown },
): Record<string, unknown> {
  if (nodePath.length >= 3) return { homeVillageId: nodePath[2] };
  if (nodePath.length === 2) return { homeTownId: nodePath[1] };
  return command ? { homeTownId: command.in(ALL_TOWNS) } : {};
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function scopePath(ctx: HandlerContext, staff: StaffScope, nodeId: string | undefined): Promise<string[]> {
  if (!nodeId) return staff.gridPath;
  const node = await findNode(ctx.db, nodeId);
  if (!node) throw invalid('nodeId', '网格节点不存在');
  if (!inScope(staff, node.path)) throw forbidden('只能查看本辖区的人员');
  return node.path;
}

/** `searchPeople`: people in the caller's scope (or a node inside it), masked, newest first. */
export async function searchPeople(
  input: {
    nodeId?: string;
    category?: PersonCategory;
    idNumber?: string;
    name?: string;
    claimed?: boolean;
    skip?: number;
    limit?: number;
  },
  ctx: HandlerContext,
): Promise<{ people: MaskedPerson[]; total: number }> {
  const staff = requireStaff(await loadActor(ctx));
  const path = await scopePath(ctx, staff, input.nodeId);
  const filter: Record<string, unknown> = { ...subtreeFilter(path, ctx.db.command) };
  if (input.idNumber) filter.idHash = idNumberHash(input.idNumber);
  if (input.category) filter.categories = input.category;
  if (input.claimed !== undefined) filter.claimed = input.claimed;
  if (input.name) filter.name = ctx.db.RegExp({ regexp: `^${escapeRegExp(input.name)}` });
  const people = ctx.db.collection<PersonRecord>(PEOPLE);
  const [{ data }, { total }] = await Promise.all([
    people
      .where(filter)
      .orderBy('createdAt', 'desc')
      .skip(input.skip ?? 0)
      .limit(input.limit ?? 20)
      .get(),
    people.where(filter).count(),
  ]);
  return { people: data.map(toMaskedPerson), total };
}

/** `viewPerson`: one person in scope; masked, or in full for {@link UNMASK_ROLES} with an audit entry. */
export async function viewPerson(
  input: { personId: string; unmask?: boolean },
  ctx: HandlerContext,
): Promise<MaskedPerson | FullPerson> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const person = await getPerson(ctx.db, input.personId);
  if (!person || !inScope(staff, person.homePath)) throw notFound('人员不存在');
  if (!input.unmask) return toMaskedPerson(person);
  if (!UNMASK_ROLES.includes(staff.role)) throw forbidden('当前角色只能查看脱敏信息');
  await writeAudit(ctx, { action: 'person.viewUnmasked', targetType: 'person', targetId: person._id, actor });
  return toFullPerson(person);
}
