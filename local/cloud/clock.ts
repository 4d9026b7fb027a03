/**
 * The local clock: how far the functions' time is moved ahead of the host's (`UNION_CLOCK_OFFSET_MS`, which every
 * invocation reads, see `domain/runtime/clock.ts`). The developer panel advances it by days so a demo round can
 * run through its notice period to 已发放 without waiting; kept in `<dataDir>/clock.json` so a restart keeps the
 * same day. A host `UNION_CLOCK_OFFSET_MS` at start wins over the file.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DAY_MS = 86_400_000;
const ENV = 'UNION_CLOCK_OFFSET_MS';
const FILE = 'clock.json';

/** The offset now in force (ms). */
export function clockOffset(): number {
  const n = Number(process.env[ENV] ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** What the panel shows: the offset, in days too, and the functions' now. */
export function clockState(): { offsetMs: number; offsetDays: number; now: string } {
  const offsetMs = clockOffset();
  return {
    offsetMs,
    offsetDays: Math.round((offsetMs / DAY_MS) * 100) / 100,
    now: new Date(Date.now() + offsetMs).toISOString(),
  };
}

function setOffset(dataDir: string, offsetMs: number): void {
  if (offsetMs === 0) delete process.env[ENV];
  else process.env[ENV] = String(offsetMs);
  fs.writeFileSync(path.join(dataDir, FILE), `${JSON.stringify({ offsetMs })}\n`);
}

/** Move the functions' clock `days` whole days ahead (1–366 at a time). */
export function advanceClock(dataDir: string, days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new RangeError('days must be a whole number from 1 to 366');
  setOffset(dataDir, clockOffset() + days * DAY_MS);
}

/** Back to the host's time. */
export function resetClock(dataDir: string): void {
  setOffset(dataDir, 0);
}

/** At start: take the offset kept in the data dir, unless the host set one. */
export function restoreClock(dataDir: string): void {
  if (process.env[ENV] !== undefined) return;
  try {
    const { offsetMs } = JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as { offsetMs?: unknown };
    if (typeof offsetMs === 'number' && Number.isFinite(offsetMs) && offsetMs !== 0)
      process.env[ENV] = String(offsetMs);
  } catch {
    // no clock file: the host's time
  }
}
