/**
 * Random bytes from the operating system's CSPRNG, drawn 4 KiB at a time and handed out in slices: what Node does
 * itself for `crypto.randomUUID()`. One `randomBytes(16)` per encrypted field cost ~10 µs (a system call each);
 * an import of 185,560 people draws three values per row (two IVs and an id), so the pool matters there. A slice is
 * copied out and never handed out twice.
 */
import { randomFillSync } from 'crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `n` fresh random bytes (a new buffer; `n` up to 4096). */
export function poolRandomBytes(n: number): Buffer {
  if (!Number.isInteger(n) || n < 1 || n > POOL_BYTES) throw new RangeError('poolRandomBytes: 1 to 4096 bytes');
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = Buffer.from(pool.subarray(offset, offset + n));
  // Used bytes are wiped so that no later reader of the pool (there is none) could see them.
  pool.fill(0, offset, offset + n);
  offset += n;
  return out;
}
