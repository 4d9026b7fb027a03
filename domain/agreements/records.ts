/**
 * `agreement_records`: one row per collective contract (its case id), kept by the case type's hook after every
 * committed step — the enterprise, its place on the grid, the kind, the state in words and the dates the views
 * count (in force, expiring, overdue, enterprises without a contract). Rewritten whole from the case each time, so
 * the hook is idempotent and a retried incident repairs it.
 */
import { AGREEMENT_KIND_LABELS, type AgreementForm, type AgreementKind } from '../../typings/agreements';
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { getCase } from '../cases/store';
import { findCaseType } from '../cases/registry';
import { loadCalendar } from '../calendar/holidays';
import { findEnterprise } from './enterprises';
import { agreementData } from './inputs';
import { dues } from './deadlines';

export const AGREEMENT_RECORDS = 'agreement_records';

export interface AgreementRecord {
  _id: string;
  unitId: string;
  unitName: string;
  creditCode: string;
  townId: string;
  villageId: string | null;
  path: string[];
  kind: AgreementKind;
  kindLabel: string;
  status: string;
  statusLabel: string;
  /** Over (expired, declined, withdrawn): no longer counts as the enterprise's contract. */
  ended: boolean;
  offeredOn: string;
  startsOn: string | null;
  endsOn: string | null;
  effectiveOn: string | null;
  publishedOn: string | null;
  /** The next deadline a person must keep (not a period that ends by itself), `YYYY-MM-DD`, or null. */
  nextDueOn: string | null;
  nextDueLabel: string | null;
  demo: boolean;
  updatedAt: Date;
}

/** Rewrite the row of one contract from its case. */
export async function saveAgreementRecord(ctx: HandlerContext, caseId: string): Promise<void> {
  const c = await getCase(ctx.db, caseId);
  if (!c || c.subject?.kind !== 'organisation') return;
  const decl = findCaseType(c.type);
  const state = decl?.states[c.status];
  const form = c.form as unknown as AgreementForm;
  const unit = await findEnterprise(ctx, c.subject.orgId);
  const d = agreementData(c);
  const next = dues(c, await loadCalendar(ctx.db, ctx.now())).find((x) => !x.window) ?? null;
  const row: Omit<AgreementRecord, '_id'> = {
    unitId: c.subject.orgId,
    unitName: c.subject.name,
    creditCode: unit?.creditCode ?? '',
    townId: unit?.townId ?? c.townId ?? '',
    villageId: unit?.villageId ?? null,
    path: unit?.path ?? c.nodePath,
    kind: form.kind,
    kindLabel: AGREEMENT_KIND_LABELS[form.kind],
    status: c.status,
    statusLabel: state?.label ?? c.status,
    ended: Boolean(state?.terminal),
    offeredOn: form.offeredOn,
    startsOn: d.startsOn ?? null,
    endsOn: d.endsOn ?? null,
    effectiveOn: d.effectiveOn ?? null,
    publishedOn: d.publishedOn ?? null,
    nextDueOn: next?.dueOn ?? null,
    nextDueLabel: next?.label ?? null,
    demo: Boolean(unit?.demo),
    updatedAt: ctx.now(),
  };
  await ctx.db.collection(AGREEMENT_RECORDS).doc(caseId).set({ data: row });
}

/** An enterprise's contracts that have not ended. */
export async function activeRecords(ctx: Pick<HandlerContext, 'db'>, unitId: string): Promise<AgreementRecord[]> {
  return readAll<AgreementRecord>(ctx.db, AGREEMENT_RECORDS, { unitId, ended: false });
}
