/**
 * The post lists stay flat as posts grow: each box (mine, to review, the city's and a town's feed, with and without
 * a cursor) is the query `domain/posts/lists.ts` sends, answered by SQLite walking a declared `cases` index in
 * `createdKey` order — no full scan and no sort of the matches — and the deploy plan carries those indexes.
 */
import { boxFilter, PUBLIC_STATES, type PostBox, type PostViewer } from '../../domain/posts/lists';
import { deployPlan } from '../../scripts/deploy/plan';
import { startTestCloud, type TestCloud } from '../support/cloud';
import type { DatabaseService } from '../../local/cloud/database';

const STATES = ['in_review', 'published', 'featured', 'recommended', 'returned'];
const NODES = ['t15', 't15-v01', 't15-v02', 't15-v03', 't14-v01'];
const raw = { in: (values: unknown[]) => ({ $in: values }) };

describe('post list query plans', () => {
  let cloud: TestCloud;
  let db: DatabaseService;
  const docs = Array.from({ length: 3000 }, (_, i) => {
    const poster = NODES[i % NODES.length];
    return {
      _id: `p${i}`,
      type: i % 4 === 0 ? 'appeal' : 'post',
      status: STATES[i % STATES.length],
      open: i % STATES.length === 0,
      nodeId: poster.slice(0, 3),
      subject: { kind: 'node', nodeId: poster },
      createdKey: `${String(1_700_000_000_000 + i * 1000).padStart(15, '0')}|p${i}`,
    };
  });

  beforeAll(async () => {
    cloud = await startTestCloud();
    const coll = cloud.sdkApp().database().collection('cases');
    for (let i = 0; i < docs.length; i += 1000) await coll.add(docs.slice(i, i + 1000));
    const handle = cloud.db as unknown as { service?: DatabaseService };
    db = handle.service ?? (cloud.db as unknown as DatabaseService);
  });
  afterAll(async () => cloud?.close());

  const town: PostViewer = { gridNodeId: 't15', role: 'town_staff' };
  const village: PostViewer = { gridNodeId: 't15-v01', role: 'village_collector' };
  const city: PostViewer = { gridNodeId: 'city', role: 'city_admin' };
  const townNodes = ['t15', 't15-v01', 't15-v02', 't15-v03'];
  const cursor = `${String(1_700_000_000_000 + 1500 * 1000).padStart(15, '0')}|`;
  const shapes: [string, PostBox, PostViewer, string[] | null][] = [
    ['a village’s own posts', 'mine', village, null],
    ['a town’s review box', 'review', town, null],
    ['the city’s feed', 'feed', city, null],
    ['a town’s feed', 'feed', town, townNodes],
    ['a village’s feed', 'feed', village, ['t15-v01']],
  ];
  const cases = shapes.flatMap(([name, box, viewer, nodes]) => [
    [name, box, viewer, nodes, undefined] as const,
    [`${name}, after a cursor`, box, viewer, nodes, cursor] as const,
  ]);

  it.each(cases)('%s: walks an index in createdKey order', (_name, box, viewer, nodes, after) => {
    const filter = boxFilter(raw, box, viewer, nodes);
    const where = after ? { ...filter, createdKey: { $lt: after } } : filter;
    const plan = db.explain('cases', where, { createdKey: -1 }).plan.join(' / ');
    expect(plan).toMatch(/USING (COVERING )?INDEX ix_c_cases_post_/);
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN ix|SCAN cases|SCAN [a-z_]+$/);
  });

  it.each(cases)('%s: returns the newest matches first', async (_name, box, viewer, nodes, after) => {
    const filter = boxFilter(raw, box, viewer, nodes);
    const where = after ? { ...filter, createdKey: { $lt: after } } : filter;
    const { data } = await cloud
      .sdkApp()
      .database()
      .collection('cases')
      .where(where)
      .orderBy('createdKey', 'desc')
      .limit(20)
      .get();
    const inBox = (d: (typeof docs)[number]) =>
      d.type === 'post' &&
      (box === 'mine'
        ? d.subject.nodeId === viewer.gridNodeId
        : box === 'review'
          ? d.nodeId === viewer.gridNodeId && d.open
          : PUBLIC_STATES.includes(d.status) && (nodes === null || nodes.includes(d.subject.nodeId))) &&
      (!after || d.createdKey < after);
    const expected = docs
      .filter(inBox)
      .sort((a, b) => (a.createdKey < b.createdKey ? 1 : -1))
      .slice(0, 20)
      .map((d) => d._id);
    expect(expected.length).toBeGreaterThan(0);
    expect((data as { _id: string }[]).map((d) => d._id)).toEqual(expected);
  });

  it('declares the post indexes in the deploy plan', () => {
    const plan = deployPlan();
    const cases = plan.collections.find((c) => c.name === 'cases');
    expect(cases?.indexes.map((i) => i.name)).toEqual(
      expect.arrayContaining(['post_poster', 'post_review', 'post_created']),
    );
  });
});
