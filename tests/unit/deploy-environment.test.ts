/**
 * `npm run deploy` builds the whole environment: every collection, index, database rule, the storage rules,
 * every function with its timeout, memory, variables, code (uploaded the way that applies config.json's
 * open-API permissions) and timer triggers — through the management API, idempotently. Checked against a
 * recording fake of that API; the CLI is checked for its plan output and its refusals.
 */
import { execFileSync, spawnSync } from 'child_process';
import { join } from 'path';
import { applyPlan, permissionFor, type ApplyInput } from '../../scripts/deploy/apply';
import { deployPlan, plannedCollections, variableValues, type DeployPlan } from '../../scripts/deploy/plan';
import { fakeManagementApi } from '../support/fake-management-api';
import { functionNames, ROOT } from '../../scripts/build-functions';
import { readdirSync } from 'fs';

const VARIABLES = {
  UNION_DATA_KEY: 'a'.repeat(64),
  UNION_INDEX_KEY: 'b'.repeat(64),
  UNION_TPL_CASE_STATUS: 'tpl-case-status-id',
  UNION_TPL_STAFF_REMINDER: 'tpl-staff-reminder-id',
  UNION_JOIN_QR_URL: 'https://gh.example.cn/j',
};
/** What a function's environment holds: every function the common ones, `founding` its join QR code's link too. */
const varsOf = (name: string) =>
  Object.fromEntries(Object.entries(VARIABLES).filter(([k]) => k !== 'UNION_JOIN_QR_URL' || name === 'founding'));

function input(plan: DeployPlan, hash = 'h1'): ApplyInput {
  return { plan, variables: VARIABLES, functionDir: (name) => `/build/${name}`, codeHash: () => hash };
}

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const DEPLOY = join(ROOT, 'scripts', 'deploy.ts');

describe('the deploy plan', () => {
  const plan = deployPlan();

  it('lists every declared collection with its indexes and rules, every function with its permissions and triggers', () => {
    const files = readdirSync(join(ROOT, 'database', 'collections')).filter((f) => f.endsWith('.json'));
    expect(plan.collections.map((c) => `${c.name}.json`).sort()).toEqual(files.sort());
    const payments = plan.collections.find((c) => c.name === 'payments');
    expect(payments?.indexes).toContainEqual({ name: 'active', keys: [['activeKey', 1]], unique: true });
    expect(plan.collections.find((c) => c.name === 'people')?.indexes).toContainEqual({
      name: 'id_hash_unique',
      keys: [['idHash', 1]],
      unique: true,
    });
    expect(plan.functions.map((f) => f.name)).toEqual(functionNames());
    const cases = plan.functions.find((f) => f.name === 'cases');
    expect(cases?.openapi).toEqual(['security.imgSecCheck', 'security.msgSecCheck', 'subscribeMessage.send']);
    expect(plan.functions.find((f) => f.name === 'scheduler')?.triggers).toEqual([
      { name: 'overdueScan', type: 'timer', config: '0 */30 * * * * *' },
    ]);
    for (const fn of plan.functions)
      expect(fn.envVariables).toEqual(
        expect.arrayContaining([
          'UNION_DATA_KEY',
          'UNION_INDEX_KEY',
          'UNION_TPL_CASE_STATUS',
          'UNION_TPL_STAFF_REMINDER',
        ]),
      );
    // A client reads only its own uploads and writes only its own, only under uploads/ (storage-rules.json).
    expect(plan.storageRules.read).toBe('auth != null && resource.openid == auth.openid');
    expect(plan.storageRules.write).toMatch(/^auth != null && resource\.openid == auth\.openid && \/\^uploads/);
  });

  it('gives the founding function the join QR code’s link, and refuses to deploy without it', () => {
    expect(plan.functions.find((f) => f.name === 'founding')?.envVariables).toContain('UNION_JOIN_QR_URL');
    const { missing } = variableValues(plan, { ...VARIABLES, UNION_JOIN_QR_URL: undefined });
    expect(missing).toEqual(['UNION_JOIN_QR_URL']);
  });

  it('maps deny-all rules to ADMINONLY and anything else to a CUSTOM rule', () => {
    expect(permissionFor({ read: false, write: false })).toEqual({ permission: 'ADMINONLY' });
    expect(permissionFor({ read: 'auth != null', write: false })).toEqual({
      permission: 'CUSTOM',
      securityRule: '{"read":"auth != null","write":false}',
    });
  });

  it('counts an unset or empty variable as missing, naming it', () => {
    const { missing, values } = variableValues(plan, {
      ...VARIABLES,
      UNION_DATA_KEY: '',
      UNION_TPL_CASE_STATUS: undefined,
    });
    expect(missing).toEqual(['UNION_DATA_KEY', 'UNION_TPL_CASE_STATUS']);
    expect(values.UNION_INDEX_KEY).toBe(VARIABLES.UNION_INDEX_KEY);
    expect(Object.values(values)).not.toContain('');
  });
});

