/**
 * Server-side build of the preview, in memory:
 * - the mini-program: every page of `app.json` (main package and subpackages), every custom component they use,
 *   and `app.ts`, compiled by esbuild as ES modules with shared chunks (one instance of each module, as in WeChat's
 *   logic layer; `@union/contracts` → `typings/index.ts`), plus a manifest with each page's/component's WXML
 *   (includes resolved), WXSS (isolated, rpx scaled) and JSON;
 * - the preview's own browser code (`client/shell` for the phone frame and developer panel, `client/runtime` for
 *   the pages: j-component + the built-in components + the `wx` shim).
 * Builds are cached and redone when a source file changes (a cheap signature of paths, sizes and mtimes).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { readWxml, type WxmlNote } from './wxml';
import type { Manifest, ManifestComponent } from './manifest';
import { readWxss, transformWxss } from './wxss';

export type { Manifest, ManifestComponent } from './manifest';

/** Repository root (local/preview → ../..). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A built file served from memory. */
export interface BuiltFile {
  contentType: string;
  body: Buffer;
}

export interface AppBuild {
  manifest: Manifest;
  files: Map<string, BuiltFile>;
}

const JS = 'text/javascript; charset=utf-8';

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A signature of every file under the given folders (path, size, mtime): changes when any file changes. */
export function signature(dirs: string[]): string {
  const h = crypto.createHash('sha1');
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name === 'node_modules' || e.name === 'miniprogram_npm' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        const st = fs.statSync(full);
        h.update(`${full}:${st.size}:${st.mtimeMs}\n`);
      }
    }
  };
  for (const d of dirs) walk(d);
  return h.digest('hex').slice(0, 12);
}

function sourceFile(root: string, rel: string): string | undefined {
  for (const ext of ['.ts', '.js']) {
    const f = path.join(root, rel + ext);
    if (fs.existsSync(f)) return f;
  }
  return undefined;
}

/** Resolve a `usingComponents` value against the using file (`/x` from the root, `./x`/`../x` relative). */
export function resolveComponentPath(from: string, ref: string): string {
  const joined = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(from), ref);
  return path.posix.normalize(joined).replace(/\.(json|wxml|ts|js)$/, '');
}

function routesOf(appJson: Record<string, unknown>): string[] {
  const routes = [...((appJson.pages as string[] | undefined) ?? [])];
  const subs = (appJson.subpackages ?? appJson.subPackages ?? []) as { root: string; pages: string[] }[];
  for (const sub of subs) {
    for (const p of sub.pages ?? []) routes.push(path.posix.join(sub.root, p));
  }
  return routes;
}

