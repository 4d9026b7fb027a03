/**
 * Memberships (`members`): one per person — the union that holds it (the unit's union; for a 预备会员 the
 * town's union while the unit has none), the member number, the card's version and what happened, in order.
 * Joining and transfer cases change it through their transitions; a union founded for a unit takes that unit's
 * 预备会员 at once (`takePendingMembers`, called whenever a union's covered units are written).
 */
import type { HandlerContext } from '../runtime/context';
import { randomCode, newId } from '../people/codes';
import { MEMBER_STATUS_LABELS, type MemberStatus, type MembershipView } from '../../typings/membership';
import { UNIONS, UNITS, type UnionRecord, type UnitRecord } from '../registry/store';

export const MEMBERS = 'members';

/** A day in China time, `YYYY-MM-DD`. */
const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export type MemberEventKind = 'joined' | 'pending' | 'moved' | 'transfer_out' | 'transfer_in' | 'released';

export interface MemberEvent {
  at: Date;
  kind: MemberEventKind;
  unionName: string;
  caseId: string | null;
  note: string | null;
}

export interface MemberRecord {
  _id: string;
  /** Unique: one membership per person. */
  personId: string;
  status: MemberStatus;
  unionId: string;
  unionName: string;
  unitId: string | null;
  unitName: string | null;
  /** The holding union's town and grid path (staff scope). */
  townId: string;
  path: string[];
  memberNo: string;
  since: Date;
  /** Bumped when the membership changes: cards shown before stop verifying. */
  cardVersion: number;
  history: MemberEvent[];
  updatedAt: Date;
}

const EVENT_TEXT: Record<MemberEventKind, (e: MemberEvent) => string> = {
  joined: (e) => `加入${e.unionName}`,
  pending: (e) => `作为预备会员由${e.unionName}暂管（所在单位尚未建会）`,
  moved: (e) => `单位建会，转入${e.unionName}`,
  transfer_out: (e) => `${e.unionName}同意转出${e.note ? `（${e.note}）` : ''}`,
  transfer_in: (e) => `${e.unionName}登记转入`,
  released: (e) => `已从${e.unionName}转出本市${e.note ? `（${e.note}）` : ''}`,
};

export async function memberOf(ctx: Pick<HandlerContext, 'db'>, personId: string): Promise<MemberRecord | null> {
  const { data } = await ctx.db.collection<MemberRecord>(MEMBERS).where({ personId }).limit(1).get();
  return data[0] ?? null;
}

