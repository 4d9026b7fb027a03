/** The grid function through the real wx-server-sdk, run by the local cloud from its built bundle. */
import { startTestCloud, type TestCloud } from '../support/cloud';
import { seedGrid } from '../../scripts/seed/index';

describe('grid function', () => {
  let cloud: TestCloud;
  const call = async (action: string, input?: unknown) =>
    (await cloud.callFunction('grid', { action, input }, { openid: 'o-grid-reader' })).result as {
      ok: boolean;
      data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
      code?: string;
      field?: string;
    };

  beforeAll(async () => {
    cloud = await startTestCloud();
    await seedGrid(cloud.sdkApp());
  });
  afterAll(async () => cloud.close());

  it('returns the city → town → village tree with 16 towns and 273 villages', async () => {
    const result = await call('tree');
    expect(result.ok).toBe(true);
    expect(result.data.towns).toBe(16);
    expect(result.data.villages).toBe(273);
    expect(result.data.root.name).toBe('松滋市');
    expect(result.data.root.children[14].name).toBe('万家乡');
    expect(result.data.root.children[14].children[0]).toMatchObject({ name: '翠林山村', level: 'village' });
  });

  it('returns a node path from the city down', async () => {
    const result = await call('path', { nodeId: 't15-v01' });
    expect(result.ok).toBe(true);
    expect(result.data.path.map((n: { name: string }) => n.name)).toEqual(['松滋市', '万家乡', '翠林山村']);
  });

  it('lists the villages of a town in order', async () => {
    const result = await call('children', { nodeId: 't02' });
    expect(result.data.nodes).toHaveLength(20);
    expect(result.data.nodes.every((n: { parentId: string }) => n.parentId === 't02')).toBe(true);
  });

  it('answers NOT_FOUND for an unknown node and names the field for bad input', async () => {
    expect((await call('path', { nodeId: 'nowhere' })).code).toBe('NOT_FOUND');
    const bad = await call('path', { nodeId: { $ne: null } });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'nodeId' });
    expect((bad as { message?: string }).message).toMatch(/[\u4e00-\u9fa5]/);
    expect((await call('explode')).code).toBe('UNKNOWN_ACTION');
  });
});
