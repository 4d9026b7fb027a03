/**
 * The append-only audit log of sensitive actions (unmasked views, approvals, exports, role
 * changes, notices): who (openid, staffId, role), from where (client IP from getWXContext), when,
 * what, on which record. `detail` holds ids and flags only: values shaped like an ID, phone or card
 * number are redacted, so personal data cannot end up here by accident.
 */
import type { HandlerContext } from '../runtime/context';
import { redact } from '../runtime/log';
import { getActiveStaff, type Actor } from '../people/actor';

export const AUDIT_LOG = 'audit_log';

export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

export interface AuditInput {
  /** Dotted verb, e.g. `person.viewUnmasked`, `staff.revoke`, `case.approve`. */
  action: string;
  targetType: string;
  targetId: string;
  detail?: AuditDetail;
  /** The actor when the caller already loaded it (saves a read). */
  actor?: Actor;
}

export interface AuditRecord {
  _id?: string;
  action: string;
  targetType: string;
  targetId: string;
  detail: AuditDetail;
  openid: string;
  staffId: string | null;
  role: string | null;
  clientIp: string;
  source: string;
  functionName: string;
  requestId: string | null;
  at: Date;
}

/** Detail values shaped like an ID, phone or card number are redacted (never stored), and reported. */
export function cleanAuditDetail(detail: AuditDetail | undefined, ctx: Pick<HandlerContext, 'log'>): AuditDetail {
  const out: AuditDetail = {};
  for (const [key, value] of Object.entries(detail ?? {})) {
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (redact(text) === text) {
      out[key] = value;
      continue;
    }
    ctx.log.warn(`audit detail "${key}" looked like personal data and was redacted`);
    out[key] = Array.isArray(value)
      ? value.map((v) => redact(v))
      : typeof value === 'string'
        ? redact(value)
        : '[redacted]';
  }
  return out;
}

/** Append one audit entry. */
export async function writeAudit(ctx: HandlerContext, entry: AuditInput): Promise<void> {
  const staff = entry.actor
    ? entry.actor.staff
    : await getActiveStaff(ctx, ctx.identity.openid).then((s) => (s ? { staffId: s._id, role: s.role } : null));
  const record: AuditRecord = {
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: cleanAuditDetail(entry.detail, ctx),
    openid: ctx.identity.openid,
    staffId: staff?.staffId ?? null,
    role: staff?.role ?? null,
    clientIp: ctx.identity.clientIp,
    source: ctx.identity.source,
    functionName: ctx.functionName,
    requestId: ctx.requestId ?? null,
    at: ctx.now(),
  };
  await ctx.db.collection(AUDIT_LOG).add({ data: record });
}
