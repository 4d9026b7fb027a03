/**
 * Build every `cloudfunctions/<name>/index.ts` into a self-contained deployable folder
 * `dist/cloudfunctions/<name>/` holding `index.js` (shared domain code bundled in), a
 * `package.json` listing exactly the packages the bundle requires at run time (pinned to the
 * root's exact versions) and the function's `config.json`. Usage: `tsx scripts/build-functions.ts [name...]`.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, copyFileSync } from 'fs';
import { join, resolve } from 'path';
import { trimZod } from './build-miniprogram';

export const ROOT = resolve(__dirname, '..');
export const SOURCE_DIR = join(ROOT, 'cloudfunctions');
export const OUT_DIR = join(ROOT, 'dist', 'cloudfunctions');

/** Packages left out of bundles: provided by `npm install` in the function folder on CloudBase. */
const EXTERNAL = ['wx-server-sdk', 'better-sqlite3', 'pdfkit', '@embedpdf/fonts-sc'];

/** The function names: folders of `cloudfunctions/` holding an `index.ts`. */
export function functionNames(): string[] {
  return readdirSync(SOURCE_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SOURCE_DIR, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

function rootVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/** Where a build goes and what it adds (tests build a function with a test-only case type injected). */
export interface BuildOptions {
  /** The folder of built functions (default `dist/cloudfunctions`). */
  outRoot?: string;
  /** Modules bundled in before the entry (e.g. a test-only declaration that registers itself). */
  inject?: string[];
}

/** Build one function; returns the packages its bundle requires. */
export async function buildFunction(name: string, options: BuildOptions = {}): Promise<string[]> {
  // Build beside the live folder, then swap it in, so a local cloud serving the old bundle is never
  // left without one while tests or `npm start --watch` rebuild.
  const outRoot = options.outRoot ?? OUT_DIR;
  const finalDir = join(outRoot, name);
  const outDir = join(outRoot, `.${name}.building-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(SOURCE_DIR, name, 'index.ts')],
    inject: options.inject ?? [],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: EXTERNAL,
    sourcemap: false,
    minify: false,
    legalComments: 'none',
    metafile: true,
    // zod's other languages and JSON-Schema import: the functions load zh-CN alone (typings/api.ts).
    plugins: [trimZod],
    logLevel: 'warning',
  });
  const required = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const imp of input.imports) {
      if (imp.external && !imp.path.startsWith('node:')) {
        const pkg = imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0];
        if (EXTERNAL.includes(pkg)) required.add(pkg);
      }
    }
  }
  const versions = rootVersions();
  const dependencies = Object.fromEntries(
    [...required].sort().map((pkg) => {
      const version = versions[pkg];
      if (!version || !/^\d+\.\d+\.\d+$/.test(version))
        throw new Error(`${pkg} must be pinned to an exact version in package.json`);
      return [pkg, version];
    }),
  );
  writeFileSync(
    join(outDir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies }, null, 2) + '\n',
  );
  const config = join(SOURCE_DIR, name, 'config.json');
  if (existsSync(config)) copyFileSync(config, join(outDir, 'config.json'));
  const retired = join(outRoot, `.${name}.retired-${process.pid}`);
  if (existsSync(finalDir)) renameSync(finalDir, retired);
  renameSync(outDir, finalDir);
  rmSync(retired, { recursive: true, force: true });
  return Object.keys(dependencies);
}

async function mainCli() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length ? wanted : functionNames();
  if (!wanted.length && existsSync(OUT_DIR)) {
    for (const stale of readdirSync(OUT_DIR))
      if (!names.includes(stale) && !stale.startsWith('.'))
        rmSync(join(OUT_DIR, stale), { recursive: true, force: true });
  }
  const started = Date.now();
  for (const name of names) await buildFunction(name);
  console.log(
    `built ${names.length} cloud functions into dist/cloudfunctions in ${Date.now() - started} ms: ${names.join(', ')}`,
  );
}

if (require.main === module) {
  mainCli().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
