/**
 * Who started a case, who it is about, and who hears about it. A case is started by a person about themself, by
 * a staff member for a person in their scope (代办, with the person's signed paper consent), or by a staff member
 * issuing work from their grid node; it is about a person, an organisation (a unit or a union, whose contact
 * people act as its applicant), or a grid node (work sent to a village). Relations are computed from these
 * (`machine.ts`), so on-behalf, organisation and staff-initiated cases need no special path.
 */
import type { StaffRole } from '../../typings/people';
import type { HandlerContext } from '../runtime/context';
import { getPerson } from '../people/person';

/** Who started the case. */
export type CaseInitiator =
  | { kind: 'person'; personId: string }
  | {
      /** A staff member filed for the person (代办): the consent form's photo is kept with the case. */
      kind: 'proxy';
      personId: string;
      staffId: string;
      staffName: string;
      role: StaffRole;
      openid: string;
      /** The filing staff member's node: staff of this node follow and act for the person. */
      nodeId: string;
      consentFileId: string;
    }
  | {
      /** A staff member issued the case from their node (a task sent down, a registration started by staff). */
      kind: 'node';
      nodeId: string;
      nodePath: string[];
      staffId: string;
      staffName: string;
      role: StaffRole;
      openid: string;
    };

/** Who the case is about. */
export type CaseSubject =
  | { kind: 'person'; personId: string }
  | {
      /** A unit or a union: its contact people act as the applicant. */
      kind: 'organisation';
      orgKind: 'unit' | 'union';
      orgId: string;
      name: string;
      contactPersonIds: string[];
    }
  | { kind: 'node'; nodeId: string };

/** The parts of a case the party rules read (older cases carry only `personId`/`applicantOpenid`). */
export interface CaseParties {
  applicantOpenid: string;
  personId?: string | null;
  initiator?: CaseInitiator | null;
  subject?: CaseSubject | null;
}

/** The people who act as the case's applicant: the subject person, or an organisation's contacts. */
export function applicantPersonIds(c: CaseParties): string[] {
  const subject = c.subject;
  if (subject?.kind === 'organisation') return [...subject.contactPersonIds];
  if (subject?.kind === 'person') return [subject.personId];
  if (subject?.kind === 'node') return [];
  return c.personId ? [c.personId] : [];
}

/** The staff initiator of a case, when a staff member filed it for a person or issued it. */
export function staffInitiator(c: CaseParties): Extract<CaseInitiator, { kind: 'proxy' | 'node' }> | null {
  return c.initiator && c.initiator.kind !== 'person' ? c.initiator : null;
}

/**
 * Who receives the applicant's subscribe messages now: the applicant's WeChat when the case has one; else the
 * people who act as applicant and have claimed their profile since; else, for a case filed on someone's behalf,
 * the staff member who filed it (someone must hear about it).
 */
export async function applicantRecipients(ctx: Pick<HandlerContext, 'db'>, c: CaseParties): Promise<string[]> {
  if (c.applicantOpenid) return [c.applicantOpenid];
  const people = await Promise.all(applicantPersonIds(c).map((id) => getPerson(ctx.db, id)));
  const openids = people.map((p) => (p && !p.erased ? p.openid : null)).filter((o): o is string => Boolean(o));
  if (openids.length) return [...new Set(openids)];
  const staff = staffInitiator(c);
  return staff?.kind === 'proxy' && staff.openid ? [staff.openid] : [];
}