export async function memberById(ctx: Pick<HandlerContext, 'db'>, id: string): Promise<MemberRecord | null> {
  const { data } = await ctx.db.collection<MemberRecord>(MEMBERS).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

const monthText = (d: Date) => {
  const day = chinaDate(d);
  return `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月`;
};

export function toMembershipView(m: MemberRecord): Omit<MembershipView, 'openCase'> {
  const note =
    m.status === 'pending'
      ? `您的单位“${m.unitName ?? ''}”还没有工会，会籍暂由${m.unionName}管理；单位建会后自动转入。`
      : m.status === 'transferring'
        ? '会籍转接办理中，原工会同意（或到期未处理自动放行）后由新工会登记。'
        : m.status === 'left'
          ? '会籍已转出本市，请到新单位工会出示转接记录。'
          : '';
  return {
    status: m.status,
    statusLabel: MEMBER_STATUS_LABELS[m.status],
    memberNo: m.memberNo,
    unionName: m.unionName,
    unitName: m.unitName,
    since: `${monthText(new Date(m.since))}入会`,
    note,
    history: m.history
      .slice()
      .reverse()
      .map((e) => ({ at: chinaDate(new Date(e.at)), text: EVENT_TEXT[e.kind](e) })),
    canTransfer: m.status === 'member' || m.status === 'pending',
  };
}

/** A member number: `HY<year>-<town number>-<6 random>`. */
const newMemberNo = (now: Date, townId: string) =>
  `HY${chinaDate(now).slice(0, 4)}-${townId.replace(/^t/, '')}-${randomCode(6)}`;

/**
 * Admit a person (a join case approved): a member of `union`, or a 预备会员 held by it while `unit` has no union.
 * Idempotent for one case: a retry finds the event already recorded.
 */
export async function admit(
  ctx: HandlerContext,
  input: { personId: string; union: UnionRecord; unit: UnitRecord | null; pending: boolean; caseId: string },
): Promise<MemberRecord> {
  const now = ctx.now();
  const existing = await memberOf(ctx, input.personId);
  if (existing?.history.some((e) => e.caseId === input.caseId)) return existing;
  const event: MemberEvent = {
    at: now,
    kind: input.pending ? 'pending' : 'joined',
    unionName: input.union.name,
    caseId: input.caseId,
    note: null,
  };
  const fields = {
    status: (input.pending ? 'pending' : 'member') as MemberStatus,
    unionId: input.union._id,
    unionName: input.union.name,
    unitId: input.unit?._id ?? null,
    unitName: input.unit?.name ?? null,
    townId: input.union.townId,
    path: input.union.path,
    updatedAt: now,
  };
  if (existing) {
    const next = { ...fields, cardVersion: existing.cardVersion + 1, history: [...existing.history, event] };
    await ctx.db.collection(MEMBERS).doc(existing._id).update({ data: next });
    return { ...existing, ...next };
  }
  const record: MemberRecord = {
    _id: newId(),
    personId: input.personId,
    ...fields,
    memberNo: newMemberNo(now, input.union.townId),
    since: now,
    cardVersion: 1,
    history: [event],
  };
  await ctx.db.collection(MEMBERS).add({ data: record });
  return record;
}

/** Move a membership to another union (a transfer registered), or out of the city. */
export async function moveMember(
  ctx: HandlerContext,
  member: MemberRecord,
  to: { union: UnionRecord; unit: UnitRecord | null } | { outside: string },
  caseId: string,
): Promise<MemberRecord> {
  if (member.history.some((e) => e.caseId === caseId && (e.kind === 'transfer_in' || e.kind === 'released')))
    return member;
  const now = ctx.now();
  const patch =
    'outside' in to
      ? {
          status: 'left' as MemberStatus,
          history: [
            ...member.history,
            { at: now, kind: 'released' as const, unionName: member.unionName, caseId, note: to.outside },
          ],
        }
      : {
          status: (to.unit && !to.unit.unionId ? 'pending' : 'member') as MemberStatus,
          unionId: to.union._id,
          unionName: to.union.name,
          unitId: to.unit?._id ?? null,
          unitName: to.unit?.name ?? null,
          townId: to.union.townId,
          path: to.union.path,
          history: [
            ...member.history,
            { at: now, kind: 'transfer_in' as const, unionName: to.union.name, caseId, note: null },
          ],
        };
  const next = { ...patch, cardVersion: member.cardVersion + 1, updatedAt: now };
  await ctx.db.collection(MEMBERS).doc(member._id).update({ data: next });
  return { ...member, ...next };
}

/** The old union let the membership go (or the time ran out): 会籍转接中 until the new union registers it. */
export async function releaseForTransfer(
  ctx: HandlerContext,
  member: MemberRecord,
  caseId: string,
  note: string | null,
): Promise<void> {
  if (member.history.some((e) => e.caseId === caseId && e.kind === 'transfer_out')) return;
  const now = ctx.now();
  await ctx.db
    .collection(MEMBERS)
    .doc(member._id)
    .update({
      data: {
        status: 'transferring',
        cardVersion: member.cardVersion + 1,
        history: [...member.history, { at: now, kind: 'transfer_out', unionName: member.unionName, caseId, note }],
        updatedAt: now,
      },
    });
}

/**
 * A union now covers `unitIds`: the 预备会员 waiting for those units join it (called after a union is written,
 * by the form, the import and founding). Returns how many moved.
 */
export async function takePendingMembers(ctx: HandlerContext, union: UnionRecord): Promise<number> {
  if (!union.unitIds.length) return 0;
  const _ = ctx.db.command;
  const { data } = await ctx.db
    .collection<MemberRecord>(MEMBERS)
    .where({ status: 'pending', unitId: _.in(union.unitIds) })
    .limit(1000)
    .get();
  const now = ctx.now();
  for (const m of data) {
    await ctx.db
      .collection(MEMBERS)
      .where({ _id: m._id, status: 'pending' })
      .update({
        data: {
          status: 'member',
          unionId: union._id,
          unionName: union.name,
          townId: union.townId,
          path: union.path,
          cardVersion: m.cardVersion + 1,
          history: [...m.history, { at: now, kind: 'moved', unionName: union.name, caseId: null, note: null }],
          updatedAt: now,
        },
      });
  }
  return data.length;
}

/** The union that takes a worker of `unit` (its own or joint union), or the town's union; null if none. */
export async function unionFor(
  ctx: Pick<HandlerContext, 'db'>,
  unit: UnitRecord | null,
  townId: string,
): Promise<{ union: UnionRecord; pending: boolean } | null> {
  if (unit?.unionId) {
    const { data } = await ctx.db.collection<UnionRecord>(UNIONS).where({ _id: unit.unionId }).limit(1).get();
    if (data[0]) return { union: data[0], pending: false };
  }
  const { data } = await ctx.db
    .collection<UnionRecord>(UNIONS)
    .where({ townId: unit?.townId ?? townId, type: 'town_federation' })
    .limit(1)
    .get();
  return data[0] ? { union: data[0], pending: Boolean(unit) } : null;
}

export async function unitRecord(ctx: Pick<HandlerContext, 'db'>, id: string): Promise<UnitRecord | null> {
  const { data } = await ctx.db.collection<UnitRecord>(UNITS).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}
