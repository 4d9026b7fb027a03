/**
 * Each built function folder is deployable on its own: copied somewhere else with only the
 * packages its own package.json lists, it loads and exposes `main`.
 */
import { execFileSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { functionNames, OUT_DIR, ROOT } from '../../scripts/build-functions';

describe('built cloud functions', () => {
  const names = functionNames();

  it.each(names)('%s loads alone with only its own dependencies and exports main', (name) => {
    const dir = mkdtempSync(join(tmpdir(), `fn-${name}-`));
    try {
      cpSync(join(OUT_DIR, name), dir, { recursive: true });
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      expect(pkg.dependencies['wx-server-sdk']).toMatch(/^\d+\.\d+\.\d+$/);
      mkdirSync(join(dir, 'node_modules', '@cloudbase'), { recursive: true });
      for (const dep of Object.keys(pkg.dependencies)) {
        // A scoped package (`@embedpdf/fonts-sc`) sits in its scope's folder.
        if (dep.startsWith('@')) mkdirSync(join(dir, 'node_modules', dep.split('/')[0]), { recursive: true });
        symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
      }
      const out = execFileSync(
        process.execPath,
        ['-e', "const m = require('./index.js'); process.stdout.write(typeof m.main)"],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', TENCENTCLOUD: 'true' }, encoding: 'utf8' },
      );
      expect(out).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
