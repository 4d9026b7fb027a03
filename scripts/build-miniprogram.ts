/**
 * Build the mini-program's run-time npm code, the way WeChat DevTools' "build npm" would:
 * `typings/index.ts` (the shared contracts with their zod schemas) bundled with zod into
 * `miniprogram/miniprogram_npm/@union/contracts/index.js` (CommonJS, minified, git-ignored).
 * Pages `import { … } from '@union/contracts'`; type-only imports are erased by the compiler.
 * Usage: `tsx scripts/build-miniprogram.ts` (part of `npm run build`). Prints the bundle size.
 */
import { build, transformSync, type Plugin } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join, relative, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
export const CONTRACTS_OUT = join(ROOT, 'miniprogram', 'miniprogram_npm', '@union', 'contracts');

/** Size limit for the contracts bundle: it sits in the main package (limit 2 MB, goal < 1 MB in all). */
export const CONTRACTS_MAX_BYTES = 300 * 1024;

/**
 * `import { z } from 'zod'` keeps the whole namespace, including every language's messages
 * (~200 KB) and JSON-Schema import. The phone needs neither: it loads zh-CN itself
 * (typings/api.ts), so those two modules are replaced with empty ones.
 */
export const trimZod: Plugin = {
  name: 'trim-zod',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(locales\/index|from-json-schema)\.c?js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: args.path, namespace: 'zod-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-stub' }, (args) => ({
      contents: args.path.includes('from-json-schema')
        ? 'export function fromJSONSchema() { throw new Error("fromJSONSchema is not bundled in the mini-program"); }'
        : 'export {};',
      loader: 'js',
    }));
  },
};

/** Bundle the contracts; returns the size in bytes. */
export async function buildContracts(): Promise<number> {
  mkdirSync(CONTRACTS_OUT, { recursive: true });
  const outfile = join(CONTRACTS_OUT, 'index.js');
  await build({
    entryPoints: [join(ROOT, 'typings', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    plugins: [trimZod],
    format: 'cjs',
    target: 'es2018',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  writeFileSync(
    join(CONTRACTS_OUT, 'package.json'),
    JSON.stringify({ name: '@union/contracts', version: '0.0.0', private: true, main: 'index.js' }, null, 2) + '\n',
  );
  const size = statSync(outfile).size;
  if (size > CONTRACTS_MAX_BYTES) throw new Error(`contracts bundle is ${size} bytes, over ${CONTRACTS_MAX_BYTES}`);
  return size;
}

/**
 * uCharts (`@qiun/ucharts`, Apache-2.0, one ES-module file) for the staff subpackage's chart component: bundled as
 * CommonJS into `miniprogram/staff/miniprogram_npm/` (git-ignored), so it weighs on the staff subpackage, not the
 * main package — the mini-program resolves `require('@qiun/ucharts')` through the nearest `miniprogram_npm` above.
 */
export const CHARTS_OUT = join(ROOT, 'miniprogram', 'staff', 'miniprogram_npm', '@qiun', 'ucharts');
export const CHARTS_MAX_BYTES = 200 * 1024;

/** Bundle uCharts for the staff subpackage; returns the size in bytes. */
export async function buildCharts(): Promise<number> {
  mkdirSync(CHARTS_OUT, { recursive: true });
  const outfile = join(CHARTS_OUT, 'index.js');
  await build({
    entryPoints: [require.resolve('@qiun/ucharts')],
    outfile,
    bundle: true,
    platform: 'neutral',
    format: 'cjs',
    target: 'es2018',
    minify: true,
    banner: { js: '/* uCharts (R) v2.5.0 · Copyright (C) 2018-2022 QIUN 秋云 · Apache License 2.0 */' },
    logLevel: 'warning',
  });
  writeFileSync(
    join(CHARTS_OUT, 'package.json'),
    JSON.stringify(
      { name: '@qiun/ucharts', version: '2.5.0-20230101', license: 'Apache-2.0', main: 'index.js' },
      null,
      2,
    ) + '\n',
  );
  const size = statSync(outfile).size;
  if (size > CHARTS_MAX_BYTES) throw new Error(`uCharts bundle is ${size} bytes, over ${CHARTS_MAX_BYTES}`);
  return size;
}

export const MINIPROGRAM_ROOT = join(ROOT, 'miniprogram');
/** WeChat's limits: 2 MB per package; our goal for the main package is under 1 MB. */
export const MAIN_PACKAGE_GOAL_BYTES = 1024 * 1024;
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;
/** Subpackage roots (from app.json). */
const SUBPACKAGE_ROOTS = ['staff'];
/** Files DevTools does not upload (project.config.json packOptions and non-runtime files). */
const NOT_UPLOADED = /(\.md|\.d\.ts|tsconfig\.json)$/;

/**
 * What the uploaded packages weigh: every file under `miniprogram/` as DevTools would upload it,
 * `.ts` counted as the JavaScript it compiles to (types stripped, not minified: an upper bound).
 * Run `buildContracts()` first so `miniprogram_npm` is included.
 */
export function measurePackages(): { main: number; subpackages: Record<string, number>; files: number } {
  const sizes = {
    main: 0,
    subpackages: Object.fromEntries(SUBPACKAGE_ROOTS.map((r) => [r, 0])) as Record<string, number>,
    files: 0,
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      if (NOT_UPLOADED.test(entry.name)) continue;
      const bytes = entry.name.endsWith('.ts')
        ? Buffer.byteLength(
            transformSync(readFileSync(path, 'utf8'), { loader: 'ts', format: 'cjs', target: 'es2018' }).code,
          )
        : statSync(path).size;
      const root = relative(MINIPROGRAM_ROOT, path).split(/[\\/]/)[0];
      if (SUBPACKAGE_ROOTS.includes(root)) sizes.subpackages[root] += bytes;
      else sizes.main += bytes;
      sizes.files += 1;
    }
  };
  walk(MINIPROGRAM_ROOT);
  return sizes;
}

if (require.main === module) {
  Promise.all([buildContracts(), buildCharts()])
    .then(([size, charts]) => {
      console.log(`built miniprogram_npm/@union/contracts (${(size / 1024).toFixed(1)} KB)`);
      console.log(`built staff/miniprogram_npm/@qiun/ucharts (${(charts / 1024).toFixed(1)} KB)`);
      const { main, subpackages } = measurePackages();
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      console.log(
        `mini-program packages: main ${kb(main)}; ${Object.entries(subpackages)
          .map(([k, v]) => `${k} ${kb(v)}`)
          .join(', ')}`,
      );
      if (main > MAIN_PACKAGE_GOAL_BYTES) throw new Error(`main package ${kb(main)} is over the 1 MB goal`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
