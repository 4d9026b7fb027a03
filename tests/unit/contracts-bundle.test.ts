/**
 * The mini-program loads the shared contracts from `miniprogram_npm/@union/contracts`, built by
 * `npm run build`. Component tests and the preview import `typings/` directly, so this test loads
 * the built bundle itself, in a plain Node process, the way the WeChat runtime requires it.
 */
import { execFileSync } from 'child_process';
import { join } from 'path';
import { buildContracts, CONTRACTS_OUT } from '../../scripts/build-miniprogram';

describe('the mini-program contracts bundle', () => {
  beforeAll(async () => {
    await buildContracts();
  });

  it('loads as CommonJS on its own and validates with plain-Chinese messages', () => {
    const script = `
      const c = require(${JSON.stringify(join(CONTRACTS_OUT, 'index.js'))});
      const r = c.contracts.grid.path.input.safeParse({ nodeId: 5 });
      process.stdout.write(JSON.stringify({ ok: r.success, message: r.error.issues[0].message, path: r.error.issues[0].path, fns: Object.keys(c.contracts) }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
      ok: boolean;
      message: string;
      path: string[];
      fns: string[];
    };
    expect(out.ok).toBe(false);
    expect(out.path).toEqual(['nodeId']);
    expect(out.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(out.fns).toEqual(expect.arrayContaining(['grid', 'people', 'staff', 'cases', 'library', 'aid']));
  });
});
