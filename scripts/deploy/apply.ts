/**
 * Apply a {@link DeployPlan} to a CloudBase environment through its management API, idempotently: every
 * step reads the live state first and writes only what differs, so a second deploy changes nothing.
 *
 * The calls are those of `@cloudbase/manager-node` (the `ManagementApi` type is a pick of its own
 * classes, so a changed signature breaks the build), plus one code upload per function through
 * WeChat's own upload path (`miniprogram-ci` `cloud.uploadFunction`, what DevTools does), the only one
 * that applies `config.json` `permissions.openapi`. Values of environment variables are sent, never logged.
 */
import type CloudBase from '@cloudbase/manager-node';
import type { DeployPlan, PlannedCollection, PlannedFunction, PlannedIndex, RuleValue } from './plan';

type Manager = InstanceType<typeof CloudBase>;

/** The part of the management API the deploy uses (manager-node's own signatures). */
export interface ManagementApi {
  database: Pick<
    Manager['database'],
    'checkCollectionExists' | 'createCollection' | 'describeCollection' | 'updateCollection'
  >;
  permission: Pick<Manager['permission'], 'describeResourcePermission' | 'modifyResourcePermission'>;
  storage: Pick<Manager['storage'], 'getStorageAcl' | 'setStorageAcl'>;
  functions: Pick<
    Manager['functions'],
    'getFunctionDetail' | 'createFunction' | 'updateFunctionConfig' | 'createFunctionTriggers' | 'deleteFunctionTrigger'
  >;
  /** Upload a function folder's code as DevTools does (config.json's open-API permissions take effect). */
  uploadCode(fn: { name: string; path: string }): Promise<void>;
}

/** What the deploy needs besides the plan. */
export interface ApplyInput {
  plan: DeployPlan;
  /** Values of the declared variables (never empty: checked before). */
  variables: Record<string, string>;
  /** Built function folder of a function. */
  functionDir(name: string): string;
  /** Fingerprint of a function's built code and config.json (stored as the function's description). */
  codeHash(name: string): string;
  log?: (line: string) => void;
}

/** What one deploy changed (names only). */
export interface ApplyReport {
  changed: string[];
}

/** `{read:false, write:false}` is CloudBase's ADMINONLY; anything else is a CUSTOM rule. */
export function permissionFor(rules: { read: RuleValue; write: RuleValue }): {
  permission: 'ADMINONLY' | 'CUSTOM';
  securityRule?: string;
} {
  if (rules.read === false && rules.write === false) return { permission: 'ADMINONLY' };
  return { permission: 'CUSTOM', securityRule: JSON.stringify({ read: rules.read, write: rules.write }) };
}

const DESCRIPTION_PREFIX = 'smart-union build ';

function sameIndex(
  live: { Keys?: Array<{ Name?: string; Direction?: string }>; Unique?: boolean },
  want: PlannedIndex,
) {
  const keys = (live.Keys ?? []).map((k) => [k.Name, Number(k.Direction)]);
  return JSON.stringify(keys) === JSON.stringify(want.keys) && Boolean(live.Unique) === want.unique;
}

async function applyCollection(api: ManagementApi, c: PlannedCollection, changed: string[]): Promise<void> {
  const exists = await api.database.checkCollectionExists(c.name);
  if (!exists.Exists) {
    await api.database.createCollection(c.name);
    changed.push(`collection ${c.name} created`);
  }
  const live = (await api.database.describeCollection(c.name)).Indexes ?? [];
  const stale = live.filter((l) => l.Name !== '_id_' && !c.indexes.some((w) => w.name === l.Name && sameIndex(l, w)));
  if (stale.length) {
    await api.database.updateCollection(c.name, { DropIndexes: stale.map((l) => ({ IndexName: l.Name })) });
    changed.push(`collection ${c.name} indexes dropped: ${stale.map((l) => l.Name).join(', ')}`);
  }
  const kept = live.filter((l) => !stale.includes(l));
  const missing = c.indexes.filter((w) => !kept.some((l) => l.Name === w.name));
  if (missing.length) {
    await api.database.updateCollection(c.name, {
      CreateIndexes: missing.map((w) => ({
        IndexName: w.name,
        MgoKeySchema: {
          MgoIndexKeys: w.keys.map(([Name, dir]) => ({ Name, Direction: String(dir) })),
          MgoIsUnique: w.unique,
        },
      })),
    });
    changed.push(`collection ${c.name} indexes created: ${missing.map((w) => w.name).join(', ')}`);
  }
}

async function applyCollectionRules(api: ManagementApi, collections: PlannedCollection[], changed: string[]) {
  for (let i = 0; i < collections.length; i += 100) {
    const chunk = collections.slice(i, i + 100);
    const { Data } = await api.permission.describeResourcePermission({
      resourceType: 'collection',
      resources: chunk.map((c) => c.name),
    });
    for (const c of chunk) {
      const want = permissionFor(c.rules);
      const live = Data.PermissionList.find((p) => p.Resource === c.name);
      const same =
        live?.Permission === want.permission &&
        (want.permission !== 'CUSTOM' || sameJson(live.SecurityRule, want.securityRule));
      if (same) continue;
      await api.permission.modifyResourcePermission({ resourceType: 'collection', resource: c.name, ...want });
      changed.push(`collection ${c.name} rules ${want.permission}`);
    }
  }
}

