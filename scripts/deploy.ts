/**
 * `npm run deploy`: build every function, check cloudbaserc.json against the functions folder,
 * then deploy functions and timer triggers with the CloudBase CLI (`tcb`, run through npx at a
 * pinned version) to the environment in `CLOUDBASE_ENV_ID`, and create the collections declared
 * in `database/collections/`. Flags: `--check` (only check), `--sync` (rewrite cloudbaserc.json
 * to list exactly the functions present), `--dry-run` (print the commands).
 */
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { buildFunction, functionNames, ROOT } from './build-functions';
import { checkDeployConfig, syncedRc } from './deploy-config';

const TCB = ['--yes', '@cloudbase/cli@2.12.10'];

async function main() {
  const args = new Set(process.argv.slice(2));
  if (args.has('--sync')) {
    writeFileSync(join(ROOT, 'cloudbaserc.json'), JSON.stringify(syncedRc(), null, 2) + '\n');
    console.log('cloudbaserc.json now lists:', functionNames().join(', '));
    return;
  }
  for (const name of functionNames()) await buildFunction(name);
  const problems = checkDeployConfig();
  if (problems.length) {
    console.error('cloudbaserc.json does not match the functions:\n  ' + problems.join('\n  '));
    process.exit(1);
  }
  if (args.has('--check')) {
    console.log('cloudbaserc.json matches the functions folder');
    return;
  }
  const envId = process.env.CLOUDBASE_ENV_ID;
  if (!envId) throw new Error('set CLOUDBASE_ENV_ID (and UNION_DATA_KEY, UNION_INDEX_KEY for envVariables) first');
  const run = (cmd: string[]) => {
    console.log('$ npx', [...TCB, ...cmd].join(' '));
    if (!args.has('--dry-run')) execFileSync('npx', [...TCB, ...cmd], { stdio: 'inherit', cwd: ROOT });
  };
  run(['fn', 'deploy', '--all', '-e', envId, '--force']);
  run(['fn', 'trigger', 'create', '-e', envId, '--yes']);
  const collections = readdirSync(join(ROOT, 'database', 'collections'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(ROOT, 'database', 'collections', f), 'utf8')) as { name: string }).name);
  console.log(
    `collections to create (indexes and rules as declared in database/collections): ${collections.join(', ')}`,
  );
  if (!args.has('--dry-run')) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tcb = require('@cloudbase/node-sdk') as typeof import('@cloudbase/node-sdk');
    const db = tcb.init({ env: envId }).database();
    for (const name of collections) await db.createCollection(name).catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