/** Build the mini-program under `root` (the folder with app.json). */
export async function buildApp(
  root: string,
  opts: { contractsEntry?: string; urlBase?: string } = {},
): Promise<AppBuild> {
  const urlBase = opts.urlBase ?? '/preview/app';
  const contractsEntry = opts.contractsEntry ?? path.join(REPO_ROOT, 'typings', 'index.ts');
  const notes: WxmlNote[] = [];
  const files = new Map<string, BuiltFile>();
  const appJson = readJson(path.join(root, 'app.json'));
  const version = signature([root, path.dirname(contractsEntry)]);
  const manifest: Manifest = {
    version,
    builtAt: new Date().toISOString(),
    app: { json: appJson ?? {}, css: '' },
    pages: [],
    missing: [],
    components: {},
    notes,
  };
  if (!appJson) {
    manifest.error = `no app.json in ${path.relative(REPO_ROOT, root) || root}`;
    return { manifest, files };
  }
  manifest.app.css = readWxss(path.join(root, 'app.wxss'));
  let counter = 0;
  const globalUsing = (appJson.usingComponents ?? {}) as Record<string, string>;
  const visit = (rel: string, isPage: boolean): void => {
    if (manifest.components[rel]) return;
    const json = readJson(path.join(root, `${rel}.json`));
    const hasWxml = fs.existsSync(path.join(root, `${rel}.wxml`));
    if (!json && !hasWxml) {
      if (isPage) manifest.missing.push(rel);
      else notes.push({ file: rel, message: 'component not found' });
      return;
    }
    counter += 1;
    const prefix = `${isPage ? 'p' : 'c'}${counter}`;
    const comp: ManifestComponent = {
      path: rel,
      isPage,
      prefix,
      json: json ?? {},
      wxml: readWxml(path.join(root, `${rel}.wxml`), root, notes),
      css: transformWxss(readWxss(path.join(root, `${rel}.wxss`)), prefix),
      appCss: transformWxss(manifest.app.css, prefix),
    };
    manifest.components[rel] = comp;
    const using = { ...(isPage ? globalUsing : {}), ...((comp.json.usingComponents ?? {}) as Record<string, string>) };
    for (const ref of Object.values(using)) {
      if (ref.startsWith('plugin://')) continue;
      visit(resolveComponentPath(rel, ref), false);
    }
  };
  for (const route of routesOf(appJson)) {
    manifest.pages.push(route);
    visit(route, true);
  }
  // Global components are used from pages; make sure they are registered even if no page uses them.
  for (const ref of Object.values(globalUsing)) visit(resolveComponentPath('app', ref), false);

  const entryPoints: Record<string, string> = {};
  const appEntry = sourceFile(root, 'app');
  if (appEntry) entryPoints.app = appEntry;
  for (const rel of Object.keys(manifest.components)) {
    const src = sourceFile(root, rel);
    if (src) entryPoints[rel] = src;
  }
  const aliasContracts: Plugin = {
    name: 'union-contracts',
    setup(b) {
      b.onResolve({ filter: /^@union\/contracts$/ }, () => ({ path: contractsEntry }));
    },
  };
  try {
    const result = await build({
      entryPoints,
      outdir: '/out',
      write: false,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome100',
      sourcemap: 'linked',
      chunkNames: 'chunks/[name]-[hash]',
      entryNames: '[dir]/[name]',
      outbase: root,
      plugins: [aliasContracts],
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
      absWorkingDir: REPO_ROOT,
    });
    for (const out of result.outputFiles) {
      const rel = path.posix.relative('/out', out.path.split(path.sep).join('/'));
      files.set(`${urlBase}/${rel}`, {
        contentType: rel.endsWith('.map') ? 'application/json; charset=utf-8' : JS,
        body: Buffer.from(out.contents),
      });
    }
  } catch (err) {
    const e = err as { errors?: { text: string; location?: { file: string; line: number } }[]; message: string };
    manifest.error = e.errors?.length
      ? e.errors.map((x) => `${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}`).join('\n')
      : e.message;
  }
  const jsUrl = (name: string): string | undefined => {
    const url = `${urlBase}/${name}.js?v=${version}`;
    return files.has(`${urlBase}/${name}.js`) ? url : undefined;
  };
  manifest.app.js = appEntry ? jsUrl('app') : undefined;
  for (const comp of Object.values(manifest.components)) comp.js = jsUrl(comp.path);
  files.set(`${urlBase}/manifest.json`, {
    contentType: 'application/json; charset=utf-8',
    body: Buffer.from(JSON.stringify(manifest)),
  });
  return { manifest, files };
}

