/**
 * Turning checked fields (the contracts' `UnitFields`, `UnionFields`) into stored fields, shared by the forms
 * and the import, and telling whether a write would change anything (a re-import of the same row is
 * `unchanged`, not an update).
 */
import type { UnitFieldsData } from '../../typings/registry';
import { blindIndex, encryptField } from '../security/crypto';
import type { Placed, UnitRecord } from './store';

/** The stored fields of a unit from checked form/import fields and its place. */
export function unitFields(
  f: UnitFieldsData,
  place: Placed,
  previous?: Pick<UnitRecord, 'contactPhoneEnc' | 'contactPhoneHash'>,
): Omit<UnitRecord, '_id' | keyof import('./store').Written | 'unionId'> {
  const phone = f.contactPhone ?? null;
  const phoneHash = phone ? blindIndex('phone', phone) : null;
  // Keep the stored ciphertext when the number did not change (a fresh IV would look like a change).
  const phoneEnc =
    phone && previous?.contactPhoneHash === phoneHash && previous.contactPhoneEnc
      ? previous.contactPhoneEnc
      : phone
        ? encryptField(phone)
        : null;
  return {
    name: f.name,
    creditCode: f.creditCode.code,
    creditCodeWarning: f.creditCode.checkOverridden,
    type: f.type,
    economicType: f.economicType,
    industry: f.industry,
    employees: f.employees,
    womenEmployees: f.womenEmployees,
    address: f.address,
    legalRep: f.legalRep ?? null,
    contactName: f.contactName ?? null,
    contactPhoneEnc: phoneEnc,
    contactPhoneHash: phoneHash,
    ...place,
  };
}

/** Names of the fields whose values differ (ciphertexts compared through their blind indexes). */
export function changedFields<T extends object>(
  before: T,
  after: Partial<T>,
  ignore: readonly string[] = [],
): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (ignore.includes(key)) continue;
    const old = (before as Record<string, unknown>)[key];
    if (JSON.stringify(old ?? null) !== JSON.stringify(value ?? null)) out.push(key);
  }
  return out;
}
