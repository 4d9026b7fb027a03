/**
 * Contract of the `membership` function: joining a union (入会), the electronic member card, and moving the
 * membership when a worker changes job or city (会员关系转接). Joining and transferring are case types of the one
 * engine (the worker follows every step on the case page); the card is a QR code of a signed token that lasts
 * five minutes and that staff verify.
 */
import { z } from 'zod';
import { action, NoInput } from './api';
import { DocId, plainText } from './people';

export const MEMBER_STATUSES = ['pending', 'member', 'transferring', 'left'] as const;
/** 预备会员 (waiting for the unit's union) / 会员 / 会籍转接中 / 已转出. */
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  pending: '预备会员',
  member: '会员',
  transferring: '会籍转接中',
  left: '已转出本市',
};

/**
 * Join: the union of my unit (found in the registry); a unit without a union → the town's union as a 预备会员,
 * moved to the unit's union when it is founded; no registered unit (working outside the city) → the union of
 * my home town (会员之家).
 */
export const JoinInput = z
  .object({
    unitId: DocId('工作单位').optional(),
    /** Why (optional), shown to the reviewer. */
    note: plainText('入会说明', 200).optional(),
  })
  .strict();

/** Transfer: to the union of my new unit in the city, to a town's union, or out of the city. */
export const TransferInput = z
  .object({
    to: z.enum(['unit', 'town', 'outside'], { error: '请选择转入的去向' }),
    unitId: DocId('新工作单位').optional(),
    townId: z
      .string({ error: '乡镇不正确' })
      .regex(/^t\d{2}$/, { error: '乡镇不正确' })
      .optional(),
    /** The new city (转出本市). */
    city: plainText('新工作城市', 30).optional(),
    reason: plainText('转接原因', 200).min(2, { error: '请填写转接原因' }),
  })
  .strict()
  .refine((v) => v.to !== 'unit' || Boolean(v.unitId), { message: '请选择新工作单位', path: ['unitId'] })
  .refine((v) => v.to !== 'town' || Boolean(v.townId), { message: '请选择乡镇', path: ['townId'] })
  .refine((v) => v.to !== 'outside' || Boolean(v.city), { message: '请填写新工作城市', path: ['city'] });

/** A grid path as a case form carries it (`['city', 't15', 't15-v01']`). */
const GridPath = z
  .array(z.string().regex(/^(city|t\d{2}(-v\d{2,3})?)$/), { error: '网格不正确' })
  .min(1)
  .max(3);

/**
 * The form of a joining case (`member_join`), built by the server from the worker's choice (`join`) and checked
 * again when the case is filed: the union that takes the worker (the unit's; the town's as 预备会员 while the
 * unit has none; the home town's without a unit) and its grid node, where its staff approve.
 */
export const JoinForm = z
  .object({
    unionId: DocId('工会'),
    unionName: plainText('工会名称', 80, 1),
    unitId: DocId('工作单位').nullable(),
    unitName: plainText('工作单位', 80).nullable(),
    pending: z.boolean(),
    nodeId: z.string().regex(/^(city|t\d{2}(-v\d{2,3})?)$/, { error: '网格不正确' }),
    note: plainText('入会说明', 200).optional(),
  })
  .strict();
export type JoinForm = z.infer<typeof JoinForm>;

/**
 * The form of a transfer case (`member_transfer`), built by the server: from the union holding the membership
 * (its staff approve the transfer out) to a union in the city (its staff register the member) or out of the city.
 */
export const TransferForm = z
  .object({
    fromUnionId: DocId('原工会'),
    fromUnionName: plainText('原工会', 80, 1),
    fromNodeId: z.string().regex(/^(city|t\d{2}(-v\d{2,3})?)$/, { error: '网格不正确' }),
    to: z.enum(['unit', 'town', 'outside']),
    toUnionId: DocId('转入工会').nullable(),
    toUnionName: plainText('转入工会', 80).nullable(),
    toUnitId: DocId('新工作单位').nullable(),
    toUnitName: plainText('新工作单位', 80).nullable(),
    toPath: GridPath.nullable(),
    /** The new unit has no union: the town's union takes the member as 预备会员 (absent on forms filed before). */
    toPending: z.boolean().optional(),
    city: plainText('新工作城市', 30).nullable(),
    reason: plainText('转接原因', 200, 2),
  })
  .strict();
export type TransferForm = z.infer<typeof TransferForm>;

/** A unit a worker picks when joining or moving (names only: the registry's other fields stay with staff). */
export interface UnitChoice {
  unitId: string;
  name: string;
  /** `万家乡翠林山村`. */
  place: string;
  /** `万家乡示例茶叶专业合作社工会委员会`, or null: the town's union holds the membership (预备会员). */
  unionName: string | null;
}

export const UnitSearchInput = z.object({ q: plainText('单位名称', 40, 2) }).strict();

export const VerifyCardInput = z
  .object({
    token: z.string({ error: '请扫描会员卡上的二维码' }).max(200, { error: '二维码内容不正确' }),
  })
  .strict();

/** One event of a membership, as the member and staff see it. */
export interface MemberEventView {
  at: string;
  text: string;
}

/** My membership. */
export interface MembershipView {
  status: MemberStatus;
  statusLabel: string;
  memberNo: string;
  unionName: string;
  unitName: string | null;
  /** `2026年3月入会`. */
  since: string;
  /** A one-line explanation (a 预备会员 is told what happens next). */
  note: string;
  history: MemberEventView[];
  /** Open joining or transfer case (the case page shows every step), if any. */
  openCase: { caseId: string; title: string; statusLabel: string } | null;
  canTransfer: boolean;
}

export interface MyMembership {
  membership: MembershipView | null;
  /** My joining or transfer cases, newest first (every step on the case page). */
  cases: Array<{ caseId: string; title: string; statusLabel: string; at: string; open: boolean }>;
}

export interface MemberCardView {
  name: string;
  memberNo: string;
  unionName: string;
  statusLabel: string;
  since: string;
  /** What the QR code carries. */
  token: string;
  /** The QR code as an image (`data:image/gif;base64,…`). */
  qr: string;
  expiresAt: string;
}

export interface CardCheckView {
  valid: boolean;
  /** `会员卡有效` / `二维码已过期，请会员刷新后再出示` … */
  message: string;
  name: string | null;
  memberNo: string | null;
  unionName: string | null;
  statusLabel: string | null;
}

export const membershipContract = {
  /** Units by name for the join and transfer forms. */
  units: action(UnitSearchInput).returns<{ units: UnitChoice[] }>(),
  /** My membership and my joining/transfer cases. */
  mine: action(NoInput).returns<MyMembership>(),
  /** Apply to join (a case: the union, or the town, approves within the time limit). */
  join: action(JoinInput).returns<{ caseId: string }>(),
  /** Ask to move my membership (a case: out-approval by my union, registration by the new one). */
  transfer: action(TransferInput).returns<{ caseId: string }>(),
  /** My member card with a fresh QR code (valid five minutes). */
  card: action(NoInput).returns<MemberCardView>(),
  /** Staff: check a scanned member card (audited). */
  verifyCard: action(VerifyCardInput).returns<CardCheckView>(),
};
