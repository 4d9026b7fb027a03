/**
 * The stored person: one document per citizen ID number (unique blind index `idHash`), whoever
 * entered it. ID and phone are stored only encrypted (`idEnc`, `phoneEnc`) with blind indexes
 * (`idHash`, `phoneHash`) for look-up; names are stored in clear (needed to search and to mask).
 */
import { readIn } from '../runtime/paging';
import type { Database } from '../runtime/context';
import type { PersonCategory, MaskedPerson, FullPerson, MyProfile } from '../../typings/people';
import { blindIndex, decryptField } from '../security/crypto';
import { checkIdNumber } from '../security/validators';
import { maskIdNumber, maskName, maskPhone } from '../security/mask';

export const PEOPLE = 'people';

/** A person document as stored in `people`. */
export interface PersonRecord {
  _id: string;
  /** The WeChat user linked to this profile; null until a profile entered on someone's behalf is claimed. */
  openid: string | null;
  /** `openid`, or `unclaimed:<_id>`: unique, so one WeChat user links to at most one person. */
  ownerKey: string;
  name: string;
  /** Blind index (SM3-HMAC) of the normalised ID number; unique. */
  idHash: string;
  /** SM4 ciphertext of the ID number (absent once the person's data was erased on request). */
  idEnc?: string;
  phoneEnc?: string;
  phoneHash?: string;
  gender: 'male' | 'female';
  /** `YYYY-MM-DD`, derived from the ID number. */
  birthDate: string;
  homeVillageId: string;
  /** Grid path of the home village: `['city', 't15', 't15-v01']`. */
  homePath: string[];
  /** The home village's town (`homePath[1]`), a scalar so scoped look-ups use an index. */
  homeTownId: string;
  categories: PersonCategory[];
  workCity?: string;
  employer?: string;
  employerTownId?: string;
  /** Collector's staffId when the profile was entered on the person's behalf. */
  enteredBy?: string;
  /** True once linked to the person's own WeChat (self-registered, or claimed). */
  claimed: boolean;
  /** Blind index of the current claim code and when it expires (profiles entered on someone's behalf). */
  claimCodeHash?: string;
  claimCodeExpiresAt?: Date;
  /** Failed claim attempts since the last code was issued (locked at {@link MAX_CLAIM_ATTEMPTS}). */
  claimAttempts?: number;
  /** True once the person's data was erased on their request (`resolveDataRequest`). */
  erased?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const MAX_CLAIM_ATTEMPTS = 5;

/** Blind index of an ID number (normalised first; an invalid number still gets a deterministic hash). */
export function idNumberHash(idNumber: string): string {
  const checked = checkIdNumber(idNumber);
  return blindIndex('id', checked.ok ? checked.value : idNumber.trim().toUpperCase());
}

/** The person with this ID number (through the blind index), or null. */
export async function findPersonByIdNumber(db: Database, idNumber: string): Promise<PersonRecord | null> {
  const { data } = await db
    .collection<PersonRecord>(PEOPLE)
    .where({ idHash: idNumberHash(idNumber) })
    .limit(1)
    .get();
  return data[0] ?? null;
}

/** A person by document id, or null. */
export async function getPerson(db: Database, id: string): Promise<PersonRecord | null> {
  const { data } = await db.collection<PersonRecord>(PEOPLE).where({ _id: id }).limit(1).get();
  return data[0] ?? null;
}

/** The person linked to a WeChat openid, or null. */
export async function getPersonByOpenid(db: Database, openid: string): Promise<PersonRecord | null> {
  if (!openid) return null;
  const { data } = await db.collection<PersonRecord>(PEOPLE).where({ ownerKey: openid }).limit(1).get();
  return data[0] ?? null;
}

/** Several people by id (any number, 500 ids a query), in no particular order. */
export async function getPeople(db: Database, ids: readonly string[]): Promise<PersonRecord[]> {
  if (ids.length === 0) return [];
  return readIn<PersonRecord>(db, PEOPLE, '_id', [...new Set(ids)]);
}

/** Decrypted ID number. */
export const personIdNumber = (p: PersonRecord): string => (p.idEnc ? decryptField(p.idEnc) : '');
/** Decrypted phone, or null. */
export const personPhone = (p: PersonRecord): string | null => (p.phoneEnc ? decryptField(p.phoneEnc) : null);

function base(p: PersonRecord) {
  return {
    personId: p._id,
    gender: p.gender,
    homeVillageId: p.homeVillageId,
    categories: p.categories,
    workCity: p.workCity ?? null,
    employer: p.employer ?? null,
    claimed: p.claimed,
    enteredOnBehalf: Boolean(p.enteredBy),
  };
}

/** The person masked for lists and roles that do not need full values. */
export function toMaskedPerson(p: PersonRecord): MaskedPerson {
  const phone = personPhone(p);
  return {
    ...base(p),
    name: maskName(p.name),
    idNumber: maskIdNumber(personIdNumber(p)),
    phone: phone ? maskPhone(phone) : null,
    masked: true,
  };
}

/** The person in full (own data, or an audited unmasked view). */
export function toFullPerson(p: PersonRecord): FullPerson {
  return {
    ...base(p),
    name: p.name,
    idNumber: personIdNumber(p),
    phone: personPhone(p),
    birthDate: p.birthDate,
    masked: false,
  };
}

/** The owner's own profile: own name and birth date in full, ID and phone masked. */
export function toMyProfile(p: PersonRecord): MyProfile {
  const masked = toMaskedPerson(p);
  return { ...masked, name: p.name, birthDate: p.birthDate, masked: true };
}
