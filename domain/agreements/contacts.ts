/**
 * The enterprise's union contacts (企业工会联系人): the people who hear, for their enterprise's union, every
 * countdown of its collective contracts. The town's staff (or the city) name them on the enterprise page by name
 * and ID number — the person must have a real-name profile, and the name must match it — at most three per
 * enterprise; `unit_contacts` holds one document per enterprise. A contact receives the reminders on the WeChat
 * linked to their profile (none until they claim it). Naming and removing are audited.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, invalid } from '../runtime/errors';
import { findPersonByIdNumber, getPeople } from '../people/person';
import { maskName } from '../security/mask';
import type { Enterprise } from './enterprises';

export const UNIT_CONTACTS = 'unit_contacts';
export const MAX_CONTACTS = 3;

export interface UnitContactsDoc {
  _id: string;
  personIds: string[];
  townId: string;
  path: string[];
  updatedAt: Date;
  updatedBy: string;
}

/** The person ids named for an enterprise (none when nobody was named). */
export async function contactIds(ctx: Pick<HandlerContext, 'db'>, unitId: string): Promise<string[]> {
  const { data } = await ctx.db.collection<UnitContactsDoc>(UNIT_CONTACTS).where({ _id: unitId }).limit(1).get();
  return data[0]?.personIds ?? [];
}

/** The WeChat openids the enterprise's union contacts receive reminders on (claimed, not erased). */
export async function contactOpenids(ctx: Pick<HandlerContext, 'db'>, unitId: string): Promise<string[]> {
  const people = await getPeople(ctx.db, await contactIds(ctx, unitId));
  return people.filter((p) => p.openid && !p.erased).map((p) => p.openid as string);
}

/** The contacts in words for staff: masked name, and whether they can receive messages yet. */
export async function contactLines(
  ctx: Pick<HandlerContext, 'db'>,
  unitId: string,
): Promise<{ personId: string; line: string }[]> {
  const ids = await contactIds(ctx, unitId);
  const byId = new Map((await getPeople(ctx.db, ids)).map((p) => [p._id, p]));
  return ids.map((id) => {
    const p = byId.get(id);
    const state = !p || p.erased ? '信息已删除' : p.openid ? '可接收提醒' : '尚未认领实名信息，暂收不到提醒';
    return { personId: id, line: `${p && !p.erased ? maskName(p.name) : '—'}（${state}）` };
  });
}

async function save(ctx: HandlerContext, unit: Enterprise, personIds: string[], staffId: string) {
  const doc = { personIds, townId: unit.townId, path: unit.path, updatedAt: ctx.now(), updatedBy: staffId };
  await ctx.db.collection(UNIT_CONTACTS).doc(unit._id).set({ data: doc });
}

/** Name a person (by name and ID number) as a contact of the enterprise's union. */
export async function addContact(
  ctx: HandlerContext,
  unit: Enterprise,
  input: { name: string; idNumber: string },
  staffId: string,
): Promise<string> {
  const person = await findPersonByIdNumber(ctx.db, input.idNumber);
  if (!person || person.erased)
    throw invalid('idNumber', '没有找到这个身份证号的实名信息，请本人先在小程序中完善实名信息');
  if (person.name !== input.name.trim()) throw invalid('name', '姓名与身份证号登记的实名信息不一致');
  const ids = await contactIds(ctx, unit._id);
  if (ids.includes(person._id)) return person._id;
  if (ids.length >= MAX_CONTACTS)
    throw new AppError('PRECONDITION_FAILED', `每个单位最多 ${MAX_CONTACTS} 名工会联系人，请先移除一名`, 'idNumber');
  await save(ctx, unit, [...ids, person._id], staffId);
  return person._id;
}

/** Remove a contact (nothing when they are not one). */
export async function removeContact(ctx: HandlerContext, unit: Enterprise, personId: string, staffId: string) {
  const ids = await contactIds(ctx, unit._id);
  if (!ids.includes(personId)) throw invalid('personId', '此人不是本单位的工会联系人');
  await save(
    ctx,
    unit,
    ids.filter((id) => id !== personId),
    staffId,
  );
}
