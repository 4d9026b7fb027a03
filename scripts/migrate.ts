/**
 * `npm run migrate [-- --cloud]`: bring the stored documents up to what the code writes now (`scripts/migrate/`),
 * on the running local cloud (`CLOUD_ADMIN_URL`, else http://127.0.0.1:$PORT/admin) or, with `--cloud`, the
 * CloudBase environment `CLOUDBASE_ENV_ID` (`TENCENTCLOUD_SECRETID` / `TENCENTCLOUD_SECRETKEY`). Idempotent.
 */
import { migrateAll } from './migrate/index';
import { resolveTarget } from './target';

async function main(): Promise<void> {
  const target = resolveTarget(process.argv.slice(2), process.env);
  const done = await migrateAll(target.app, (line) => console.log(line));
  console.log(`migrations on ${target.name}: ${JSON.stringify(done)}`);
}

main().catch((err: unknown) => {
  console.error('migrate failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
