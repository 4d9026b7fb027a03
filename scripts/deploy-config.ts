/**
 * `cloudbaserc.json` ↔ `cloudfunctions/` consistency: every function is listed once with its
 * runtime, timeout, memory and environment; its timer triggers equal those in its `config.json`;
 * every `cloud.openapi.<ns>.<method>` call in its built bundle is declared in `config.json`.
 * Used by `npm run deploy` (refuses to deploy a mismatch) and by a test.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { functionNames, OUT_DIR, ROOT, SOURCE_DIR } from './build-functions';

export interface Trigger {
  name: string;
  type: 'timer';
  config: string;
}
export interface FunctionConfigFile {
  /** Seconds; the local cloud reads it from here, CloudBase from cloudbaserc.json: the two must agree. */
  timeout?: number;
  memorySize?: number;
  permissions?: { openapi?: string[] };
  triggers?: Trigger[];
}
export interface RcFunction {
  name: string;
  runtime: string;
  timeout: number;
  memorySize: number;
  handler?: string;
  installDependency?: boolean;
  envVariables?: Record<string, string>;
  triggers?: Trigger[];
}
export interface CloudbaseRc {
  version: string;
  envId: string;
  functionRoot: string;
  functions: RcFunction[];
}

export const RUNTIME = 'Nodejs16.13';
/**
 * Variables every function gets, filled from the deploying shell (`npm run deploy` refuses to run while
 * one is unset or empty): the field-encryption keys and the subscribe-message template ids.
 */
export const DEFAULT_ENV_VARIABLES = {
  UNION_DATA_KEY: '{{env.UNION_DATA_KEY}}',
  UNION_INDEX_KEY: '{{env.UNION_INDEX_KEY}}',
  UNION_TPL_CASE_STATUS: '{{env.UNION_TPL_CASE_STATUS}}',
  UNION_TPL_STAFF_REMINDER: '{{env.UNION_TPL_STAFF_REMINDER}}',
};

export function readRc(): CloudbaseRc {
  return JSON.parse(readFileSync(join(ROOT, 'cloudbaserc.json'), 'utf8')) as CloudbaseRc;
}

export function readFunctionConfig(name: string): FunctionConfigFile {
  const file = join(SOURCE_DIR, name, 'config.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FunctionConfigFile) : {};
}

/** `openapi.<ns>.<method>` calls found in a built bundle, as `ns.method`. */
export function openapiCalls(bundle: string): string[] {
  const found = new Set<string>();
  for (const match of bundle.matchAll(/openapi\s*\.\s*([a-zA-Z]+)\s*\.\s*([a-zA-Z]+)\s*\(/g))
    found.add(`${match[1]}.${match[2]}`);
  return [...found].sort();
}

/** Every mismatch between the repo's functions and cloudbaserc.json, as readable lines. */
export function checkDeployConfig(): string[] {
  const problems: string[] = [];
  const rc = readRc();
  const names = functionNames();
  const listed = rc.functions.map((f) => f.name);
  if (rc.functionRoot.replace(/^\.\//, '').replace(/\/$/, '') !== 'dist/cloudfunctions')
    problems.push('functionRoot must be ./dist/cloudfunctions (the built, self-contained folders)');
  for (const name of names)
    if (!listed.includes(name)) problems.push(`function ${name} is not listed in cloudbaserc.json`);
  for (const name of listed)
    if (!names.includes(name))
      problems.push(`cloudbaserc.json lists ${name}, which has no cloudfunctions/${name}/index.ts`);
  if (new Set(listed).size !== listed.length) problems.push('a function is listed twice in cloudbaserc.json');
  for (const fn of rc.functions) {
    if (!names.includes(fn.name)) continue;
    if (!fn.runtime || !fn.timeout || !fn.memorySize)
      problems.push(`${fn.name}: runtime, timeout and memorySize are required`);
    if (fn.timeout > 60) problems.push(`${fn.name}: timeout above CloudBase's 60 s limit`);
    const config = readFunctionConfig(fn.name);
    if (config.timeout !== undefined && config.timeout !== fn.timeout)
      problems.push(`${fn.name}: timeout ${fn.timeout} s in cloudbaserc.json, ${config.timeout} s in config.json`);
    if (config.memorySize !== undefined && config.memorySize !== fn.memorySize)
      problems.push(`${fn.name}: memorySize differs between cloudbaserc.json and config.json`);
    const want = JSON.stringify((config.triggers ?? []).map((t) => [t.name, t.type, t.config]).sort());
    const have = JSON.stringify((fn.triggers ?? []).map((t) => [t.name, t.type, t.config]).sort());
    if (want !== have) problems.push(`${fn.name}: timer triggers in cloudbaserc.json differ from config.json`);
    const bundle = join(OUT_DIR, fn.name, 'index.js');
    if (existsSync(bundle)) {
      const declared = config.permissions?.openapi ?? [];
      for (const call of openapiCalls(readFileSync(bundle, 'utf8')))
        if (!declared.includes(call))
          problems.push(`${fn.name}: calls openapi ${call} but config.json does not declare it`);
    }
  }
  return problems;
}

/** Rewrite cloudbaserc.json so it lists exactly the functions present, keeping existing settings. */
export function syncedRc(): CloudbaseRc {
  const rc = readRc();
  const byName = new Map(rc.functions.map((f) => [f.name, f]));
  return {
    ...rc,
    functions: functionNames().map((name) => {
      const existing = byName.get(name);
      const config = readFunctionConfig(name);
      const triggers = config.triggers ?? [];
      return {
        name,
        runtime: existing?.runtime ?? RUNTIME,
        timeout: config.timeout ?? existing?.timeout ?? 20,
        memorySize: config.memorySize ?? existing?.memorySize ?? 256,
        handler: 'index.main',
        installDependency: true,
        envVariables: existing?.envVariables ?? DEFAULT_ENV_VARIABLES,
        ...(triggers.length ? { triggers } : {}),
      };
    }),
  };
}
