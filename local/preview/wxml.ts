/**
 * WXML preparation for the preview's template engine (j-component's compiler): what WeChat's compiler resolves
 * from other files is resolved here — `<include src>` is inlined and `<wxs src>` gets the module's code inline.
 * The markup itself is served unchanged otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Problems found while preparing a template (shown in the preview's developer panel). */
export interface WxmlNote {
  file: string;
  message: string;
}

function resolveRef(fromFile: string, ref: string, root: string, ext: string): string {
  const base = ref.startsWith('/') ? path.join(root, ref) : path.resolve(path.dirname(fromFile), ref);
  return base.endsWith(ext) ? base : base + ext;
}

/** Read `file` and inline what it pulls in from other files. */
export function readWxml(file: string, root: string, notes: WxmlNote[] = [], depth = 0): string {
  if (!fs.existsSync(file)) {
    notes.push({ file: path.relative(root, file), message: 'missing file' });
    return '';
  }
  let text = fs.readFileSync(file, 'utf8');
  text = text.replace(/<include\s+src\s*=\s*["']([^"']+)["']\s*\/?>(\s*<\/include>)?/g, (_m, ref: string) => {
    if (depth > 8) return '';
    return readWxml(resolveRef(file, ref, root, '.wxml'), root, notes, depth + 1);
  });
  text = text.replace(
    /<wxs\s+([^>]*?)src\s*=\s*["']([^"']+)["']([^>]*?)(\/>|>\s*<\/wxs>)/g,
    (_m, before: string, ref: string, after: string) => {
      const target = resolveRef(file, ref, root, '.wxs');
      if (!fs.existsSync(target)) {
        notes.push({ file: path.relative(root, file), message: `wxs module not found: ${ref}` });
        return '';
      }
      const code = fs.readFileSync(target, 'utf8');
      return `<wxs ${before.trim()} ${after.trim()}>${code}</wxs>`;
    },
  );
  if (/<import\s/.test(text) || /<template\s+is=/.test(text)) {
    notes.push({ file: path.relative(root, file), message: '<import>/<template is> are not supported by the preview' });
  }
  return text;
}
