/**
 * `npm run deploy`: build the whole CloudBase environment from the repo — collections, indexes,
 * database and storage security rules, functions (code with their open-API permissions, timeout, memory,
 * environment variables) and timer triggers — through the management API, idempotently.
 *
 *   --plan    print the plan as JSON (no credentials, no calls)
 *   --check   only check cloudbaserc.json against cloudfunctions/
 *   --sync    rewrite cloudbaserc.json to list exactly the functions present
 *
 * A real deploy needs the credentials in `CREDENTIALS` and a non-empty value for every declared
 * environment variable; it exits at once naming what is missing, and never writes an empty variable.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { buildFunction, functionNames, OUT_DIR, ROOT } from './build-functions';
import { checkDeployConfig, syncedRc } from './deploy-config';
import { applyPlan } from './deploy/apply';
import { codeHash, managementApi, missingCredentials } from './deploy/manager';
import { deployPlan, variableValues } from './deploy/plan';

async function main(): Promise<number> {
  const args = new Set(process.argv.slice(2));
  if (args.has('--plan')) {
    process.stdout.write(JSON.stringify(deployPlan(), null, 2) + '\n');
    return 0;
  }
  if (args.has('--sync')) {
    writeFileSync(join(ROOT, 'cloudbaserc.json'), JSON.stringify(syncedRc(), null, 2) + '\n');
    console.log('cloudbaserc.json now lists:', functionNames().join(', '));
    return 0;
  }
  if (!args.has('--check')) {
    const plan = deployPlan();
    const missing = [...missingCredentials(process.env), ...variableValues(plan, process.env).missing];
    if (missing.length) {
      console.error(`deploy refused: set ${missing.join(', ')} first (nothing was changed)`);
      return 1;
    }
  }
  for (const name of functionNames()) await buildFunction(name);
  const problems = checkDeployConfig();
  if (problems.length) {
    console.error('cloudbaserc.json does not match the functions:\n  ' + problems.join('\n  '));
    return 1;
  }
  if (args.has('--check')) {
    console.log('cloudbaserc.json matches the functions folder');
    return 0;
  }
  const plan = deployPlan();
  const { values } = variableValues(plan, process.env);
  const report = await applyPlan(managementApi(process.env), {
    plan,
    variables: values,
    functionDir: (name) => join(OUT_DIR, name),
    codeHash,
    log: (line) => console.log(line),
  });
  console.log(
    report.changed.length
      ? `deployed to ${process.env.CLOUDBASE_ENV_ID}: ${report.changed.length} changes`
      : 'environment already up to date',
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
