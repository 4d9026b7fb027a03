/**
 * Demo data, written through a real @cloudbase/node-sdk app (the local cloud passes one connected
 * to itself). Each part of the domain seeds its own collections from a module beside this one.
 * Returns the demo people for the preview's person switcher (`GET /dev/people`).
 */
import type { AdminApp } from '../../local/cloud/sdk';
import { buildGrid } from '../../domain/grid/data';
import { loadGrid } from '../../domain/grid/load';
import type { FieldKeys } from '../../domain/security/crypto';
import { seedPeople } from './people';
import { seedAid } from './aid';
import { seedCases } from './cases';
import { seedRegistry } from './registry';
import { bulkCases } from './bulk-cases';
import { seedAgreements } from './agreements';
import { seedActivity } from './activity';
import { seedFoundings } from './founding';

export interface DemoPerson {
  openid: string;
  name: string;
  role: string;
  gridNodeId: string;
  label?: string;
}

export interface SeedOptions {
  /** `demo` (default): enough to show every screen; `full`: the article's figures, for benchmarks. */
  scale?: string;
  /** Field-encryption keys (the local cloud passes its dev keys); default: UNION_DATA_KEY/UNION_INDEX_KEY. */
  keys?: FieldKeys;
  /**
   * Demo tasks sent down and activity posts (`activity.ts`) and foundings at every step (`founding.ts`), through
   * the real handlers: `npm start` and `npm run seed` ask for them; tests that count them start without them.
   */
  activity?: boolean;
}

/** Insert documents in batches of at most 1000 (the SDK's limit per call). */
export async function insertMany(app: AdminApp, collection: string, docs: object[]): Promise<void> {
  const coll = app.database().collection(collection);
  for (let i = 0; i < docs.length; i += 1000) {
    await coll.add(docs.slice(i, i + 1000));
  }
}

/** Seed the grid: the city, 16 towns and 273 villages/communities. */
export async function seedGrid(app: AdminApp): Promise<void> {
  await loadGrid(app.database(), buildGrid());
}

export async function seedDemo(app: AdminApp, options: SeedOptions = {}): Promise<{ people: DemoPerson[] }> {
  await seedGrid(app);
  const people = await seedPeople(app, options);
  await seedRegistry(app, options);
  await seedCases(app);
  await seedAid(app, options.keys);
  if (options.activity) {
    await seedActivity(app, options.keys);
    people.push(...(await seedFoundings(app, options.keys)).people);
  }
  // Full scale: a year of cases over every village, for the dashboards' benchmark (`npm run bench dashboards`).
  if (options.scale === 'full') await insertMany(app, 'cases', bulkCases(buildGrid(), new Date()));
  await seedAgreements(app, options);
  return { people };
}
