/**
 * A recording fake of the CloudBase management API (the part of `@cloudbase/manager-node` the deploy
 * uses, answering in its shapes) holding an environment in memory. Every call is recorded; `mutations()`
 * lists the ones that change something, so a test can check that a second deploy changes nothing.
 */
import type { ManagementApi } from '../../scripts/deploy/apply';

export interface RecordedCall {
  method: string;
  args: unknown[];
}

interface FakeIndex {
  Name: string;
  Keys: Array<{ Name: string; Direction: string }>;
  Unique: boolean;
}

interface FakeFunction {
  FunctionName: string;
  Runtime: string;
  Timeout: number;
  MemorySize: number;
  Description: string;
  Environment: { Variables: Array<{ Key: string; Value: string }> };
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
  uploads: number;
}

const READS = new Set([
  'database.checkCollectionExists',
  'database.describeCollection',
  'permission.describeResourcePermission',
  'storage.getStorageAcl',
  'functions.getFunctionDetail',
]);

/** A fake environment; `state` is open for tests to arrange and inspect. */
export function fakeManagementApi() {
  const calls: RecordedCall[] = [];
  const state = {
    collections: new Map<string, FakeIndex[]>(),
    permissions: new Map<string, { Permission: string; SecurityRule?: string }>(),
    storage: { acl: 'PRIVATE' as string, rule: undefined as { read: unknown; write: unknown } | undefined },
    functions: new Map<string, FakeFunction>(),
  };
  const record = (method: string, args: unknown[]) => calls.push({ method, args: structuredClone(args) });
  const notFound = (what: string) =>
    Object.assign(new Error(`${what} not found`), { code: 'ResourceNotFound.Function' });
  const requireCollection = (name: string) => {
    const c = state.collections.get(name);
    if (!c) throw Object.assign(new Error(`collection ${name} does not exist`), { code: 'ResourceNotFound' });
    return c;
  };

  const api = {
    database: {
      async checkCollectionExists(name: string) {
        record('database.checkCollectionExists', [name]);
        return { RequestId: 'r', Exists: state.collections.has(name) };
      },
      async createCollection(name: string) {
        record('database.createCollection', [name]);
        if (state.collections.has(name)) throw new Error(`collection ${name} already exists`);
        state.collections.set(name, [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }]);
        return { RequestId: 'r' };
      },
      async describeCollection(name: string) {
        record('database.describeCollection', [name]);
        const indexes = requireCollection(name);
        return { RequestId: 'r', Indexes: structuredClone(indexes), IndexNum: indexes.length } as never;
      },
      async updateCollection(
        name: string,
        info: {
          CreateIndexes?: Array<{
            IndexName: string;
            MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: string }>; MgoIsUnique: boolean };
          }>;
          DropIndexes?: Array<{ IndexName: string }>;
        },
      ) {
        record('database.updateCollection', [name, info]);
        let indexes = requireCollection(name);
        for (const drop of info.DropIndexes ?? []) {
          if (!indexes.some((i) => i.Name === drop.IndexName)) throw new Error(`index ${drop.IndexName} not found`);
          indexes = indexes.filter((i) => i.Name !== drop.IndexName);
        }
        for (const create of info.CreateIndexes ?? []) {
          if (indexes.some((i) => i.Name === create.IndexName)) throw new Error(`index ${create.IndexName} exists`);
          indexes.push({
            Name: create.IndexName,
            Keys: create.MgoKeySchema.MgoIndexKeys.map((k) => ({ Name: k.Name, Direction: k.Direction })),
            Unique: create.MgoKeySchema.MgoIsUnique,
          });
        }
        state.collections.set(name, indexes);
        return { RequestId: 'r' };
      },
    },
    permission: {
      async describeResourcePermission(options: { resourceType: string; resources?: string[] }) {
        record('permission.describeResourcePermission', [options]);
        if ((options.resources?.length ?? 0) > 100) throw new Error('resources length must be <= 100');
        const list = (options.resources ?? []).map((r) => ({
          ResourceType: options.resourceType,
          Resource: r,
          // CloudBase's default for a collection created from the API: creator read/write.
          ...(state.permissions.get(r) ?? { Permission: 'PRIVATE' }),
        }));
        return { Data: { TotalCount: list.length, PermissionList: list }, RequestId: 'r' } as never;
      },
      async modifyResourcePermission(options: {
        resourceType: string;
        resource?: string;
        permission: string;
        securityRule?: string;
      }) {
        record('permission.modifyResourcePermission', [options]);
        if (options.permission === 'CUSTOM' && !options.securityRule) throw new Error('securityRule is required');
        state.permissions.set(options.resource ?? '', {
          Permission: options.permission,
          ...(options.securityRule ? { SecurityRule: options.securityRule } : {}),
        });
        return { Data: { Success: true }, RequestId: 'r' };
      },
    },
    storage: {
      async getStorageAcl(options?: { withRule: true }) {
        record('storage.getStorageAcl', [options]);
        return (options?.withRule ? { acl: state.storage.acl, rule: state.storage.rule } : state.storage.acl) as never;
      },
      async setStorageAcl(acl: string, rule?: { read: unknown; write: unknown }) {
        record('storage.setStorageAcl', [acl, rule]);
        if (acl === 'CUSTOM' && !rule) throw new Error('rule is required for CUSTOM');
        state.storage = { acl, rule: acl === 'CUSTOM' ? rule : undefined };
        return { RequestId: 'r' };
      },
    },
    functions: {
      async getFunctionDetail(name: string) {
        record('functions.getFunctionDetail', [name]);
        const fn = state.functions.get(name);
        if (!fn) throw notFound(`function ${name}`);
        return structuredClone(fn) as never;
      },
      async createFunction(param: {
        func: {
          name: string;
          runtime?: string;
          timeout?: number;
          memorySize?: number;
          description?: string;
          envVariables?: Record<string, string | number | boolean>;
        };
      }) {
        record('functions.createFunction', [param]);
        const f = param.func;
        if (state.functions.has(f.name)) throw new Error(`function ${f.name} exists`);
        state.functions.set(f.name, {
          FunctionName: f.name,
          Runtime: f.runtime ?? 'Nodejs20.19',
          Timeout: f.timeout ?? 3,
          MemorySize: f.memorySize ?? 256,
          Description: f.description ?? '',
          Environment: {
            Variables: Object.entries(f.envVariables ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
          },
          Triggers: [],
          uploads: 0,
        });
        return { RequestId: 'r' } as never;
      },
      async updateFunctionConfig(func: {
        name: string;
        timeout?: number;
        memorySize?: number;
        description?: string;
        envVariables?: Record<string, string | number | boolean>;
      }) {
        record('functions.updateFunctionConfig', [func]);
        const fn = state.functions.get(func.name);
        if (!fn) throw notFound(`function ${func.name}`);
        if (func.timeout !== undefined) fn.Timeout = func.timeout;
        if (func.memorySize !== undefined) fn.MemorySize = func.memorySize;
        if (func.description !== undefined) fn.Description = func.description;
        // As the API does: the list given replaces the whole list (manager-node: 覆盖式修改).
        if (func.envVariables && Object.keys(func.envVariables).length)
          fn.Environment.Variables = Object.entries(func.envVariables).map(([Key, Value]) => ({
            Key,
            Value: String(Value),
          }));
        return { RequestId: 'r' };
      },
      async createFunctionTriggers(name: string, triggers: Array<{ name: string; type: string; config: string }> = []) {
        record('functions.createFunctionTriggers', [name, triggers]);
        const fn = state.functions.get(name);
        if (!fn) throw notFound(`function ${name}`);
        for (const t of triggers) {
          if (fn.Triggers.some((x) => x.TriggerName === t.name)) throw new Error(`trigger ${t.name} exists`);
          fn.Triggers.push({ TriggerName: t.name, Type: t.type, TriggerDesc: JSON.stringify({ cron: t.config }) });
        }
        return { RequestId: 'r' };
      },
      async deleteFunctionTrigger(name: string, triggerName: string) {
        record('functions.deleteFunctionTrigger', [name, triggerName]);
        const fn = state.functions.get(name);
        if (!fn) throw notFound(`function ${name}`);
        fn.Triggers = fn.Triggers.filter((t) => t.TriggerName !== triggerName);
        return { RequestId: 'r' };
      },
    },
    async uploadCode(fn: { name: string; path: string }) {
      record('uploadCode', [fn]);
      const live = state.functions.get(fn.name);
      if (!live) throw notFound(`function ${fn.name}`);
      live.uploads += 1;
    },
  } satisfies ManagementApi;

  return {
    api: api as ManagementApi,
    state,
    calls,
    /** Calls that change the environment. */
    mutations: () => calls.filter((c) => !READS.has(c.method)),
    reset: () => calls.splice(0, calls.length),
  };
}