describe('applying the plan to an environment', () => {
  const plan = deployPlan();

  it('builds an empty environment with every call, then changes nothing on a second deploy', async () => {
    const fake = fakeManagementApi();
    const first = await applyPlan(fake.api, input(plan));
    expect(first.changed.length).toBeGreaterThan(0);

    for (const c of plan.collections) {
      expect(fake.state.collections.has(c.name)).toBe(true);
      const live = fake.state.collections.get(c.name) ?? [];
      for (const index of c.indexes)
        expect(live).toContainEqual({
          Name: index.name,
          Keys: index.keys.map(([Name, d]) => ({ Name, Direction: String(d) })),
          Unique: index.unique,
        });
      expect(fake.state.permissions.get(c.name)).toEqual({ Permission: 'ADMINONLY' });
    }
    expect(fake.state.storage).toEqual({ acl: 'CUSTOM', rule: plan.storageRules });
    for (const fn of plan.functions) {
      const live = fake.state.functions.get(fn.name);
      expect(live).toMatchObject({ Timeout: fn.timeout, MemorySize: fn.memory, Runtime: fn.runtime, uploads: 1 });
      const vars = Object.fromEntries(live?.Environment.Variables.map((v) => [v.Key, v.Value]) ?? []);
      expect(vars).toEqual(varsOf(fn.name));
      expect(live?.Triggers.map((t) => [t.TriggerName, JSON.parse(t.TriggerDesc).cron])).toEqual(
        fn.triggers.map((t) => [t.name, t.config]),
      );
    }
    const uploads = fake.calls
      .filter((c) => c.method === 'uploadCode')
      .map((c) => (c.args[0] as { path: string }).path);
    expect(uploads.sort()).toEqual(plan.functions.map((f) => `/build/${f.name}`).sort());

    fake.reset();
    const second = await applyPlan(fake.api, input(plan));
    expect(second.changed).toEqual([]);
    expect(fake.mutations()).toEqual([]);
    expect(fake.calls.length).toBeGreaterThan(0);
  });

  it('uploads only the functions whose built code changed', async () => {
    const fake = fakeManagementApi();
    await applyPlan(fake.api, input(plan, 'h1'));
    fake.reset();
    await applyPlan(fake.api, { ...input(plan, 'h1'), codeHash: (name) => (name === 'cases' ? 'h2' : 'h1') });
    expect(fake.mutations().map((c) => c.method)).toEqual(['uploadCode', 'functions.updateFunctionConfig']);
    expect(fake.mutations()[0].args[0]).toEqual({ name: 'cases', path: '/build/cases' });
  });

  it('keeps a variable set in the console and never writes an empty one', async () => {
    const fake = fakeManagementApi();
    await applyPlan(fake.api, input(plan));
    const live = fake.state.functions.get('cases');
    live?.Environment.Variables.push({ Key: 'UNION_CASE_TIME_LIMITS', Value: '{"appeal.handling":15}' });
    live?.Environment.Variables.forEach((v) => {
      if (v.Key === 'UNION_TPL_CASE_STATUS') v.Value = 'an-old-template';
    });
    fake.reset();
    await applyPlan(fake.api, input(plan));
    const vars = Object.fromEntries(live?.Environment.Variables.map((v) => [v.Key, v.Value]) ?? []);
    expect(vars).toEqual({ ...varsOf('cases'), UNION_CASE_TIME_LIMITS: '{"appeal.handling":15}' });

    await expect(
      applyPlan(fakeManagementApi().api, { ...input(plan), variables: { ...VARIABLES, UNION_INDEX_KEY: '' } }),
    ).rejects.toThrow(/UNION_INDEX_KEY/);
  });

  it('replaces an index whose definition changed, drops undeclared ones and fixes a loosened rule', async () => {
    const fake = fakeManagementApi();
    await applyPlan(fake.api, input(plan));
    const payments = fake.state.collections.get('payments') ?? [];
    const active = payments.find((i) => i.Name === 'active');
    if (active) active.Unique = false;
    payments.push({ Name: 'made_in_console', Keys: [{ Name: 'x', Direction: '1' }], Unique: false });
    fake.state.permissions.set('staff', { Permission: 'PRIVATE' });
    fake.state.functions.get('scheduler')?.Triggers.splice(0, 1, {
      TriggerName: 'overdueScan',
      Type: 'timer',
      TriggerDesc: JSON.stringify({ cron: '0 0 * * * * *' }),
    });
    fake.reset();
    await applyPlan(fake.api, input(plan));
    expect(fake.state.collections.get('payments')).toContainEqual({
      Name: 'active',
      Keys: [{ Name: 'activeKey', Direction: '1' }],
      Unique: true,
    });
    expect(fake.state.collections.get('payments')?.some((i) => i.Name === 'made_in_console')).toBe(false);
    expect(fake.state.permissions.get('staff')).toEqual({ Permission: 'ADMINONLY' });
    expect(fake.state.functions.get('scheduler')?.Triggers).toEqual([
      { TriggerName: 'overdueScan', Type: 'timer', TriggerDesc: JSON.stringify({ cron: '0 */30 * * * * *' }) },
    ]);
    fake.reset();
    await applyPlan(fake.api, input(plan));
    expect(fake.mutations()).toEqual([]);
  });

  it('declares collections whose rules deny every client (never creator-readable)', () => {
    for (const c of plannedCollections()) expect(permissionFor(c.rules).permission).toBe('ADMINONLY');
  });
});