function sameJson(a: string | undefined, b: string | undefined): boolean {
  try {
    return JSON.stringify(JSON.parse(a ?? 'null')) === JSON.stringify(JSON.parse(b ?? 'null'));
  } catch {
    return false;
  }
}

async function applyStorageRules(api: ManagementApi, rules: DeployPlan['storageRules'], changed: string[]) {
  const want = permissionFor(rules);
  const live = await api.storage.getStorageAcl({ withRule: true });
  const same =
    live.acl === want.permission &&
    (want.permission !== 'CUSTOM' || sameJson(JSON.stringify(live.rule ?? null), want.securityRule));
  if (same) return;
  if (want.permission === 'CUSTOM') await api.storage.setStorageAcl('CUSTOM', { read: rules.read, write: rules.write });
  else await api.storage.setStorageAcl('ADMINONLY');
  changed.push(`storage rules ${want.permission}`);
}

/** A timer trigger's cron as GetFunction reports it (`{"cron":"..."}`) or as given. */
function cronOf(desc: string | undefined): string {
  try {
    const parsed = JSON.parse(desc ?? '') as { cron?: string };
    if (parsed && typeof parsed.cron === 'string') return parsed.cron;
  } catch {
    /* a plain cron expression */
  }
  return desc ?? '';
}

function isNotFound(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '');
  return code.startsWith('ResourceNotFound');
}

async function applyFunction(
  api: ManagementApi,
  fn: PlannedFunction,
  input: ApplyInput,
  changed: string[],
): Promise<void> {
  const variables = Object.fromEntries(fn.envVariables.map((name) => [name, input.variables[name]]));
  for (const [name, value] of Object.entries(variables))
    if (!value) throw new Error(`${fn.name}: environment variable ${name} has no value; refusing to write it empty`);
  const description = DESCRIPTION_PREFIX + input.codeHash(fn.name);
  let detail = await api.functions.getFunctionDetail(fn.name).catch((error: unknown) => {
    if (isNotFound(error)) return null;
    throw error;
  });
  if (!detail) {
    await api.functions.createFunction({
      func: {
        name: fn.name,
        runtime: fn.runtime,
        timeout: fn.timeout,
        memorySize: fn.memory,
        handler: 'index.main',
        installDependency: true,
        envVariables: variables,
        description: DESCRIPTION_PREFIX + 'new',
      },
      functionPath: input.functionDir(fn.name),
    });
    changed.push(`function ${fn.name} created`);
    detail = await api.functions.getFunctionDetail(fn.name);
  }
  if (detail.Description !== description) {
    await api.uploadCode({ name: fn.name, path: input.functionDir(fn.name) });
    changed.push(`function ${fn.name} code uploaded (openapi: ${fn.openapi.join(', ') || 'none'})`);
  }
  // Variables set in the console but not declared here are kept: the API replaces the whole list.
  const live = Object.fromEntries((detail.Environment?.Variables ?? []).map((v) => [v.Key, v.Value]));
  const merged = { ...live, ...variables };
  const sameVars = JSON.stringify(Object.entries(live).sort()) === JSON.stringify(Object.entries(merged).sort());
  if (
    detail.Timeout !== fn.timeout ||
    detail.MemorySize !== fn.memory ||
    detail.Description !== description ||
    !sameVars
  ) {
    await api.functions.updateFunctionConfig({
      name: fn.name,
      timeout: fn.timeout,
      memorySize: fn.memory,
      description,
      envVariables: merged,
    });
    changed.push(
      `function ${fn.name} configuration (timeout, memory, variables: ${Object.keys(merged).sort().join(', ')})`,
    );
  }
  const liveTriggers = (detail.Triggers ?? []).map((t) => ({
    name: t.TriggerName ?? t.Name,
    type: t.Type,
    config: cronOf(t.TriggerDesc ?? t.Config),
  }));
  for (const t of liveTriggers) {
    const want = fn.triggers.find((w) => w.name === t.name);
    if (want && want.type === t.type && want.config === t.config) continue;
    await api.functions.deleteFunctionTrigger(fn.name, t.name);
    changed.push(`function ${fn.name} trigger ${t.name} removed`);
  }
  const toCreate = fn.triggers.filter(
    (w) => !liveTriggers.some((t) => t.name === w.name && t.type === w.type && t.config === w.config),
  );
  if (toCreate.length) {
    await api.functions.createFunctionTriggers(fn.name, toCreate);
    changed.push(`function ${fn.name} triggers created: ${toCreate.map((t) => t.name).join(', ')}`);
  }
}

/** Apply the whole plan; returns what changed (empty when the environment already matched). */
export async function applyPlan(api: ManagementApi, input: ApplyInput): Promise<ApplyReport> {
  const changed: string[] = [];
  const log = input.log ?? (() => undefined);
  for (const c of input.plan.collections) await applyCollection(api, c, changed);
  await applyCollectionRules(api, input.plan.collections, changed);
  await applyStorageRules(api, input.plan.storageRules, changed);
  for (const fn of input.plan.functions) await applyFunction(api, fn, input, changed);
  for (const line of changed) log(line);
  return { changed };
}
