import fs from 'node:fs';
import path from 'node:path';

/** A timer trigger as declared in a function's config.json (CloudBase style). */
export interface TimerTrigger {
  name: string;
  type: 'timer';
  /** 7-field cron with seconds: `sec min hour day month weekday year`. */
  config: string;
}

/** What the local cloud knows about one deployed (built) function. */
export interface FunctionSpec {
  name: string;
  dir: string;
  /** Timeout in ms (config.json `timeout` in seconds, else cloudbaserc.json, else 20 s). */
  timeoutMs: number;
  /** Memory limit in MB (config.json / cloudbaserc.json `memorySize`, default 256), enforced as the V8 heap cap. */
  memoryMb: number;
  /** OpenAPI names this function may call (`permissions.openapi`). */
  openapi: string[];
  triggers: TimerTrigger[];
  /** Extra environment variables (config.json / cloudbaserc.json `envVariables`). */
  envVariables: Record<string, string>;
  /** mtime of index.js when loaded; a change means a rebuild. */
  mtimeMs: number;
}

/** Local default: CloudBase's 3 s is too short on a shared dev machine, so unconfigured functions get 20 s. */
export const DEFAULT_TIMEOUT_MS = 20_000;

interface FunctionConfigFile {
  timeout?: unknown;
  memorySize?: unknown;
  permissions?: { openapi?: unknown };
  triggers?: unknown;
  envVariables?: unknown;
}

interface RcFunction {
  name?: unknown;
  timeout?: unknown;
  memorySize?: unknown;
  envVariables?: unknown;
  triggers?: unknown;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function stringRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/**
 * `{{env.NAME}}` placeholders (the tcb CLI fills them from the deploy environment, e.g. the field-encryption keys)
 * resolved from this process's environment; a variable whose placeholder is unset is left out, so the local
 * cloud's own project variables (the data dir's dev keys) apply instead of a literal `{{env.…}}` string.
 */
function resolveTemplates(vars: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(vars)) {
    let unresolved = false;
    const value = raw.replace(/\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, name: string) => {
      const v = process.env[name];
      if (!v) unresolved = true;
      return v ?? '';
    });
    if (!unresolved) out[key] = value;
  }
  return out;
}

function timers(v: unknown): TimerTrigger[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((t): t is { name: unknown; type: unknown; config: unknown } => !!t && typeof t === 'object')
    .filter((t) => t.type === 'timer' && typeof t.name === 'string' && typeof t.config === 'string')
    .map((t) => ({ name: String(t.name), type: 'timer' as const, config: String(t.config) }));
}

/** Read one built function folder (index.js + optional config.json). */
export function loadFunctionSpec(dir: string, rcFunctions: RcFunction[] = []): FunctionSpec | undefined {
  const index = path.join(dir, 'index.js');
  if (!fs.existsSync(index)) return undefined;
  const name = path.basename(dir);
  const config = (readJson(path.join(dir, 'config.json')) ?? {}) as FunctionConfigFile;
  const rc = rcFunctions.find((f) => f.name === name) ?? {};
  const timeoutS = Number(config.timeout ?? rc.timeout);
  const memory = Number(config.memorySize ?? rc.memorySize);
  const openapi = Array.isArray(config.permissions?.openapi) ? config.permissions.openapi.map(String) : [];
  const triggers = timers(config.triggers);
  return {
    name,
    dir,
    timeoutMs: Number.isFinite(timeoutS) && timeoutS > 0 ? timeoutS * 1000 : DEFAULT_TIMEOUT_MS,
    memoryMb: Number.isFinite(memory) && memory >= 64 ? memory : 256,
    openapi,
    triggers: triggers.length > 0 ? triggers : timers(rc.triggers),
    envVariables: resolveTemplates({ ...stringRecord(rc.envVariables), ...stringRecord(config.envVariables) }),
    mtimeMs: fs.statSync(index).mtimeMs,
  };
}

/** Read `<repo>/cloudbaserc.json` functions (for timeouts/env declared there). */
export function readRcFunctions(rcFile: string): RcFunction[] {
  const rc = readJson(rcFile) as { functions?: unknown } | undefined;
  return Array.isArray(rc?.functions) ? (rc.functions as RcFunction[]) : [];
}

/** Every built function in `functionsDir` (one folder each). */
export function loadFunctions(functionsDir: string, rcFile: string): Map<string, FunctionSpec> {
  const out = new Map<string, FunctionSpec>();
  if (!fs.existsSync(functionsDir)) return out;
  const rc = readRcFunctions(rcFile);
  for (const entry of fs.readdirSync(functionsDir, { withFileTypes: true })) {
    // Dot-folders are builds in progress (scripts/build-functions.ts swaps them in when complete).
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const spec = loadFunctionSpec(path.join(functionsDir, entry.name), rc);
    if (spec) out.set(spec.name, spec);
  }
  return out;
}
