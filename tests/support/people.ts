/**
 * Helpers for tests that act as the demo people: a local cloud with the demo seed (grid, staff for
 * every node, people of each kind, encrypted with the cloud's dev keys) and a typed caller.
 *
 *   const cloud = await startSeededCloud();
 *   const r = await callAs(cloud, 'demo-town-t15', 'people', 'searchPeople', { category: 'migrant' });
 */
import { readPeople } from '../../local/cloud/server';
import { startTestCloud, type TestCloud, type TestCloudOptions } from './cloud';

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

/** A test cloud seeded with the demo data (`seedDemo`), through the local cloud's own seeding path. */
export async function startSeededCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const cloud = await startTestCloud({ ...opts, seed: true });
  if (readPeople(cloud.dataDir).length === 0) {
    await cloud.close();
    throw new Error('demo seed did not run');
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
