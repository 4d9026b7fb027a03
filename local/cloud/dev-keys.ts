/**
 * Development keys for field-level encryption (`UNION_DATA_KEY`, `UNION_INDEX_KEY`): generated once
 * per data dir into `<dataDir>/dev-keys.json` (the data dir is git-ignored, so keys never reach the
 * repo) and given to every function instance as project variables. Keys set in the host environment
 * win, so the same code runs with real keys when an operator provides them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The keys in the shape `domain/security/crypto.ts` takes (`FieldKeys`). */
export interface DevKeys {
  dataKey: string;
  indexKey: string;
}

const HEX_KEY = /^([0-9a-fA-F]{32}|[0-9a-fA-F]{64})$/;

/** Read `<dataDir>/dev-keys.json`, creating it (mode 0600) with random 32-byte keys the first time. */
export function loadDevKeys(dataDir: string): DevKeys {
  const file = path.join(dataDir, 'dev-keys.json');
  let keys: DevKeys | undefined;
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DevKeys>;
    if (HEX_KEY.test(stored.dataKey ?? '') && HEX_KEY.test(stored.indexKey ?? '')) keys = stored as DevKeys;
  }
  if (!keys) {
    keys = { dataKey: crypto.randomBytes(32).toString('hex'), indexKey: crypto.randomBytes(32).toString('hex') };
    fs.writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    dataKey: process.env.UNION_DATA_KEY || keys.dataKey,
    indexKey: process.env.UNION_INDEX_KEY || keys.indexKey,
  };
}

/** The keys as the function environment variables that carry them. */
export const keysEnv = (keys: DevKeys): Record<string, string> => ({
  UNION_DATA_KEY: keys.dataKey,
  UNION_INDEX_KEY: keys.indexKey,
});
