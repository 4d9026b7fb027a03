/**
 * The real management API for {@link applyPlan}: `@cloudbase/manager-node` with the deploying account's
 * keys, and `miniprogram-ci` for code uploads (its `cloud.uploadFunction` zips the whole built folder,
 * `config.json` included, and sends it through the same WeChat channel as DevTools, which is what registers
 * `permissions.openapi`; manager-node's CreateFunction/UpdateFunctionCode never read config.json).
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import CloudBase from '@cloudbase/manager-node';
import { OUT_DIR, ROOT } from '../build-functions';
import type { ManagementApi } from './apply';

/** Credentials a real deploy needs, by variable name (values are never printed). */
export const CREDENTIALS = [
  'CLOUDBASE_ENV_ID',
  'TENCENTCLOUD_SECRETID',
  'TENCENTCLOUD_SECRETKEY',
  'WX_APPID',
  'WX_CI_PRIVATE_KEY_PATH',
] as const;

/** Names of the credentials that are unset or empty. */
export function missingCredentials(env: NodeJS.ProcessEnv): string[] {
  return CREDENTIALS.filter((name) => !env[name]?.trim());
}

/** Fingerprint of a built function: its code, package.json and config.json. */
export function codeHash(name: string): string {
  const hash = createHash('sha256');
  for (const file of ['index.js', 'package.json', 'config.json']) {
    const path = join(OUT_DIR, name, file);
    hash.update(file).update(existsSync(path) ? readFileSync(path) : Buffer.alloc(0));
  }
  return hash.digest('hex').slice(0, 16);
}

interface MiniprogramCi {
  Project: new (options: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    ignores?: string[];
  }) => unknown;
  cloud: {
    uploadFunction(options: {
      project: unknown;
      env: string;
      name: string;
      path: string;
      remoteNpmInstall: boolean;
    }): Promise<{ filesCount: number; packSize: number }>;
  };
}

/** The management API of the environment named in `env` (credentials checked by the caller). */
export function managementApi(env: NodeJS.ProcessEnv): ManagementApi {
  const envId = env.CLOUDBASE_ENV_ID as string;
  const manager = new CloudBase({
    secretId: env.TENCENTCLOUD_SECRETID,
    secretKey: env.TENCENTCLOUD_SECRETKEY,
    ...(env.TENCENTCLOUD_SESSIONTOKEN ? { token: env.TENCENTCLOUD_SESSIONTOKEN } : {}),
    envId,
  });
  // Loaded only for a real deploy: it is large and reads nothing until called.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as MiniprogramCi;
  const project = new ci.Project({
    appid: env.WX_APPID as string,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath: env.WX_CI_PRIVATE_KEY_PATH as string,
    ignores: ['node_modules/**/*'],
  });
  return {
    database: manager.database,
    permission: manager.permission,
    storage: manager.storage,
    functions: manager.functions,
    async uploadCode({ name, path }) {
      // The built bundle lists its run-time packages in package.json: CloudBase installs them.
      await ci.cloud.uploadFunction({ project, env: envId, name, path, remoteNpmInstall: true });
    },
  };
}
