/**
 * Data is loaded into an environment through one code path (`npm run load`): the grid from a file of the
 * real towns and villages, and reference datasets — into the local cloud here, into CloudBase with
 * `--cloud` (same calls, another node-sdk app), which refuses at once without credentials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from '../../scripts/load';
import { resolveTarget } from '../../scripts/target';
import { startTestCloud, type TestCloud } from '../support/cloud';

let cloud: TestCloud;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cloud = await startTestCloud({ collectionsDir: path.resolve(__dirname, '..', '..', 'database', 'collections') });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-'));
  env = { CLOUD_ADMIN_URL: cloud.adminUrl, CLOUD_ENV_ID: cloud.envId, CLOUD_DATA_DIR: cloud.dataDir };
});
afterAll(async () => {
  await cloud.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('npm run load', () => {
  it('loads the grid from a file, and loading it again changes nothing but a corrected name', async () => {
    const file = write(
      'grid.csv',
      'townId,townName,villageId,villageName,kind\nt15,万家乡,t15-v01,翠林山村,village\nt15,万家乡,t15-v02,甲村,village\nt01,新江口街道,t01-v01,乙社区,community\n',
    );
    expect(await runLoad(['grid', file], env)).toEqual(['loaded 6 grid nodes into local']);
    const nodes = (await cloud.sdkApp().database().collection('grid_nodes').limit(100).get()).data as Array<{
      _id: string;
      name: string;
      path: string[];
    }>;
    expect(nodes.map((n) => n._id).sort()).toEqual(['city', 't01', 't01-v01', 't15', 't15-v01', 't15-v02']);
    expect(nodes.find((n) => n._id === 't15-v02')?.path).toEqual(['city', 't15', 't15-v02']);

    await runLoad(['grid', write('grid2.csv', fs.readFileSync(file, 'utf8').replace('甲村', '甲家村'))], env);
    const again = (await cloud.sdkApp().database().collection('grid_nodes').limit(100).get()).data as Array<{
      _id: string;
      name: string;
    }>;
    expect(again).toHaveLength(6);
    expect(again.find((n) => n._id === 't15-v02')?.name).toBe('甲家村');
  });

  it('refuses a grid file with a bad line, naming the line, and writes nothing', async () => {
    const file = write('bad.csv', 'townId,townName,villageId,villageName,kind\nt02,南海镇,t02-v01,丙村,hamlet\n');
    await expect(runLoad(['grid', file], env)).rejects.toThrow(/line 2: kind/);
    const { total } = await cloud.sdkApp().database().collection('grid_nodes').where({ _id: 't02' }).count();
    expect(total).toBe(0);
  });

  it('loads a reference dataset with the functions\u2019 keys, through the same import as the seed', async () => {
    const file = path.resolve(__dirname, '..', '..', 'database', 'reference-samples', 'business.csv');
    const [line] = await runLoad(['reference', 'business', file], env);
    expect(line).toMatch(/^imported \d+ rows into business of local/);
    const { total } = await cloud.sdkApp().database().collection('reference_business').count();
    expect(total).toBeGreaterThan(0);
  });

  it('with --cloud refuses at once, naming the missing settings, and never falls back to the local cloud', async () => {
    await expect(runLoad(['grid', '--cloud'], env)).rejects.toThrow(/real towns and villages/);
    const file = write('g.csv', 'townId,townName,villageId,villageName,kind\nt03,八宝镇,t03-v01,丁村,village\n');
    await expect(runLoad(['grid', file, '--cloud'], env)).rejects.toThrow(
      '--cloud needs CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (nothing was written)',
    );
    await expect(
      runLoad(['reference', 'business', file, '--cloud'], { CLOUDBASE_ENV_ID: 'prod-1', UNION_DATA_KEY: 'x' }),
    ).rejects.toThrow('--cloud needs TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY, UNION_INDEX_KEY');
    expect((await cloud.sdkApp().database().collection('grid_nodes').where({ _id: 't03' }).count()).total).toBe(0);
  });

  it('with --cloud and credentials targets that CloudBase environment, not the local cloud', () => {
    const target = resolveTarget(
      ['--cloud'],
      {
        CLOUDBASE_ENV_ID: 'prod-1',
        TENCENTCLOUD_SECRETID: 'id',
        TENCENTCLOUD_SECRETKEY: 'key',
        UNION_DATA_KEY: 'd',
        UNION_INDEX_KEY: 'i',
      },
      true,
    );
    expect(target.name).toBe('prod-1');
    expect(target.keys).toEqual({ dataKey: 'd', indexKey: 'i' });
    const config = (target.app as unknown as { config: { env: string; serviceUrl?: string } }).config;
    expect(config.env).toBe('prod-1');
    expect(config.serviceUrl).toBeUndefined();
  });
});
