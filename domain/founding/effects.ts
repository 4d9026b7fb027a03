/**
 * What a founding's steps do besides the case (the declaration's `onTransition`, run after the step committed,
 * retried as an incident when it fails, so each effect is idempotent):
 * - the result approved: the 批复 PDF is generated and stored (`founding_documents`, `<caseId>:approval`);
 * - entered the registry: the union and its officers are written there (`registry-entry.ts`).
 */
import { createHash } from 'crypto';
import type { HandlerContext } from '../runtime/context';
import type { TransitionEvent } from '../cases/declaration';
import { CASE_HISTORY, getCase, historyId, type CaseDoc } from '../cases/store';
import { gridIndex } from '../grid/cache';
import type { FoundingForm } from '../../typings/founding';
import { approvalOf, foundingData } from './inputs';
import { approvalTitle, renderApproval } from './approval-pdf';
import { FOUNDING_DOCUMENTS } from './store';

export interface ApprovalRecord {
  _id: string;
  caseId: string;
  fileID: string;
  docNumber: string;
  title: string;
  issuedOn: string;
  bytes: number;
  sha256: string;
  at: Date;
}

/** The issuing union's name: the town's union. */
export async function issuerOf(ctx: Pick<HandlerContext, 'db'>, c: CaseDoc): Promise<string> {
  const townId = (c.form as FoundingForm).townId;
  const town = (await gridIndex(ctx.db)).get(townId);
  return `${town?.name ?? ''}总工会`;
}

/** Generate and store the approval once (a retried hook finds it there). */
export async function storeApproval(ctx: HandlerContext, caseId: string, seq: number): Promise<ApprovalRecord | null> {
  const _id = `${caseId}:approval`;
  const docs = ctx.db.collection(FOUNDING_DOCUMENTS);
  const existing = (
    await docs
      .doc(_id)
      .get()
      .catch(() => ({ data: null }))
  ).data as ApprovalRecord | null;
  if (existing) return existing;
  const c = await getCase(ctx.db, caseId);
  const data = c ? foundingData(c) : {};
  const approval = approvalOf(data);
  if (!c || !approval || !data.outcome) return null;
  const step = (
    await ctx.db
      .collection(CASE_HISTORY)
      .doc(historyId(caseId, seq))
      .get()
      .catch(() => ({ data: null }))
  ).data as { inputs?: { opinion?: string } } | null;
  const form = c.form as FoundingForm;
  const facts = {
    docNumber: approval.docNumber,
    issuer: await issuerOf(ctx, c),
    unitName: form.unitName,
    unionName: `${form.unitName}工会委员会`,
    chairman: data.outcome.chairman,
    committee: data.outcome.committee,
    audit: data.outcome.audit,
    womenCommittee: (data.womenMembers ?? 0) >= 25,
    termYears: approval.termYears,
    termStart: approval.issuedOn,
    termEnd: approval.termEnd,
    issuedOn: approval.issuedOn,
    opinion: step?.inputs?.opinion ?? '',
  };
  const pdf = await renderApproval(facts);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const cloudPath = `founding/${caseId}/approval-${sha256.slice(0, 16)}.pdf`;
  const uploaded = (await ctx.cloud.uploadFile({ cloudPath, fileContent: pdf })) as { fileID: string };
  const record: ApprovalRecord = {
    _id,
    caseId,
    fileID: uploaded.fileID,
    docNumber: facts.docNumber,
    title: approvalTitle(facts),
    issuedOn: facts.issuedOn,
    bytes: pdf.length,
    sha256,
    at: ctx.now(),
  };
  await docs.add({ data: record }).catch(async (error: unknown) => {
    // A concurrent retry stored it first: keep theirs.
    if (
      !(
        await docs
          .doc(_id)
          .get()
          .catch(() => ({ data: null }))
      ).data
    )
      throw error;
  });
  return record;
}

export async function onFoundingStep(event: TransitionEvent, ctx: HandlerContext): Promise<void> {
  if (event.action === 'approve_result') await storeApproval(ctx, event.caseId, event.seq);
}
