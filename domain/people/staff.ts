/**
 * Staff roles and invitations. Roles come only from an invitation issued by a higher level (or the
 * bootstrap command for the first city administrator); nobody can raise their own role.
 *
 *   city_admin  → invites town_staff (a town) or village_collector (a village), revokes both
 *   town_staff  → invites village_collector (a village of their town), revokes them
 *
 * An invitation is single-use (compare-and-set on `status`), expires after 7 days, is bound to the
 * invitee's name, and its code is stored only as a blind index.
 */
import { readAll } from '../runtime/paging';
import type { HandlerContext } from '../runtime/context';
import { AppError, forbidden, invalid, notFound } from '../runtime/errors';
import { isDuplicateKeyError } from '../runtime/db-errors';
import type { GridLevel } from '../../typings/grid';
import type { InvitationView, StaffRole, StaffView } from '../../typings/people';
import { findNode } from '../grid/handlers';
import { gridNamer } from '../grid/names';
import { blindIndex } from '../security/crypto';
import { writeAudit } from '../audit/audit';
import { STAFF, getActiveStaff, inScope, loadActor, requireStaff, type StaffRecord } from './actor';
import { DAY_MS, newId, randomCode } from './codes';

export const INVITATIONS = 'invitations';
export const INVITATION_DAYS = 7;

/** Who may invite whom, and at which grid level the new role sits. */
export const INVITE_RULES: Record<StaffRole, Partial<Record<StaffRole, GridLevel>>> = {
  city_admin: { town_staff: 'town', village_collector: 'village' },
  town_staff: { village_collector: 'village' },
  village_collector: {},
};

/** Lower rank = higher level; a role may revoke only roles of a strictly higher rank inside its scope. */
export const ROLE_RANK: Record<StaffRole, number> = { city_admin: 0, town_staff: 1, village_collector: 2 };

/** A stored invitation. */
export interface InvitationRecord {
  _id: string;
  codeHash: string;
  role: StaffRole;
  gridNodeId: string;
  gridPath: string[];
  inviteeName: string;
  issuedBy: string;
  issuerOpenid: string;
  status: 'pending' | 'used' | 'revoked';
  createdAt: Date;
  expiresAt: Date;
  usedBy?: string;
  usedAt?: Date;
}

/** A new active staff record (used by invitations, the bootstrap command and the seed). */
export function newStaffRecord(fields: {
  _id?: string;
  openid: string;
  name: string;
  role: StaffRole;
  gridNodeId: string;
  gridPath: string[];
  source: string;
  invitedBy: string | null;
  now: Date;
}): StaffRecord {
  return {
    _id: fields._id ?? newId(),
    openid: fields.openid,
    name: fields.name,
    role: fields.role,
    gridNodeId: fields.gridNodeId,
    gridPath: fields.gridPath,
    active: true,
    activeKey: fields.openid,
    source: fields.source,
    invitedBy: fields.invitedBy,
    createdAt: fields.now,
  };
}

/** A staff record as callers see it; `nameOf` names its node (`万家乡翠林山村`). */
export function toStaffView(s: StaffRecord, nameOf: (nodeId: string) => string = () => ''): StaffView {
  return {
    staffId: s._id,
    name: s.name,
    role: s.role,
    gridNodeId: s.gridNodeId,
    gridName: nameOf(s.gridNodeId),
    gridPath: s.gridPath,
    active: s.active,
    since: new Date(s.createdAt).toISOString(),
    ...(s.revokedAt ? { revokedAt: new Date(s.revokedAt).toISOString() } : {}),
  };
}

function invitationStatus(inv: InvitationRecord, now: Date): InvitationView['status'] {
  if (inv.status !== 'pending') return inv.status;
  return new Date(inv.expiresAt).getTime() < now.getTime() ? 'expired' : 'pending';
}

/** `myRoles`: the caller's active role and scope. */
export async function myRoles(ctx: HandlerContext): Promise<{ staff: StaffView | null; hasProfile: boolean }> {
  const actor = await loadActor(ctx);
  const staff = await getActiveStaff(ctx, actor.openid);
  return { staff: staff ? toStaffView(staff, await gridNamer(ctx.db)) : null, hasProfile: actor.personId !== null };
}

