/**
 * How staff reach the applicant of a case: the phone of the person's profile, masked in the case detail and
 * revealed in full only through `cases.revealPhone` (staff handling the case; audited).
 */
import type { CaseContact } from '../../typings/cases';
import type { Database } from '../runtime/db';
import { PEOPLE, personPhone, type PersonRecord } from '../people/person';
import { maskPhone } from '../security/mask';
import type { CaseDoc } from './store';

/** The applicant's phone in full, or null when their profile has none. */
export async function applicantPhone(db: Database, c: Pick<CaseDoc, 'personId'>): Promise<string | null> {
  const { data } = await db.collection<PersonRecord>(PEOPLE).where({ _id: c.personId }).limit(1).get();
  return data[0] ? personPhone(data[0]) : null;
}

/** The contact line staff see: masked name and masked phone. */
export async function caseContact(db: Database, c: Pick<CaseDoc, 'personId' | 'applicantName'>): Promise<CaseContact> {
  const phone = await applicantPhone(db, c);
  return { name: c.applicantName, phoneMasked: phone ? maskPhone(phone) : null };
}
