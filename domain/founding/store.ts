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

export async function recruitCount(ctx: Pick<HandlerContext, 'db'>, caseId: string): Promise<number> {
  return (await ctx.db.collection(FOUNDING_RECRUITS).where({ caseId }).count()).total;
}
/** Documents a founding produced (`<caseId>:approval`). */
export const FOUNDING_DOCUMENTS = 'founding_documents';