/** `issueInvitation`: a single-use code for a role below the caller, at a node inside their scope. */
export async function issueInvitation(
  input: { role: StaffRole; gridNodeId: string; inviteeName: string },
  ctx: HandlerContext,
): Promise<{ invitationId: string; code: string; role: StaffRole; gridNodeId: string; expiresAt: string }> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const level = INVITE_RULES[staff.role][input.role];
  if (!level) throw forbidden('当前角色不能邀请该角色');
  const node = await findNode(ctx.db, input.gridNodeId);
  if (!node) throw invalid('gridNodeId', '网格节点不存在');
  if (!inScope(staff, node.path)) throw forbidden('只能邀请本辖区的工作人员');
  if (node.level !== level)
    throw invalid('gridNodeId', level === 'town' ? '乡镇工作员须对应一个乡镇' : '信息采集员须对应一个村（社区）');
  const code = randomCode(10);
  const now = ctx.now();
  const invitation: InvitationRecord = {
    _id: newId(),
    codeHash: blindIndex('invite', code),
    role: input.role,
    gridNodeId: node._id,
    gridPath: node.path,
    inviteeName: input.inviteeName,
    issuedBy: staff.staffId,
    issuerOpenid: actor.openid,
    status: 'pending',
    createdAt: now,
    expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
  };
  await ctx.db.collection(INVITATIONS).add({ data: invitation });
  await writeAudit(ctx, {
    action: 'staff.invite',
    targetType: 'invitation',
    targetId: invitation._id,
    detail: { role: input.role, gridNodeId: node._id },
    actor,
  });
  return {
    invitationId: invitation._id,
    code,
    role: input.role,
    gridNodeId: node._id,
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** `redeemInvitation`: the invited person takes the role from their own WeChat. */
export async function redeemInvitation(input: { code: string; name: string }, ctx: HandlerContext): Promise<StaffView> {
  const actor = await loadActor(ctx);
  if (actor.staff) throw new AppError('CONFLICT', '您已有工作人员角色，请先由上级撤销后再接受新邀请');
  const invitations = ctx.db.collection<InvitationRecord>(INVITATIONS);
  const { data } = await invitations
    .where({ codeHash: blindIndex('invite', input.code.toUpperCase()) })
    .limit(1)
    .get();
  const inv = data[0];
  if (!inv) throw notFound('邀请码无效');
  const now = ctx.now();
  const status = invitationStatus(inv, now);
  if (status === 'used') throw new AppError('PRECONDITION_FAILED', '邀请码已被使用');
  if (status === 'revoked') throw new AppError('PRECONDITION_FAILED', '邀请已撤销');
  if (status === 'expired') throw new AppError('PRECONDITION_FAILED', '邀请码已过期，请联系上级重新邀请');
  if (inv.issuerOpenid === actor.openid) throw forbidden('不能接受自己发出的邀请');
  if (input.name !== inv.inviteeName) throw new AppError('PRECONDITION_FAILED', '姓名与邀请不一致', 'name');
  const { data: issuers } = await ctx.db.collection<StaffRecord>(STAFF).where({ _id: inv.issuedBy }).limit(1).get();
  if (!issuers[0]?.active) throw new AppError('PRECONDITION_FAILED', '邀请人已不再担任工作人员，邀请失效');
  // Single use: only one redeemer flips pending → used.
  const claimed = await invitations
    .where({ _id: inv._id, status: 'pending' })
    .update({ data: { status: 'used', usedBy: actor.openid, usedAt: now } });
  if (claimed.stats.updated !== 1) throw new AppError('PRECONDITION_FAILED', '邀请码已被使用');
  // The name the inviter typed (and the invitee confirmed) is the staff member's name, whatever their profile says.
  const record = newStaffRecord({
    openid: actor.openid,
    name: inv.inviteeName,
    role: inv.role,
    gridNodeId: inv.gridNodeId,
    gridPath: inv.gridPath,
    source: `invitation:${inv._id}`,
    invitedBy: inv.issuedBy,
    now,
  });
  try {
    await ctx.db.collection(STAFF).add({ data: record });
  } catch (error) {
    await invitations
      .doc(inv._id)
      .update({ data: { status: 'pending', usedBy: ctx.db.command.remove(), usedAt: ctx.db.command.remove() } });
    if (isDuplicateKeyError(error)) throw new AppError('CONFLICT', '您已有工作人员角色');
    throw error;
  }
  await writeAudit(ctx, {
    action: 'staff.redeem',
    targetType: 'staff',
    targetId: record._id,
    detail: { role: record.role, gridNodeId: record.gridNodeId, invitationId: inv._id },
    actor: {
      ...actor,
      staff: {
        staffId: record._id,
        role: record.role,
        gridNodeId: record.gridNodeId,
        gridPath: record.gridPath,
        name: record.name,
      },
    },
  });
  return toStaffView(record, await gridNamer(ctx.db));
}

/** `revokeRole`: end a role below the caller, inside their scope. */
export async function revokeRole(input: { staffId: string; reason: string }, ctx: HandlerContext): Promise<StaffView> {
  const actor = await loadActor(ctx);
  const staff = requireStaff(actor);
  const { data } = await ctx.db.collection<StaffRecord>(STAFF).where({ _id: input.staffId }).limit(1).get();
  const target = data[0];
  if (!target || !inScope(staff, target.gridPath)) throw notFound('工作人员不存在');
  if (target._id === staff.staffId) throw forbidden('不能撤销自己的角色');
  if (ROLE_RANK[target.role] <= ROLE_RANK[staff.role]) throw forbidden('只能撤销下级工作人员的角色');
  if (!target.active) throw new AppError('PRECONDITION_FAILED', '该角色已撤销');
  const now = ctx.now();
  const update = {
    active: false,
    activeKey: `revoked:${target._id}`,
    revokedAt: now,
    revokedBy: staff.staffId,
    revokeReason: input.reason,
  };
  const res = await ctx.db.collection(STAFF).where({ _id: target._id, active: true }).update({ data: update });
  if (res.stats.updated !== 1) throw new AppError('PRECONDITION_FAILED', '该角色已撤销');
  await writeAudit(ctx, {
    action: 'staff.revoke',
    targetType: 'staff',
    targetId: target._id,
    detail: { role: target.role, gridNodeId: target.gridNodeId },
    actor,
  });
  return toStaffView({ ...target, ...update }, await gridNamer(ctx.db));
}

/** Default page of the staff list: the caller narrows by name or node for more. */
const STAFF_PAGE = 50;

/** `listStaff`: staff in the caller's scope (or a node inside it), optionally by part of the name. */
export async function listStaff(
  input: { nodeId?: string; role?: StaffRole; includeRevoked?: boolean; name?: string; limit?: number },
  ctx: HandlerContext,
): Promise<{ staff: StaffView[]; total: number }> {
  const staff = requireStaff(await loadActor(ctx));
  let nodeId = staff.gridNodeId;
  if (input.nodeId) {
    const node = await findNode(ctx.db, input.nodeId);
    if (!node) throw invalid('nodeId', '网格节点不存在');
    if (!inScope(staff, node.path)) throw forbidden('只能查看本辖区的工作人员');
    nodeId = node._id;
  }
  const filter: Record<string, unknown> = { gridPath: nodeId };
  if (input.role) filter.role = input.role;
  if (!input.includeRevoked) filter.active = true;
  const data = (await readAll<StaffRecord>(ctx.db, STAFF, filter)).sort(
    (a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime(),
  );
  // Names are stored in clear (needed to search); every page is read (a city has a few hundred staff).
  const matching = input.name ? data.filter((s) => s.name.includes(input.name as string)) : data;
  const nameOf = await gridNamer(ctx.db);
  return {
    staff: matching.slice(0, input.limit ?? STAFF_PAGE).map((s) => toStaffView(s, nameOf)),
    total: matching.length,
  };
}

/** `listInvitations`: invitations for nodes in the caller's scope, newest first. */
export async function listInvitations(ctx: HandlerContext): Promise<{ invitations: InvitationView[] }> {
  const staff = requireStaff(await loadActor(ctx));
  const data = (await readAll<InvitationRecord>(ctx.db, INVITATIONS, { gridPath: staff.gridNodeId })).sort(
    (a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime(),
  );
  const now = ctx.now();
  const nameOf = await gridNamer(ctx.db);
  return {
    invitations: data.map((inv) => ({
      invitationId: inv._id,
      role: inv.role,
      gridNodeId: inv.gridNodeId,
      gridName: nameOf(inv.gridNodeId),
      inviteeName: inv.inviteeName,
      expiresAt: new Date(inv.expiresAt).toISOString(),
      status: invitationStatus(inv, now),
    })),
  };
}
