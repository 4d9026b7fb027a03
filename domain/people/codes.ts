/** Random one-time codes (claim codes, invitation codes) and document ids. */
import { randomInt } from 'crypto';
import { poolRandomBytes } from '../security/random';

/** Letters and digits without look-alikes (no 0/O, 1/I/L). */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A random code of `length` characters from an unambiguous alphabet. */
export function randomCode(length: number): string {
  let code = '';
  for (let i = 0; i < length; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** A random document id (24 hex characters). */
export const newId = (): string => poolRandomBytes(12).toString('hex');

export const DAY_MS = 86_400_000;
