/**
 * Every founding step's deadline and reminder with a fake clock (`UNION_CLOCK_OFFSET_MS`): each step's deadline is
 * its declared number of working days after the day it started; the town's staff are reminded of an overdue town
 * step (and the case stays with them); the enterprise is reminded once when its own step is due within 3 days and
 * once when it is overdue; the legal-person certificate is counted down with reminders 30 and 7 days before it
 * expires and on the day, each once however often the timer runs.
 */
import type { TestCloud } from '../support/cloud';
import { seedRegistry } from '../../scripts/seed/registry';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { driveFounding, driver, FOUNDING_TOWN, smallRequest, workerProfiles } from '../support/founding';
import { foundingCaseType } from '../../domain/founding/types';
import { addWorkingDays, chinaDate, EMPTY_CALENDAR } from '../../common/china-time';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const CONTACT = 'demo-migrant-4';
const WORKERS = ['deadline-worker-1', 'deadline-worker-2', 'deadline-worker-3'];
/** A worker joins one founding: the second founding that recruits has its own. */
const MORE_WORKERS = ['deadline-worker-4', 'deadline-worker-5', 'deadline-worker-6'];

describe('founding deadlines and reminders', () => {
  let cloud: TestCloud;
  const setClock = (ms: number) => {
    process.env.UNION_CLOCK_OFFSET_MS = String(ms);
  };
  const offset = () => Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0);
  /** The clock set so that the functions' "now" is `at`. */
  const clockTo = (at: number) => setClock(at - Date.now());
  const run = async (task: 'founding' | 'overdue'): Promise<CallResult> =>
    callAs(cloud, 'demo-admin', 'scheduler', 'run', { task });
  const get = async (id: string) => (await callAs(cloud, CONTACT, 'cases', 'get', { caseId: id })).data;
  const toContact = () => cloud.outbox({ openid: CONTACT }).length;
  const toTown = () => cloud.outbox({ openid: FOUNDING_TOWN }).length;

  beforeAll(async () => {
    setClock(0);
    cloud = await startSeededCloud();
    // the registry the union enters: every town's federation (its parent), the demo units
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    subscribeAll(cloud, [CONTACT, FOUNDING_TOWN, 'demo-admin', ...WORKERS, ...MORE_WORKERS], 200);
    await workerProfiles(cloud, [...WORKERS, ...MORE_WORKERS]);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('gives each step its declared working days from the day it started', async () => {
    const d = driver(cloud);
    await driveFounding(
      cloud,
      d,
      CONTACT,
      WORKERS,
      smallRequest('松滋期限甲有限公司', '91421087MA4F00002W'),
      'certified',
      {
        issuedOn: chinaDate(new Date(Date.now() + offset())),
        validUntil: '2031-01-01',
      },
    );
    const seen = new Set<string>();
    for (const step of d.steps) {
      const limit = foundingCaseType.states[step.status as keyof typeof foundingCaseType.states].timeLimitDays;
      seen.add(step.status);
      if (limit === undefined) {
        expect([step.status, step.dueAt]).toEqual([step.status, null]);
        continue;
      }
      const expected = addWorkingDays(new Date(step.stepSince!), limit, EMPTY_CALENDAR).toISOString();
      expect([step.status, step.dueAt]).toEqual([step.status, expected]);
    }
    expect(seen).toEqual(
      new Set([
        'recruiting',
        'groups',
        'candidates',
        'candidates_review',
        'notice',
        'election',
        'result_review',
        'profile',
        'registering',
        'legal_person',
        'certified',
      ]),
    );
    setClock(0);
  });

  it('reminds the town of its overdue review and keeps the case with the town', async () => {
    setClock(0);
    const d = driver(cloud);
    const id = await driveFounding(
      cloud,
      d,
      CONTACT,
      WORKERS,
      smallRequest('松滋期限乙有限公司', '91421087MA4F000030'),
      'town_review',
    );
    const due = new Date((await get(id)).dueAt).getTime();
    clockTo(due - 3_600_000);
    await run('overdue');
    expect((await get(id)).overdue).toBe(false);
    clockTo(due + 3_600_000);
    const atDue = toTown();
    await run('overdue');
    expect(toTown()).toBeGreaterThan(atDue);
    const after = await get(id);
    expect(after).toMatchObject({ status: 'town_review', nodeId: 't15', overdue: true });
    // The enterprise is not reminded of the town's step.
    const contact = toContact();
    expect((await run('founding')).data.founding.stepReminders).toBe(0);
    expect(toContact()).toBe(contact);
    setClock(0);
  });

  it('reminds the enterprise once when its step is due within 3 days, once when it is overdue', async () => {
    setClock(0);
    const d = driver(cloud);
    const id = await driveFounding(
      cloud,
      d,
      CONTACT,
      WORKERS,
      smallRequest('松滋期限丙有限公司', '91421087MA4F000043'),
      'recruiting',
    );
    const due = new Date((await get(id)).dueAt).getTime();
    clockTo(due - 4 * DAY);
    expect((await run('founding')).data.founding.stepReminders).toBe(0);
    clockTo(due - 2 * DAY);
    const before = toContact();
    expect((await run('founding')).data.founding.stepReminders).toBe(1);
    expect(toContact()).toBe(before + 1);
    expect((await run('founding')).data.founding.stepReminders).toBe(0);
    clockTo(due + 60_000);
    expect((await run('founding')).data.founding.stepReminders).toBe(1);
    expect((await run('founding')).data.founding.stepReminders).toBe(0);
    expect(toContact()).toBe(before + 2);
    const last = cloud.outbox({ openid: CONTACT }).at(-1) as { data?: Record<string, { value: string }> };
    expect(JSON.stringify(last.data)).toContain('已过期限');
    setClock(0);
  });

  it('counts down the certificate: 30 and 7 days before it expires and on the day, each once', async () => {
    setClock(0);
    const today = chinaDate(new Date());
    const validUntil = chinaDate(new Date(Date.now() + 60 * DAY));
    const d = driver(cloud);
    const id = await driveFounding(
      cloud,
      d,
      CONTACT,
      MORE_WORKERS,
      smallRequest('松滋期限丁有限公司', '91421087MA4F00001R'),
      'certified',
      {
        issuedOn: today,
        validUntil,
      },
    );
    expect((await get(id)).status).toBe('certified');
    const expiry = Date.parse(`${validUntil}T00:00:00+08:00`);
    const certs = async () => (await run('founding')).data.founding.certificateReminders as number;
    clockTo(expiry - 31 * DAY + 3_600_000);
    expect(await certs()).toBe(0);
    clockTo(expiry - 30 * DAY + 3_600_000);
    expect(await certs()).toBe(1);
    expect(await certs()).toBe(0);
    clockTo(expiry - 7 * DAY + 3_600_000);
    expect(await certs()).toBe(1);
    clockTo(expiry + 3_600_000);
    expect(await certs()).toBe(1);
    expect(await certs()).toBe(0);
    setClock(0);
  });
});