describe('npm run deploy', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...VARIABLES };
  for (const name of [
    'CLOUDBASE_ENV_ID',
    'TENCENTCLOUD_SECRETID',
    'TENCENTCLOUD_SECRETKEY',
    'WX_APPID',
    'WX_CI_PRIVATE_KEY_PATH',
  ])
    delete env[name];

  it('--plan prints the whole plan as JSON without credentials and without a secret value', () => {
    const out = execFileSync(TSX, [DEPLOY, '--plan'], { cwd: ROOT, env, encoding: 'utf8' });
    const plan = JSON.parse(out) as DeployPlan;
    expect(plan).toEqual(deployPlan());
    for (const value of Object.values(VARIABLES)) expect(out).not.toContain(value);
  });

  it('refuses a real deploy at once, naming the missing credentials and variables', () => {
    const res = spawnSync(TSX, [DEPLOY], {
      cwd: ROOT,
      env: { ...env, UNION_DATA_KEY: '' },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('CLOUDBASE_ENV_ID');
    expect(res.stderr).toContain('TENCENTCLOUD_SECRETKEY');
    expect(res.stderr).toContain('WX_CI_PRIVATE_KEY_PATH');
    expect(res.stderr).toContain('UNION_DATA_KEY');
    expect(res.stderr).not.toContain(VARIABLES.UNION_INDEX_KEY);
  });
});
