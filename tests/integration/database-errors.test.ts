/**
 * Database failures are recognised in one place (`domain/runtime/db-errors`), from what the real wx-server-sdk
 * throws against the local cloud: a duplicate key inside and outside a transaction, a write conflict, and a
 * system error that is neither.
 */
import { dbFailure, inTransaction } from '../../domain/runtime/db-errors';
import { AppError } from '../../domain/runtime/errors';
import type { Database } from '../../domain/runtime/db';
import { startTestCloud, type TestCloud } from '../support/cloud';

jest.setTimeout(60_000);

describe('database failures by code', () => {
  let cloud: TestCloud;
  let db: Database;
  const caught = async (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => e);

  beforeAll(async () => {
    cloud = await startTestCloud();
    db = cloud.wxServer().database() as unknown as Database;
    await db.createCollection('probe').catch(() => undefined);
    await db.collection('probe').add({ data: { _id: 'a', v: 1 } });
  });
  afterAll(async () => cloud?.close());

  it('recognises a duplicate _id, which wx-server-sdk reports as a -501001 system error', async () => {
    const error = await caught(db.collection('probe').add({ data: { _id: 'a', v: 2 } }));
    expect(error).toMatchObject({ errCode: -501001 });
    expect(dbFailure(error)).toBe('duplicate');
  });

  it('recognises a transaction write conflict and turns it into the caller’s CONFLICT', async () => {
    const error = await caught(
      inTransaction(
        db,
        async (tx) => {
          await tx.collection('probe').doc('a').get();
          await db
            .collection('probe')
            .doc('a')
            .update({ data: { v: 3 } });
          await tx
            .collection('probe')
            .doc('a')
            .update({ data: { v: 4 } });
        },
        { conflict: () => new AppError('CONFLICT', '刚被他人处理') },
      ),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', message: '刚被他人处理' });
  });

  it('turns a duplicate written in a transaction into the caller’s own refusal, and writes nothing', async () => {
    const error = await caught(
      inTransaction(
        db,
        async (tx) => {
          await tx.collection('probe').add({ data: { _id: 'b', v: 1 } });
          await tx.collection('probe').add({ data: { _id: 'a', v: 5 } });
        },
        { duplicate: () => new AppError('DUPLICATE', '已经提交过', 'entryId') },
      ),
    );
    expect(error).toMatchObject({ code: 'DUPLICATE', field: 'entryId' });
    expect((await db.collection('probe').where({ _id: 'b' }).get()).data).toHaveLength(0);
  });

  it('leaves other failures alone: a missing collection is neither a duplicate nor a conflict', async () => {
    const error = await caught(db.collection('no_such_collection').add({ data: { v: 1 } }));
    expect(error).toBeTruthy();
    expect(dbFailure(error)).toBe('other');
    expect(dbFailure({ errCode: -501001, errMsg: 'resource system error' })).toBe('other');
    expect(dbFailure(new AppError('CONFLICT', 'x'))).toBe('other');
  });
});
