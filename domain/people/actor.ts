/**
 * Who is calling: resolved from `ctx.identity.openid` (CloudBase's `getWXContext().OPENID`) and the
 * back-end-only `staff` collection — never from anything in the request body.
 */
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden } from '../runtime/errors';
import type { StaffRole } from '../../typings/people';
import { getPersonByOpenid, type PersonRecord } from './person';

export type { StaffRole };

export const STAFF = 'staff';

/** An active staff member's role and grid scope. */
export interface StaffScope {
  staffId: string;
  role: StaffRole;
  gridNodeId: string;
  /** Ids from the city down to the scope node, inclusive. */
  gridPath: string[];
  name: string;
}

export interface Actor {
  openid: string;
  personId: string | null;
  staff: StaffScope | null;
}

/** A staff document as stored in `staff`. */
export interface StaffRecord {
  _id: string;
  openid: string;
  name: string;
  role: StaffRole;
  gridNodeId: string;
  gridPath: string[];
  active: boolean;
  /** `openid` while active, `revoked:<_id>` after: unique, so a user holds at most one active role. */
  activeKey: string;
  /** Invitation redeemed, or `bootstrap` for the first city administrator. */
  source: string;
  invitedBy: string | null;
  createdAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
}

/** The active staff record of an openid, or null. */
export async function getActiveStaff(ctx: Pick<HandlerContext, 'db'>, openid: string): Promise<StaffRecord | null> {
  if (!openid) return null;
  const { data } = await ctx.db.collection<StaffRecord>(STAFF).where({ activeKey: openid }).limit(1).get();
  const staff = data[0];
  return staff && staff.active ? staff : null;
}

export const toScope = (s: StaffRecord): StaffScope => ({
  staffId: s._id,
  role: s.role,
  gridNodeId: s.gridNodeId,
  gridPath: s.gridPath,
  name: s.name,
});

/** Resolve the caller from ctx.identity.openid only (never from input). Throws UNAUTHENTICATED without openid. */
export async function loadActor(ctx: HandlerContext): Promise<Actor> {
  const openid = ctx.identity.openid;
  if (!openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开后重试');
  const [staff, person] = await Promise.all([getActiveStaff(ctx, openid), getPersonByOpenid(ctx.db, openid)]);
  return { openid, personId: person?._id ?? null, staff: staff ? toScope(staff) : null };
}

/** Throws FORBIDDEN unless the actor is active staff (optionally with one of `roles`). */
export function requireStaff(actor: Actor, roles?: StaffRole[]): StaffScope {
  if (!actor.staff) throw forbidden('仅限工作人员操作');
  if (roles && !roles.includes(actor.staff.role)) throw forbidden('当前角色无权进行此操作');
  return actor.staff;
}

/** True when a record at `nodePath` (ids city→…→node) is inside the staff member's subtree. */
export function inScope(staff: StaffScope, nodePath: readonly string[]): boolean {
  return nodePath.includes(staff.gridNodeId);
}

const NEED_LABELS = { idNumber: '身份证号', phone: '手机号', homeVillage: '户籍村（社区）' } as const;

/** The caller's person profile, or throws PROFILE_REQUIRED (code exists in typings/api.ts) naming what is missing. */
export async function requirePerson(
  ctx: HandlerContext,
  actor: Actor,
  needs: Array<'idNumber' | 'phone' | 'homeVillage'> = [],
): Promise<PersonRecord> {
  const person = await getPersonByOpenid(ctx.db, actor.openid);
  if (!person) {
    const missing = ['name', 'idNumber', 'homeVillage', ...needs.filter((n) => n === 'phone')];
    throw new AppError('PROFILE_REQUIRED', '请先完善实名信息（姓名、身份证号、户籍村）', 'profile', { missing });
  }
  const missing = needs.filter(
    (n) =>
      (n === 'phone' && !person.phoneEnc) ||
      (n === 'idNumber' && !person.idEnc) ||
      (n === 'homeVillage' && !person.homeVillageId),
  );
  if (missing.length > 0) {
    throw new AppError('PROFILE_REQUIRED', `请先完善：${missing.map((m) => NEED_LABELS[m]).join('、')}`, missing[0], {
      missing,
    });
  }
  return person;
}
