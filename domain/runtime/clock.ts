/**
 * The functions' clock. In production it is the system clock. A local cloud or a test may set
 * `UNION_CLOCK_OFFSET_MS` in a function instance's environment to move time (for deadlines and
 * overdue checks) without touching the code path.
 */
export function systemNow(): Date {
  const offset = Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0);
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
}