/** esbuild plugin for the runtime bundle: small fixes to j-component for a 375 px phone in a browser. */
const patchJComponent: Plugin = {
  name: 'patch-j-component',
  setup(b) {
    b.onLoad({ filter: /j-component[\\/]src[\\/]tool[\\/]utils\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      // rpx in inline styles: 1rpx = 0.5px on a 375 px-wide phone (j-component maps 1rpx to 1px).
      const patched = src.replace(
        "return style.replace(/(\\d+)rpx/ig, '$1px')",
        "return style.replace(/(-?\\d*\\.?\\d+)rpx/ig, (m, n) => (+(Number(n) * 0.5).toFixed(4)) + 'px')",
      );
      if (patched === src) throw new Error('j-component utils.transformRpx changed: update the preview patch');
      return { contents: patched, loader: 'js' };
    });
    b.onLoad({ filter: /j-component[\\/]src[\\/]template[\\/]compile\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      // `wx:for` and `wx:if` on one node: WeChat repeats the node first and reads the condition for each item
      // (`wx:if="{{item.count}}"`); j-component dropped the loop and kept only the condition.
      const patched = src.replace(
        '        node.setParent(ifNode, 0) // 更新父节点\n\n        appendNode = ifNode\n',
        '        node.setParent(ifNode, 0) // 更新父节点\n\n' +
          '        if (statement.for) {\n' +
          '          const itemNode = appendNode.children[0]\n' +
          '          itemNode.children[0] = ifNode\n' +
          '          ifNode.setParent(itemNode, 0)\n' +
          '        } else appendNode = ifNode\n',
      );
      if (patched === src) throw new Error('j-component template compile changed: update the preview patch');
      return { contents: patched, loader: 'js' };
    });
    b.onLoad({ filter: /j-component[\\/]src[\\/]template[\\/]virtualnode\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      // Give each `wx:if` its own diff key, so switching which blocks show re-creates their nodes instead of
      // re-using one block's inputs for another's (with the old block's attributes left behind), as WeChat does.
      const patched = src
        .replace(
          "    let key = options.key || ''\n",
          "    let key = options.key || ''\n" +
            "    if (this.type === CONSTANT.TYPE_IF && !key) key = '\\u0001if' + (this.__uid || (this.__uid = ++VirtualNode.__uids))\n",
        )
        .replace('module.exports = VirtualNode', 'VirtualNode.__uids = 0\nmodule.exports = VirtualNode');
      if (!patched.includes('VirtualNode.__uids'))
        throw new Error('j-component virtualnode changed: update the preview patch');
      return { contents: patched, loader: 'js' };
    });
    b.onLoad({ filter: /j-component[\\/]src[\\/]componentmanager\.js$/ }, (args) => {
      const src = fs.readFileSync(args.path, 'utf8');
      // Write `id` attributes to the DOM (WeChat does; handy for styles and for tests).
      let patched = src.replace('writeIdToDOM: false', 'writeIdToDOM: true');
      // Render setData asynchronously, as WeChat does (the view thread applies it after the handler returns):
      // `this.data` changes at once, the DOM in a microtask. Rendering synchronously inside an event handler
      // re-uses the tapped node for another element mid-dispatch (e.g. 下一步 turning into 上一步, which then
      // receives the same tap).
      patched = patched
        .replace(
          'const newVt = this._generateFunc({data}) // 生成新虚拟树',
          'this._latestData = data // rendered later (see the preview patch below)',
        )
        .replace(
          '    diff.diffVt(this._vt, newVt)\n    this._vt = newVt\n  }',
          [
            '    if (this._renderPending) return',
            '    this._renderPending = true',
            '    Promise.resolve().then(() => {',
            '      this._renderPending = false',
            '      const newVt = this._generateFunc({data: this._latestData})',
            '      diff.diffVt(this._vt, newVt)',
            '      this._vt = newVt',
            '    })',
            '  }',
          ].join('\n'),
        );
      if (!patched.includes('writeIdToDOM: true') || !patched.includes('_renderPending')) {
        throw new Error('j-component componentmanager changed: update the preview patch');
      }
      return { contents: patched, loader: 'js' };
    });
  },
};

/** Bundle one of the preview's browser entries (`client/shell/main.ts`, `client/runtime/main.ts`). */
export async function buildClient(entry: string): Promise<Buffer> {
  const result = await build({
    entryPoints: [entry],
    write: false,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
    sourcemap: 'inline',
    plugins: [patchJComponent],
    define: { global: 'window', 'process.env.NODE_ENV': '"development"' },
    logLevel: 'silent',
    absWorkingDir: REPO_ROOT,
  });
  return Buffer.from(result.outputFiles[0].contents);
}
