/**
 * The registry's full-scale demo (`npm start -- --scale full`, `npm run seed -- --scale full`): the article's 724
 * units and 468 union organisations, marked as generated, in every town — each town with units and with a share
 * of the enterprise unions (the quota is filled town by town in turn, not the first towns all).
 */
import { startTestCloud, type TestCloud } from '../support/cloud';
import { createAdminApp } from '../../local/cloud/sdk';
import { seedGrid } from '../../scripts/seed/index';
import { byTownInTurn, seedRegistry } from '../../scripts/seed/registry';
import { buildGrid } from '../../domain/grid/data';

jest.setTimeout(300_000);

describe('the full-scale registry demo', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startTestCloud();
    const app = createAdminApp(cloud.adminUrl, cloud.envId);
    await seedGrid(app);
    await seedRegistry(app, { scale: 'full', keys: cloud.devKeys });
  });
  afterAll(async () => cloud?.close());

  it('has the article’s counts, generated, in every town', async () => {
    const units = cloud.db.find('units', { limit: 10_000 }) as Array<{ townId: string; demo: boolean }>;
    const unions = cloud.db.find('unions', { limit: 10_000 }) as Array<{ townId: string; type: string; demo: boolean }>;
    expect(units).toHaveLength(724);
    expect(unions).toHaveLength(468);
    expect(units.every((u) => u.demo) && unions.every((u) => u.demo)).toBe(true);
    const towns = buildGrid().filter((n) => n.level === 'town');
    for (const town of towns) {
      expect({ town: town._id, units: units.filter((u) => u.townId === town._id).length > 20 }).toEqual({
        town: town._id,
        units: true,
      });
      const enterprise = unions.filter((u) => u.townId === town._id && u.type === 'enterprise').length;
      expect({ town: town._id, enterpriseUnions: enterprise >= 10 }).toEqual({
        town: town._id,
        enterpriseUnions: true,
      });
      expect(unions.filter((u) => u.townId === town._id && u.type === 'town_federation')).toHaveLength(1);
    }
  });

  it('takes items town by town in turn, keeping the order within a town', () => {
    const items = ['a1', 'a2', 'a3', 'b1', 'c1', 'c2'];
    expect(byTownInTurn(items, (x) => x[0])).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    expect(byTownInTurn([], (x: string) => x)).toEqual([]);
  });
});
