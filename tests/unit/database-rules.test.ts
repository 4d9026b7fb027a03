/**
 * Database security rules are files in the repo. All access goes through cloud functions, so
 * every collection denies client reads and writes; collections holding personal data must never
 * be client-readable, and every collection says whether it holds personal data.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

interface CollectionFile {
  name: string;
  personalData: boolean;
  rules: { read: unknown; write: unknown };
  indexes: Array<{ name: string; keys: Array<[string, 1 | -1]>; unique?: boolean }>;
}

const DIR = join(__dirname, '..', '..', 'database', 'collections');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const collections = files.map((f) => ({
  file: f,
  ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as CollectionFile),
}));

describe('database collection declarations', () => {
  it('declares the collections the functions use', () => {
    expect(collections.map((c) => c.name)).toEqual(expect.arrayContaining(['people', 'staff', 'cases', 'audit_log']));
  });

  it.each(collections.map((c) => [c.name, c] as const))(
    '%s: file name, personal-data flag and indexes are well formed',
    (_name, c) => {
      expect(c.file).toBe(`${c.name}.json`);
      expect(typeof c.personalData).toBe('boolean');
      for (const index of c.indexes) {
        expect(index.name).toMatch(/^[a-z0-9_]+$/i);
        expect(index.keys.length).toBeGreaterThan(0);
        for (const [field, dir] of index.keys) {
          expect(typeof field).toBe('string');
          expect([1, -1]).toContain(dir);
        }
      }
    },
  );

  it.each(collections.map((c) => [c.name, c] as const))('%s: denies all client access (functions only)', (_name, c) => {
    expect(c.rules).toEqual({ read: false, write: false });
  });

  it('marks the collections that hold ID, phone or bank-card data as personal', () => {
    for (const name of ['people', 'aid_applications', 'payments', 'audit_log']) {
      const c = collections.find((x) => x.name === name);
      expect(c?.personalData).toBe(true);
    }
  });
});
