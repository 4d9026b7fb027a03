/**
 * Loading a reference dataset into the database: rows → documents (blind-indexed, masked) → upserted by `_id`,
 * then rows of earlier imports that are no longer in the file are removed, so the collection is a snapshot
 * of the latest file. Used by `scripts/import-reference.ts`, the demo seed and tests, through any SDK database
 * (the admin @cloudbase/node-sdk app or wx-server-sdk).
 */
import { createHash, randomBytes } from 'crypto';
import type { ReferenceDataset } from '../../typings/aid';
import { FieldCipher, type FieldKeys } from '../security/crypto';
import {
  buildReferenceDocs,
  parseCsv,
  parseXlsx,
  REFERENCE_COLLECTION,
  REFERENCE_IMPORTS,
  type RejectedRow,
} from './reference';

/** The slice of an SDK database the import uses. */
export interface ImportDb {
  collection(name: string): {
    doc(id: string): { set(options: { data: object }): Promise<unknown> } | { set(data: object): Promise<unknown> };
    where(filter: object): { remove(): Promise<unknown> };
    add(data: object): Promise<unknown>;
  };
  command: { neq(v: unknown): unknown };
}

export interface ImportResult {
  dataset: ReferenceDataset;
  importId: string;
  imported: number;
  rejected: RejectedRow[];
  importedAt: string;
}

/** Read a CSV or xlsx file's rows (by extension). */
export async function readRows(fileName: string, content: Buffer): Promise<string[][]> {
  if (/\.xlsx$/i.test(fileName)) return parseXlsx(content);
  if (/\.csv$/i.test(fileName)) return parseCsv(content.toString('utf8'));
  throw new Error('只支持 .csv 或 .xlsx 文件');
}

/**
 * Import `rows` (header first) into `dataset`. `adminSdk` selects the node-sdk call shapes (`doc().set(data)`)
 * instead of wx-server-sdk's (`doc().set({ data })`).
 */
export async function importReferenceRows(
  db: ImportDb,
  dataset: ReferenceDataset,
  rows: string[][],
  keys: FieldKeys,
  options: { adminSdk: boolean; fileName: string; now?: Date },
): Promise<ImportResult> {
  const cipher = new FieldCipher(keys);
  const importId = `imp-${(options.now ?? new Date()).getTime()}-${randomBytes(3).toString('hex')}`;
  const { docs, rejected } = buildReferenceDocs(
    dataset,
    rows,
    { index: (kind, value) => cipher.blindIndex(kind, value) },
    importId,
  );
  const coll = db.collection(REFERENCE_COLLECTION[dataset]);
  const importedAt = (options.now ?? new Date()).toISOString();
  for (let i = 0; i < docs.length; i += 20) {
    await Promise.all(
      docs.slice(i, i + 20).map(({ _id, ...data }) => {
        const ref = coll.doc(_id) as { set(arg: object): Promise<unknown> };
        return options.adminSdk ? ref.set({ ...data, importedAt }) : ref.set({ data: { ...data, importedAt } });
      }),
    );
  }
  if (docs.length > 0) await coll.where({ importId: db.command.neq(importId) }).remove();
  const record = {
    _id: importId,
    dataset,
    importedAt,
    rows: docs.length,
    rejected: rejected.length,
    // The file name only as a hash prefix: names of uploaded files can carry personal data.
    fileDigest: createHash('sha256').update(options.fileName).digest('hex').slice(0, 12),
  };
  const imports = db.collection(REFERENCE_IMPORTS);
  await (options.adminSdk ? imports.add(record) : imports.add({ data: record }));
  return { dataset, importId, imported: docs.length, rejected, importedAt };
}
