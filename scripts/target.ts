/**
 * Which environment an admin script writes to — the same @cloudbase/node-sdk code path either way:
 * - default: the running local cloud (`CLOUD_ADMIN_URL`, else `http://127.0.0.1:$PORT/admin`; env `CLOUD_ENV_ID`),
 *   field keys from the environment or the local cloud's `<CLOUD_DATA_DIR>/dev-keys.json`;
 * - `--cloud`: the CloudBase environment `CLOUDBASE_ENV_ID` with the account keys `TENCENTCLOUD_SECRETID` /
 *   `TENCENTCLOUD_SECRETKEY`; field keys only from `UNION_DATA_KEY` / `UNION_INDEX_KEY` (the functions' keys).
 * A missing setting is named and nothing is written.
 */
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { createAdminApp, type AdminApp } from '../local/cloud/sdk';
import { loadDevKeys } from '../local/cloud/dev-keys';
import type { FieldKeys } from '../domain/security/crypto';

export interface Target {
  app: AdminApp;
  /** `local` or the CloudBase env id. */
  name: string;
  /** Field-encryption keys, when the caller asked for them. */
  keys?: FieldKeys;
}

/** Names of the settings `--cloud` needs that are unset or empty. */
export function missingCloudSettings(env: NodeJS.ProcessEnv, needKeys: boolean): string[] {
  const names = ['CLOUDBASE_ENV_ID', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY'];
  if (needKeys) names.push('UNION_DATA_KEY', 'UNION_INDEX_KEY');
  return names.filter((n) => !env[n]?.trim());
}

/** The target named by `args` (`--cloud` or not) and `env`; throws naming what is missing. */
export function resolveTarget(args: readonly string[], env: NodeJS.ProcessEnv, needKeys = false): Target {
  if (args.includes('--cloud')) {
    const missing = missingCloudSettings(env, needKeys);
    if (missing.length) throw new Error(`--cloud needs ${missing.join(', ')} (nothing was written)`);
    const app = tcb.init({
      env: env.CLOUDBASE_ENV_ID as string,
      secretId: env.TENCENTCLOUD_SECRETID as string,
      secretKey: env.TENCENTCLOUD_SECRETKEY as string,
      ...(env.TENCENTCLOUD_SESSIONTOKEN ? { sessionToken: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
    });
    const keys = needKeys
      ? { dataKey: env.UNION_DATA_KEY as string, indexKey: env.UNION_INDEX_KEY as string }
      : undefined;
    return { app, name: env.CLOUDBASE_ENV_ID as string, ...(keys ? { keys } : {}) };
  }
  const adminUrl = env.CLOUD_ADMIN_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}/admin`;
  const app = createAdminApp(adminUrl, env.CLOUD_ENV_ID ?? 'local-dev');
  if (!needKeys) return { app, name: 'local' };
  const dataDir = path.resolve(env.CLOUD_DATA_DIR ?? path.join(__dirname, '..', '.cloud'));
  const keys =
    env.UNION_DATA_KEY && env.UNION_INDEX_KEY
      ? { dataKey: env.UNION_DATA_KEY, indexKey: env.UNION_INDEX_KEY }
      : loadDevKeys(dataDir);
  return { app, name: 'local', keys };
}
