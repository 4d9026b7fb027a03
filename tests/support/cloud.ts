/**
 * Start a throw-away local cloud for a test file and connect the real SDKs to it.
 *
 *   const cloud = await startTestCloud({ functionsDir: FIXTURE_FUNCTIONS });
 *   const app = cloud.sdkApp();              // @cloudbase/node-sdk app → cloud.adminUrl
 *   await app.database().collection('x').add({ ... });
 *   const wx = cloud.wxServer();             // a wx-server-sdk instance → cloud.adminUrl
 *   await cloud.close();                     // stops the server, deletes the temp data dir
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tcb from '@cloudbase/node-sdk';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/cloud/server';

/** Fixture functions used by the local cloud's own tests. */
export const FIXTURE_FUNCTIONS_DIR = path.resolve(__dirname, '..', 'fixtures', 'functions');

/** The @cloudbase/node-sdk app type. */
export type SdkApp = ReturnType<typeof tcb.init>;

/** A wx-server-sdk instance (same API as `require('wx-server-sdk')` after `init`). */
export type WxServerSdk = typeof import('wx-server-sdk');

/** A local cloud for tests, plus SDK clients connected to it. */
export interface TestCloud extends LocalCloud {
  /** A real @cloudbase/node-sdk app talking to this cloud's admin URL (admin identity, no OPENID). */
  sdkApp(): SdkApp;
  /** A real wx-server-sdk instance talking to this cloud's admin URL. */
  wxServer(): WxServerSdk;
}

/** Options: everything of LocalCloudOptions is optional here (temp data dir, port 0, quiet, no timers, no seed). */
export type TestCloudOptions = Partial<LocalCloudOptions>;

/**
 * Start a local cloud on a random port in a fresh temp data dir (no demo seed unless `seed: true`, timer
 * schedules off unless `timers: true`, quiet unless LOCAL_CLOUD_LOGS=1). `close()` also removes the temp dir.
 */
export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  // Tell the SDKs they run on Tencent Cloud, so they skip the ~60 ms metadata-host probe on every call.
  process.env.TENCENTCLOUD = 'true';
  process.env.SILENCE = 'true';
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-test-'));
  const cloud = await startLocalCloud({
    port: 0,
    // LOCAL_CLOUD_LOGS=1 shows the functions' own logs (and the invocation lines) while debugging a test.
    quiet: process.env.LOCAL_CLOUD_LOGS !== '1',
    timers: false,
    seed: false,
    ...opts,
    dataDir,
  });
  const sdkConfig = {
    env: cloud.envId,
    serviceUrl: cloud.adminUrl,
    secretId: 'local',
    secretKey: 'local',
    timeout: 60_000,
  };
  let app: SdkApp | undefined;
  let wx: WxServerSdk | undefined;
  return {
    ...cloud,
    sdkApp() {
      app ??= tcb.init(sdkConfig);
      return app;
    },
    wxServer() {
      if (!wx) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const base = require('wx-server-sdk') as WxServerSdk & { createNewInstance(c: object): WxServerSdk };
        wx = base.createNewInstance(sdkConfig);
      }
      return wx;
    },
    async close() {
      await cloud.close();
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
