/** Notice periods in working days (China time), skipping weekends and configured holidays. */
import { isWorkingDay, noticeEndsAt } from '../../common/china-time';

describe('notice period', () => {
  it('should end after five working days, skipping the weekend', () => {
    // Monday 2026-08-03 10:00 +08:00 → Tue..Fri (4) + Mon 08-10 (5) → ends 2026-08-11 00:00 +08:00.
    const end = noticeEndsAt(new Date('2026-08-03T02:00:00Z'), 5);
    expect(end.toISOString()).toBe('2026-08-10T16:00:00.000Z');
  });

  it('should count from the China-time date even when UTC is still the day before', () => {
    // 2026-08-07 (Fri) 01:00 +08:00 is 2026-08-06 17:00 UTC: the next working days are Mon..Fri 08-10..14.
    expect(noticeEndsAt(new Date('2026-08-06T17:00:00Z'), 5).toISOString()).toBe('2026-08-14T16:00:00.000Z');
  });

  it('should skip holidays and count make-up working days', () => {
    const calendar = {
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      workdays: ['2026-10-10'],
    };
    expect(isWorkingDay('2026-10-10', calendar)).toBe(true);
    expect(isWorkingDay('2026-10-01', calendar)).toBe(false);
    // Published Wed 09-30: Oct 1–7 are rest days; Thu 10-08, Fri 10-09, Sat 10-10 (make-up), Mon 10-12, Tue 10-13.
    expect(noticeEndsAt(new Date('2026-09-30T02:00:00Z'), 5, calendar).toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  it('should refuse a non-positive period', () => {
    expect(() => noticeEndsAt(new Date(), 0)).toThrow();
  });
});
