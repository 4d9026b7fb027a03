/** Where founding keeps what is not on the case: join links, recruits, claims of a credit code and a 文号. */
import type { HandlerContext } from '../runtime/context';

export const FOUNDING_TYPE = 'union_founding';
export const FOUNDING_LINKS = 'founding_links';
/** One per person and founding: `<caseId>:<personId>`. */
export const FOUNDING_RECRUITS = 'founding_recruits';
/** One open founding per credit code (`_id` = the code), and one case per 文号 (`_id` = its hash). */
export const FOUNDING_CLAIMS = 'founding_claims';
/** Reminders sent (`<caseId>:<why>:<key>`): each once. */
export const FOUNDING_REMINDERS = 'founding_reminders';

/** A worker who joined through a founding's link, and the membership case that filed for them. */
export interface RecruitRecord {
  _id: string;
  caseId: string;
  personId: string;
  joinedAt: Date;
  /** The 入会申请 or 会员关系转接 filed (null while it is being filed, or when the worker was already with the unit). */
  joinCaseId: string | null;
}

export async function recruitCount(ctx: Pick<HandlerContext, 'db'>, caseId: string): Promise<number> {
  return (await ctx.db.collection(FOUNDING_RECRUITS).where({ caseId }).count()).total;
}

/**
 * A membership case filed through a join link ended without the membership (refused or withdrawn): the worker no
 * longer counts as a recruit, and may scan the link again. Called by the membership cases' transitions.
 */
export async function dropRecruit(ctx: Pick<HandlerContext, 'db'>, joinCaseId: string): Promise<void> {
  await ctx.db.collection(FOUNDING_RECRUITS).where({ joinCaseId }).remove();
}
/** Documents a founding produced (`<caseId>:approval`). */
export const FOUNDING_DOCUMENTS = 'founding_documents';
