/**
 * Helpers for tests that act as the demo people: a local cloud with the people seed (grid, staff for
 * every node, people of each kind, encrypted with the cloud's dev keys) and a typed caller.
 *
 *   const cloud = await startSeededCloud();
 *   const r = await callAs(cloud, 'demo-town-t15', 'people', 'searchPeople', { category: 'migrant' });
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPeople } from '../../local/cloud/server';
import { buildGrid } from '../../domain/grid/data';
import { seedPeople } from '../../scripts/seed/people';
import { startTestCloud, type TestCloud, type TestCloudOptions } from './cloud';
import { SUBSCRIBE_TEMPLATES } from '../../domain/notify/templates';

/** What a function of this project answers (loosely typed for assertions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CallResult<T = any> {
  ok: boolean;
  data: T;
  code?: string;
  message?: string;
  field?: string;
  details?: unknown;
}

/**
 * A test cloud seeded with the grid and the demo people and staff (`buildGrid` + `seedPeople`, encrypted
 * with the cloud's dev keys), with `<dataDir>/demo-people.json` written as the local cloud's seeding
 * does, so `GET /dev/people` answers. Other domains' demo data is left out: these tests depend only on
 * the people seed.
 */
export async function startSeededCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startTestCloud({ ...opts, seed: false });
  try {
    const app = cloud.sdkApp();
    await app.database().collection('grid_nodes').add(buildGrid());
    const people = await seedPeople(app, { keys: cloud.devKeys });
    fs.writeFileSync(path.join(cloud.dataDir, 'demo-people.json'), JSON.stringify(people, null, 2) + '\n');
    if (readPeople(cloud.dataDir).length === 0) throw new Error('demo people were not written');
  } catch (error) {
    await cloud.close();
    throw error;
  }
  return cloud;
}

/** Call `fn`'s `action` as `openid` (the identity CloudBase injects), optionally with a client request id. */
export async function callAs<T = any>( // eslint-disable-line @typescript-eslint/no-explicit-any
  cloud: TestCloud,
  openid: string,
  fn: string,
  action: string,
  input?: unknown,
  requestId?: string,
): Promise<CallResult<T>> {
  const data: Record<string, unknown> = { action };
  if (input !== undefined) data.input = input;
  if (requestId) data.requestId = requestId;
  return (await cloud.callFunction(fn, data, { openid })).result as CallResult<T>;
}

/** Both of the project's subscribe-message templates, under the ids the local console knows. */
export const TEMPLATE_IDS = Object.values(SUBSCRIBE_TEMPLATES).map((t) => t.placeholder);

/**
 * `openids` tap "allow" in the subscribe dialog for every template `times` times, as people do before the
 * messages a test expects (WeChat sends one message per accepted subscription; none left → 43101).
 */
export function subscribeAll(cloud: TestCloud, openids: readonly string[], times = 50): void {
  for (const openid of openids) cloud.subscribe(openid, TEMPLATE_IDS, times);
}

/** Every demo person (and staff member) has accepted the templates: a test about the messages themselves. */
export function subscribeDemoPeople(cloud: TestCloud, times = 50): void {
  subscribeAll(
    cloud,
    readPeople(cloud.dataDir).map((p) => p.openid),
    times,
  );
}
