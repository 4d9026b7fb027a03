/**
 * @jest-environment node
 *
 * WeChat's package limits: the main package stays under 1 MB (limit 2 MB) with the staff pages
 * in their own subpackage; the app.json pages and components all exist.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import {
  buildContracts,
  CONTRACTS_MAX_BYTES,
  MAIN_PACKAGE_GOAL_BYTES,
  measurePackages,
  MINIPROGRAM_ROOT,
  PACKAGE_LIMIT_BYTES,
} from '../../scripts/build-miniprogram';

interface AppJson {
  pages: string[];
  subPackages: Array<{ root: string; pages: string[] }>;
  tabBar?: { list: Array<{ pagePath: string }> };
}
const app = JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, 'app.json'), 'utf8')) as AppJson;
const pageFiles = (page: string) =>
  ['ts', 'wxml', 'wxss', 'json'].map((ext) => join(MINIPROGRAM_ROOT, `${page}.${ext}`));

describe('mini-program packages', () => {
  it('should keep the main package under 1 MB and every package under 2 MB', async () => {
    const contracts = await buildContracts();
    expect(contracts).toBeLessThan(CONTRACTS_MAX_BYTES);
    const { main, subpackages } = measurePackages();
    expect(main).toBeGreaterThan(contracts); // the contracts bundle is counted in the main package
    expect(main).toBeLessThan(MAIN_PACKAGE_GOAL_BYTES);
    for (const size of Object.values(subpackages)) expect(size).toBeLessThan(PACKAGE_LIMIT_BYTES);
  }, 30_000);

  it('should put every staff page in the staff subpackage, none in the main package', () => {
    expect(app.pages.some((p) => p.startsWith('staff/'))).toBe(false);
    expect(app.subPackages).toEqual([expect.objectContaining({ root: 'staff' })]);
  });

  it('should have all four files for every page listed in app.json', () => {
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    for (const page of pages)
      for (const file of pageFiles(page)) expect(existsSync(file) ? file : `missing ${file}`).toBe(file);
    for (const tab of app.tabBar?.list ?? []) expect(app.pages).toContain(tab.pagePath);
  });

  it('should resolve every usingComponents path', () => {
    const pages = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    for (const page of pages) {
      const json = JSON.parse(readFileSync(join(MINIPROGRAM_ROOT, `${page}.json`), 'utf8')) as {
        usingComponents?: Record<string, string>;
      };
      for (const path of Object.values(json.usingComponents ?? {})) {
        const file = join(MINIPROGRAM_ROOT, `${path}.json`);
        expect(existsSync(file) ? file : `missing ${file} (used by ${page})`).toBe(file);
      }
    }
  });
});
