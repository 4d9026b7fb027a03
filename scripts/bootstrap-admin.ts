/**
 * Bootstrap the first city administrator — the one role not created from an invitation. No openid
 * is hard-coded anywhere: the operator passes it here, and every later role comes from invitations.
 *
 *   Local cloud (npm start running):
 *     npm run bootstrap-admin -- --openid <openid> --name <name> [--admin-url http://127.0.0.1:3000/admin] [--env local-dev]
 *   CloudBase (production), with an API key of the environment in the shell, never in the repo:
 *     TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run bootstrap-admin -- --env <envId> --cloud --openid <openid> --name <name>
 *
 * The openid is the administrator's WeChat openid for this mini-program (they can read it from the
 * mini-program's "my roles" page, or the CloudBase console's user list). Running it twice for the same
 * openid is harmless; an openid that already holds another role is refused (revoke that role first).
 * Writes through @cloudbase/node-sdk, plus an audit entry `staff.bootstrap`.
 */
import tcb from '@cloudbase/node-sdk';
import { newStaffRecord } from '../domain/people/staff';
import type { StaffRecord } from '../domain/people/actor';
import { checkPersonName } from '../domain/security/validators';

type App = ReturnType<typeof tcb.init>;

/** Make `openid` an active city administrator; returns its staff id and whether it was created now. */
export async function bootstrapCityAdmin(
  app: App,
  input: { openid: string; name: string },
): Promise<{ staffId: string; created: boolean }> {
  const openid = input.openid.trim();
  if (!/^[A-Za-z0-9_-]{6,64}$/.test(openid)) throw new Error('--openid: not a WeChat openid');
  const name = checkPersonName(input.name);
  if (!name.ok) throw new Error(`--name: 姓名${name.message}`);
  const db = app.database();
  const { data } = (await db.collection('staff').where({ activeKey: openid }).limit(1).get()) as {
    data: StaffRecord[];
  };
  const existing = data[0];
  if (existing) {
    if (existing.role === 'city_admin') return { staffId: existing._id, created: false };
    throw new Error(`this openid already holds the role ${existing.role}; revoke it first`);
  }
  const now = new Date();
  const record = newStaffRecord({
    openid,
    name: name.value,
    role: 'city_admin',
    gridNodeId: 'city',
    gridPath: ['city'],
    source: 'bootstrap',
    invitedBy: null,
    now,
  });
  await db.collection('staff').add(record);
  await db.collection('audit_log').add({
    action: 'staff.bootstrap',
    targetType: 'staff',
    targetId: record._id,
    detail: { role: 'city_admin', gridNodeId: 'city' },
    openid: '',
    staffId: null,
    role: null,
    clientIp: '',
    source: 'admin-script',
    functionName: 'bootstrap-admin',
    requestId: null,
    at: now,
  });
  return { staffId: record._id, created: true };
}

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const openid = arg('--openid');
  const name = arg('--name');
  if (!openid || !name)
    throw new Error(
      'usage: npm run bootstrap-admin -- --openid <openid> --name <name> [--admin-url URL] [--env ENV] [--cloud]',
    );
  const env = arg('--env') ?? process.env.CLOUD_ENV_ID ?? 'local-dev';
  let app: App;
  if (process.argv.includes('--cloud')) {
    const secretId = process.env.TENCENTCLOUD_SECRETID;
    const secretKey = process.env.TENCENTCLOUD_SECRETKEY;
    if (!secretId || !secretKey)
      throw new Error('--cloud needs TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY in the environment');
    app = tcb.init({ env, secretId, secretKey });
  } else {
    process.env.TENCENTCLOUD ??= 'true';
    const serviceUrl = arg('--admin-url') ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/admin`;
    app = tcb.init({ env, serviceUrl, secretId: 'local', secretKey: 'local', timeout: 60_000 });
  }
  const result = await bootstrapCityAdmin(app, { openid, name });
  console.log(
    result.created
      ? `city administrator created (staff ${result.staffId})`
      : `already a city administrator (staff ${result.staffId})`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error('bootstrap-admin failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
