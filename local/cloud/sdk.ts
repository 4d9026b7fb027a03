import tcb from '@cloudbase/node-sdk';

/** The @cloudbase/node-sdk app type. */
export type AdminApp = ReturnType<typeof tcb.init>;

/**
 * A real @cloudbase/node-sdk app (admin identity) talking to a local cloud's admin URL. Sets
 * `TENCENTCLOUD=true` in this process so the SDK skips its ~60 ms metadata-host probe on every call.
 */
export function createAdminApp(adminUrl: string, envId: string): AdminApp {
  process.env.TENCENTCLOUD ??= 'true';
  process.env.SILENCE ??= 'true';
  return tcb.init({ env: envId, serviceUrl: adminUrl, secretId: 'local', secretKey: 'local', timeout: 60_000 });
}
