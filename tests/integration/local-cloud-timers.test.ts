/**
 * Timer triggers from a function's config.json: CloudBase's 7-field cron, firing on demand (fireTimer and
 * POST /dev/timers) and on schedule, with CloudBase's timer event and no user identity.
 */
import { nextFire, parseCron } from '../../local/cloud/timers/cron';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

// Cold starts of function instances (worker + wx-server-sdk load) take longer on a busy machine.
jest.setTimeout(30_000);

type TickerResult = {
  event: { Type: string; TriggerName: string; Time: string; Message: string };
  context: Record<string, unknown>;
  trigger: string | null;
};

describe('CloudBase cron expressions', () => {
  // CloudBase reads timer crons in China time: write the expectations in UTC+8.
  const at = (s: string) => new Date(`${s}+08:00`);

  test('every second', () => {
    expect(nextFire(parseCron('*/1 * * * * * *'), at('2026-03-01T10:00:00.400'))).toEqual(at('2026-03-01T10:00:01'));
  });

  test('daily at 02:00:00, including rolling over to the next day', () => {
    const s = parseCron('0 0 2 * * * *');
    expect(nextFire(s, at('2026-03-01T01:59:59'))).toEqual(at('2026-03-01T02:00:00'));
    expect(nextFire(s, at('2026-03-01T02:00:00'))).toEqual(at('2026-03-02T02:00:00'));
  });

  test('weekday names, ranges and lists', () => {
    // 2026-03-06 is a Friday; next Mon-Wed 09:30 is Monday 2026-03-09.
    expect(nextFire(parseCron('0 30 9 * * MON-WED *'), at('2026-03-06T12:00:00'))).toEqual(at('2026-03-09T09:30:00'));
    expect(nextFire(parseCron('0 0 8,20 1 * * *'), at('2026-03-01T09:00:00'))).toEqual(at('2026-03-01T20:00:00'));
  });

  test('a year field limits the schedule', () => {
    expect(nextFire(parseCron('0 0 0 1 1 * 2028'), at('2026-05-01T00:00:00'))).toEqual(at('2028-01-01T00:00:00'));
  });

  test('schedules are China time whatever the host time zone', () => {
    expect(nextFire(parseCron('0 0 2 * * * *'), new Date('2026-03-01T00:00:00Z'))).toEqual(
      new Date('2026-03-01T18:00:00Z'),
    );
  });

  test('malformed expressions are rejected', () => {
    expect(() => parseCron('* * *')).toThrow();
    expect(() => parseCron('61 * * * * * *')).toThrow();
  });
});

describe('timer triggers', () => {
  let cloud: TestCloud;

  afterEach(async () => {
    await cloud?.close();
  });

  test('fireTimer runs the function with a Timer event and no OPENID', async () => {
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    const out = (await cloud.fireTimer('ticker', 'nightly')) as TickerResult;
    expect(out.event).toMatchObject({ Type: 'Timer', TriggerName: 'nightly', Message: '' });
    expect(out.event.Time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(out.context.OPENID).toBeUndefined();
    expect(out.context.SOURCE).toBe('timer');
    expect(out.trigger).toBe('timer');
    await expect(cloud.fireTimer('ticker', 'missing')).rejects.toThrow(/no timer trigger/);
    await expect(cloud.fireTimer('whoami')).rejects.toThrow(/no timer trigger/);
  });

  test('POST /dev/timers/:fn/:trigger fires a trigger on demand', async () => {
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    const res = await fetch(`${cloud.url}/dev/timers/ticker/everySecond`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; result: TickerResult };
    expect(body.ok).toBe(true);
    expect(body.result.event.TriggerName).toBe('everySecond');
  });

  test('triggers fire on their schedule when timers are on', async () => {
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, timers: true });
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !cloud.invocations().some((i) => i.name === 'ticker' && i.code === 'OK')) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(cloud.invocations().filter((i) => i.name === 'ticker' && i.code === 'OK').length).toBeGreaterThanOrEqual(1);
  });

  test('no trigger fires when timers are off', async () => {
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR, timers: false });
    await new Promise((r) => setTimeout(r, 1300));
    expect(cloud.invocations()).toHaveLength(0);
  });
});
