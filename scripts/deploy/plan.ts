/**
 * The deploy plan: everything `npm run deploy` builds in a CloudBase environment, read from the repo's
 * files and nothing else — collections with their indexes and security rules (`database/collections/`),
 * the storage security rules (`database/storage-rules.json`), and every function with its runtime,
 * timeout, memory, timer triggers, open-API permissions (`config.json`) and the NAMES of its
 * environment variables (`cloudbaserc.json`; values come from the deploying shell, never from here).
 */
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { functionNames, ROOT } from '../build-functions';
import { readFunctionConfig, readRc, type Trigger } from '../deploy-config';

/** A collection security rule: `true`/`false` or a rule expression, per operation. */
export type RuleValue = boolean | string;

export interface PlannedIndex {
  name: string;
  keys: Array<[string, 1 | -1]>;
  unique: boolean;
}

export interface PlannedCollection {
  name: string;
  indexes: PlannedIndex[];
  rules: { read: RuleValue; write: RuleValue };
}

export interface PlannedFunction {
  name: string;
  runtime: string;
  /** Seconds. */
  timeout: number;
  /** MB. */
  memory: number;
  triggers: Trigger[];
  /** `permissions.openapi` of the function's `config.json`: applied by uploading the code as DevTools does. */
  openapi: string[];
  /** Names of the environment variables the deploy sets (values from the deploying shell). */
  envVariables: string[];
}

export interface DeployPlan {
  collections: PlannedCollection[];
  storageRules: { read: RuleValue; write: RuleValue };
  functions: PlannedFunction[];
}

export const COLLECTIONS_DIR = join(ROOT, 'database', 'collections');
export const STORAGE_RULES_FILE = join(ROOT, 'database', 'storage-rules.json');

interface CollectionFile {
  name: string;
  indexes?: Array<{ name: string; keys: Array<[string, 1 | -1]>; unique?: boolean }>;
  rules?: { read?: RuleValue; write?: RuleValue };
}

/** Every declared collection, sorted by name. A missing rule is `false` (deny). */
export function plannedCollections(dir = COLLECTIONS_DIR): PlannedCollection[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const c = JSON.parse(readFileSync(join(dir, f), 'utf8')) as CollectionFile;
      return {
        name: c.name,
        indexes: (c.indexes ?? []).map((i) => ({ name: i.name, keys: i.keys, unique: Boolean(i.unique) })),
        rules: { read: c.rules?.read ?? false, write: c.rules?.write ?? false },
      };
    });
}

/** The bucket's storage rules (deny all when the file is missing). */
export function plannedStorageRules(file = STORAGE_RULES_FILE): DeployPlan['storageRules'] {
  if (!existsSync(file)) return { read: false, write: false };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { rules?: { read?: RuleValue; write?: RuleValue } };
  return { read: parsed.rules?.read ?? false, write: parsed.rules?.write ?? false };
}

/** `{{env.NAME}}` → `NAME`; anything else is not a variable the deploy fills. */
export function placeholderName(value: string): string | null {
  return /^\{\{\s*env\.([A-Z0-9_]+)\s*\}\}$/.exec(value)?.[1] ?? null;
}

/** Every function listed in cloudbaserc.json with its config.json (triggers and permissions from config.json). */
export function plannedFunctions(): PlannedFunction[] {
  const rc = readRc();
  const present = new Set(functionNames());
  return rc.functions
    .filter((f) => present.has(f.name))
    .map((f) => {
      const config = readFunctionConfig(f.name);
      return {
        name: f.name,
        runtime: f.runtime,
        timeout: f.timeout,
        memory: f.memorySize,
        triggers: (config.triggers ?? []).map((t) => ({ name: t.name, type: t.type, config: t.config })),
        openapi: [...(config.permissions?.openapi ?? [])].sort(),
        envVariables: Object.keys(f.envVariables ?? {}).sort(),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The whole plan. */
export function deployPlan(): DeployPlan {
  return { collections: plannedCollections(), storageRules: plannedStorageRules(), functions: plannedFunctions() };
}

/**
 * The values of the variables the plan sets, from `env` (the deploying shell). A variable that is unset
 * or empty is `missing`: the deploy refuses to run rather than write "" over a live key.
 */
export function variableValues(
  plan: DeployPlan,
  env: NodeJS.ProcessEnv,
): { values: Record<string, string>; missing: string[] } {
  const rc = readRc();
  const values: Record<string, string> = {};
  const missing = new Set<string>();
  for (const fn of plan.functions) {
    const declared = rc.functions.find((f) => f.name === fn.name)?.envVariables ?? {};
    for (const [name, raw] of Object.entries(declared)) {
      const source = placeholderName(raw);
      const value = source ? env[source] : raw;
      if (value === undefined || value.trim() === '') missing.add(source ?? name);
      else values[name] = value;
    }
  }
  return { values, missing: [...missing].sort() };
}
