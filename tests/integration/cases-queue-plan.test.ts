/**
 * The staff queues stay flat as cases grow: every queue shape (city, town, village; with a keyset
 * cursor, an overdue bound and filters) is answered by SQLite walking a `cases` index in order —
 * no full scan and no sort of the matches — and the pages come back in the right order.
 */
import { dueKeyOf } from '../../domain/cases/store';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { DatabaseService } from '../../local/cloud/database';

describe('staff queue query plans', () => {
  let cloud: TestCloud;
  let db: DatabaseService;
  const now = Date.UTC(2026, 10, 30);
  const docs = Array.from({ length: 3000 }, (_, i) => {
    const town = `t${String((i % 16) + 1).padStart(2, '0')}`;
    const village = i % 5 === 0 ? null : `${town}-v0${(i % 4) + 1}`;
    const due = i % 7 === 0 ? null : new Date(now + ((i * 7919) % 3000) * 60_000);
    return {
      _id: `c${i}`,
      open: i % 10 !== 0,
      townId: town,
      villageId: village,
      type: i % 3 ? 'appeal' : 'consultation',
      dueKey: dueKeyOf(due, `c${i}`, new Date(now - i)),
    };
  });
  // A document whose dueKey is not a string must not disturb the order of string keys.
  const odd = { _id: 'odd', open: true, townId: 't01', villageId: null, type: 'appeal', dueKey: 42 };

  beforeAll(async () => {
    cloud = await startTestCloud();
    const coll = cloud.sdkApp().database().collection('cases');
    for (let i = 0; i < docs.length; i += 1000) await coll.add(docs.slice(i, i + 1000));
    await coll.add(odd);
    const handle = cloud.db as unknown as { service?: DatabaseService };
    db = handle.service ?? (cloud.db as unknown as DatabaseService);
  });
  afterAll(async () => cloud?.close());

  const cursor = dueKeyOf(new Date(now + 1000 * 60_000), '', new Date(0));
  const shapes: [string, object][] = [
    ['city, first page', { open: true }],
    ['city, after a cursor', { open: true, dueKey: { $gt: cursor } }],
    [
      'city, overdue after a cursor',
      { open: true, dueKey: { $gt: cursor, $lt: dueKeyOf(new Date(now + 2000 * 60_000), '', new Date(0)) } },
    ],
    ['town, after a cursor', { townId: 't03', open: true, dueKey: { $gt: cursor } }],
    ['village, after a cursor', { villageId: 't03-v02', open: true, dueKey: { $gt: cursor } }],
  ];

  it.each(shapes)('%s: walks an index in order', (_name, filter) => {
    const plan = db.explain('cases', filter, { dueKey: 1 }).plan.join(' / ');
    expect(plan).toMatch(/USING INDEX ix_c_cases_queue_/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN/);
  });

  it.each(shapes)('%s: returns the matches in dueKey order', async (_name, filter) => {
    const { data } = await cloud
      .sdkApp()
      .database()
      .collection('cases')
      .where(filter)
      .orderBy('dueKey', 'asc')
      .limit(50)
      .get();
    const got = (data as { _id: string }[]).map((d) => d._id);
    const all = [...docs, odd];
    const matches = (d: (typeof all)[number]) =>
      Object.entries(filter).every(([k, v]) => {
        const value = (d as Record<string, unknown>)[k];
        if (v && typeof v === 'object') {
          const ops = v as { $gt?: string; $lt?: string };
          return (
            typeof value === 'string' &&
            (ops.$gt === undefined || value > ops.$gt) &&
            (ops.$lt === undefined || value < ops.$lt)
          );
        }
        return value === v;
      });
    // MongoDB order: numbers before strings.
    const rank = (d: (typeof all)[number]) =>
      typeof d.dueKey === 'number' ? `0${String(d.dueKey).padStart(20, '0')}` : `1${d.dueKey}`;
    const expected = all
      .filter(matches)
      .sort((a, b) => (rank(a) < rank(b) ? -1 : 1))
      .slice(0, 50)
      .map((d) => d._id);
    expect(got).toEqual(expected);
  });
});
