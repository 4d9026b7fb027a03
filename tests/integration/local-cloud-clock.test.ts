/**
 * The local clock of the developer panel (`/dev/clock`): advancing it by days moves the functions' time (the
 * next invocation sees the offset), it is kept in the data dir across restarts, and bad input is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE_FUNCTIONS_DIR, startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(30_000);
const DAY = 86_400_000;

describe('the local clock', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS_DIR });
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud.close();
  });

  const clock = async (body?: unknown) => {
    const res = await fetch(`${cloud.url}/dev/clock`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as { offsetMs: number; offsetDays: number; now: string } };
  };
  const functionsOffset = async () =>
    ((await cloud.callFunction('whoami', {}, { openid: 'o-clock' })).result as { clockOffset: string | null })
      .clockOffset;

  it('starts at the host’s time', async () => {
    const { body } = await clock();
    expect(body.offsetMs).toBe(0);
    expect(Math.abs(Date.parse(body.now) - Date.now())).toBeLessThan(5_000);
    expect(await functionsOffset()).toBeNull();
  });

  it('moves the functions’ time ahead by whole days, and keeps it in the data dir', async () => {
    expect((await clock({ advanceDays: 8 })).body.offsetDays).toBe(8);
    const { body } = await clock({ advanceDays: 4 });
    expect(body.offsetMs).toBe(12 * DAY);
    expect(Date.parse(body.now) - Date.now()).toBeGreaterThan(12 * DAY - 5_000);
    expect(await functionsOffset()).toBe(String(12 * DAY));
    expect(JSON.parse(fs.readFileSync(path.join(cloud.dataDir, 'clock.json'), 'utf8'))).toEqual({ offsetMs: 12 * DAY });
  });

  it('refuses a step that is not a whole number of days from 1 to 366', async () => {
    for (const advanceDays of [0, -1, 1.5, 400, 'x']) expect((await clock({ advanceDays })).status).toBe(400);
    expect((await clock()).body.offsetDays).toBe(12);
  });

  it('goes back to the host’s time', async () => {
    expect((await clock({ reset: true })).body.offsetMs).toBe(0);
    expect(await functionsOffset()).toBeNull();
  });
});
