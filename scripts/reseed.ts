/**
 * `npm run seed [-- --scale full]`: reset the local cloud's data dir ($CLOUD_DATA_DIR, default .cloud/) and seed
 * the demo data through a real @cloudbase/node-sdk app connected to a local cloud started for the purpose.
 * Refuses to run while `npm start` is serving the same data dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, seedLocalCloud, startLocalCloud } from '../local/cloud/server';

function argValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

async function runningOn(dataDir: string): Promise<boolean> {
  const port = Number(process.env.PORT ?? 3000);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(500) });
    const body = (await res.json()) as { dataDir?: string };
    return body.dataDir === dataDir;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const dataDir = path.resolve(process.env.CLOUD_DATA_DIR ?? path.join(REPO_ROOT, '.cloud'));
  const scale = argValue('--scale');
  if (await runningOn(dataDir)) {
    throw new Error(`a local cloud (npm start) is serving ${dataDir}; stop it before reseeding`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  const cloud = await startLocalCloud({
    port: 0,
    dataDir,
    envId: process.env.CLOUD_ENV_ID ?? 'local-dev',
    seed: false,
    timers: false,
    quiet: true,
  });
  try {
    const started = Date.now();
    const people = await seedLocalCloud(cloud, { ...(scale ? { scale } : {}), activity: true });
    console.log(
      `seeded ${dataDir} in ${Date.now() - started} ms (${people.length} demo people${scale ? `, scale ${scale}` : ''})`,
    );
  } finally {
    await cloud.close();
  }
}

main().catch((err: unknown) => {
  console.error('seed failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
