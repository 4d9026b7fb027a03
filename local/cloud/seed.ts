import fs from 'node:fs';
import path from 'node:path';
import { createAdminApp, type AdminApp } from './sdk';
import type { DemoPerson, LocalCloud } from './server';
import type { DevKeys } from './dev-keys';

/** Repository root (local/cloud/ → ../..). */
const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** `<dataDir>/demo-people.json` (written by seeding), or an empty list. */
export function readPeople(dataDir: string): DemoPerson[] {
  const file = path.join(dataDir, 'demo-people.json');
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (Array.isArray(parsed)) return parsed as DemoPerson[];
  return (parsed as { people?: DemoPerson[] }).people ?? [];
}

type SeedModule = {
  seedDemo?: (
    app: AdminApp,
    opts?: { scale?: string; keys?: DevKeys; activity?: boolean },
  ) => Promise<{ people: DemoPerson[] }>;
};

/**
 * Seed demo data through a real @cloudbase/node-sdk app connected to this cloud (`seedDemo` from
 * `scripts/seed/index.ts`, or `opts.module`) and write the demo people to `<dataDir>/demo-people.json`.
 * `activity` adds the demo tasks and posts (`npm start`, `npm run seed`).
 */
export async function seedLocalCloud(
  cloud: LocalCloud,
  opts: { scale?: string; module?: string; activity?: boolean } = {},
): Promise<DemoPerson[]> {
  const modPath = opts.module ?? path.join(REPO_ROOT, 'scripts', 'seed', 'index');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modPath) as SeedModule;
  if (typeof mod.seedDemo !== 'function') throw new Error(`${modPath} does not export seedDemo`);
  const { people } = await mod.seedDemo(createAdminApp(cloud.adminUrl, cloud.envId), {
    ...(opts.scale ? { scale: opts.scale } : {}),
    ...(opts.activity ? { activity: true } : {}),
    keys: cloud.devKeys,
  });
  fs.writeFileSync(path.join(cloud.dataDir, 'demo-people.json'), JSON.stringify(people, null, 2) + '\n');
  return people;
}
