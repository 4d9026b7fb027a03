/**
 * The enterprise's contact gets a subscribe message (through the outbox, as WeChat delivers it) at every step of
 * its founding, naming the step within the template's rules (phrase: the step's first five Chinese characters);
 * another enterprise's contact gets none of them.
 */
import type { TestCloud } from '../support/cloud';
import { seedRegistry } from '../../scripts/seed/registry';
import { startSeededCloud, subscribeAll } from '../support/people';
import { driveFounding, driver, smallRequest, workerProfiles } from '../support/founding';
import { foundingCaseType } from '../../domain/founding/types';
import { chinaDate } from '../../common/china-time';
import { creditCode } from '../support/registry';

jest.setTimeout(300_000);

const CONTACT = 'demo-migrant-8';
const OTHER = 'demo-migrant-9';
const WORKERS = ['message-worker-1', 'message-worker-2', 'message-worker-3'];

/** The phrase WeChat accepts for a step's label: its first clause's Chinese characters, at most five. */
const phraseOf = (label: string) =>
  [...label.split(/[（(，,；;、]/)[0]]
    .filter((c) => /\p{Script=Han}/u.test(c))
    .slice(0, 5)
    .join('');

describe('subscribe messages of a founding', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    process.env.UNION_CLOCK_OFFSET_MS = '0';
    cloud = await startSeededCloud();
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    subscribeAll(cloud, [CONTACT, OTHER, 'demo-town-t15', 'demo-admin', ...WORKERS], 100);
    await workerProfiles(cloud, WORKERS, 800);
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  it('tells the contact of every step, and nobody else', async () => {
    const d = driver(cloud);
    const today = chinaDate(new Date());
    await driveFounding(
      cloud,
      d,
      CONTACT,
      WORKERS,
      smallRequest('松滋消息示例有限公司', creditCode(950)),
      'certified',
      { issuedOn: today, validUntil: `${Number(today.slice(0, 4)) + 3}${today.slice(4)}` },
    );
    expect(d.steps.length).toBeGreaterThan(0);
    const sent = cloud.outbox({ openid: CONTACT }).map((m) => {
      const data = m.data as Record<string, { value?: string } | string>;
      const phrase = data.phrase2;
      return typeof phrase === 'string' ? phrase : (phrase?.value ?? '');
    });
    const states = foundingCaseType.states as Record<string, { label: string }>;
    for (const s of d.steps) expect(sent).toContain(phraseOf(states[s.status].label));
    expect(sent.length).toBeGreaterThanOrEqual(d.steps.length);
    expect(cloud.outbox({ openid: OTHER })).toHaveLength(0);
  });
});
