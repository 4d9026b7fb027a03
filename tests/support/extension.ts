/**
 * Functions built with test-only case types: `cases` and `scheduler` bundled with the given declaration modules
 * injected (each registers itself), the other functions as built. The folder lives under `dist/` so the bundles
 * find the repository's `node_modules`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFunction, functionNames, OUT_DIR, ROOT } from '../../scripts/build-functions';

/** The functions that load case types: the ones a new type reaches. */
const CASE_FUNCTIONS = ['cases', 'scheduler'];

/** Build a functions folder whose case functions also know the types in `declarationFiles`; returns it. */
export async function buildFunctionsWith(declarationFiles: readonly string[]): Promise<string> {
  const outRoot = path.join(ROOT, 'dist', `test-functions-${process.pid}-${Date.now()}`);
  fs.mkdirSync(outRoot, { recursive: true });
  for (const name of functionNames()) {
    if (CASE_FUNCTIONS.includes(name)) await buildFunction(name, { outRoot, inject: [...declarationFiles] });
    else fs.cpSync(path.join(OUT_DIR, name), path.join(outRoot, name), { recursive: true });
  }
  return outRoot;
}

/** Remove a folder made by {@link buildFunctionsWith}. */
export function removeFunctions(dir: string): void {
  if (dir.includes(`${path.sep}dist${path.sep}test-functions-`)) fs.rmSync(dir, { recursive: true, force: true });
}
