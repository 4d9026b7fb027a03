/**
 * WXSS → CSS for the browser preview, the way WeChat's compiler treats a page's or component's styles:
 * `@import` inlined, `rpx` scaled for a 375 px-wide phone (1rpx = 0.5px), built-in tag selectors (`view`, `button`,
 * `page`...) mapped to the preview's elements (`wx-view`, `wx-button`, `wx-page`), and class selectors prefixed
 * (`.card` → `.P--card`) to match the class prefix the runtime gives the component (style isolation).
 */
import fs from 'node:fs';
import path from 'node:path';

/** Phone width the preview renders at; rpx are 1/750 of it. */
export const PHONE_WIDTH = 375;

/** WeChat built-in components; a tag selector naming one becomes `wx-<tag>`. */
export const BUILTIN_TAGS = [
  'view',
  'text',
  'image',
  'button',
  'input',
  'textarea',
  'picker',
  'picker-view',
  'picker-view-column',
  'radio',
  'radio-group',
  'checkbox',
  'checkbox-group',
  'switch',
  'slider',
  'form',
  'label',
  'navigator',
  'scroll-view',
  'swiper',
  'swiper-item',
  'icon',
  'progress',
  'rich-text',
  'video',
  'audio',
  'map',
  'canvas',
  'camera',
  'movable-area',
  'movable-view',
  'cover-view',
  'cover-image',
  'web-view',
  'editor',
  'page',
];
const TAG_SET = new Set(BUILTIN_TAGS);

/** `12rpx` → `6px` (at 375 px). Also used for inline styles by the runtime (same formula). */
export function rpxToPx(css: string, width = PHONE_WIDTH): string {
  return css.replace(/(-?\d*\.?\d+)rpx\b/g, (_m, n: string) => `${+(Number(n) * (width / 750)).toFixed(4)}px`);
}

/** Inline `@import "x.wxss";` (relative to `file`), recursively, once per file. */
export function readWxss(file: string, seen = new Set<string>()): string {
  if (seen.has(file) || !fs.existsSync(file)) return '';
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  return text.replace(/@import\s+(?:url\()?\s*["']([^"']+)["']\s*\)?\s*;/g, (_m, rel: string) => {
    const target = rel.startsWith('/') ? rel : path.join(path.dirname(file), rel);
    const resolved = target.endsWith('.wxss') ? target : `${target}.wxss`;
    return readWxss(path.isAbsolute(rel) ? resolved : path.resolve(resolved), seen);
  });
}

/** Split on top-level commas (not inside parentheses or brackets). */
function splitSelectors(selectorList: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selectorList) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Rewrite one selector: built-in tags → `wx-*`, `page` → the page root, classes prefixed. */
export function transformSelector(selector: string, prefix: string | null): string {
  // Leave attribute selectors' contents alone: take them out, transform, put them back.
  const attrs: string[] = [];
  let s = selector.replace(/\[[^\]]*\]/g, (m) => {
    attrs.push(m);
    return `\u0000${attrs.length - 1}\u0000`;
  });
  s = s.replace(/(^|[\s>+~(,])([a-z][a-z0-9-]*)(?=$|[\s>+~.#:\u0000),])/g, (m, pre: string, tag: string) => {
    if (!TAG_SET.has(tag)) return m;
    if (tag === 'page') return `${pre}wx-page`;
    return `${pre}wx-${tag}`;
  });
  if (prefix) s = s.replace(/\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)/g, (_m, cls: string) => `.${prefix}--${cls}`);
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => attrs[Number(i)]);
}

/**
 * Transform a stylesheet. `prefix` null leaves class names as written (for styles that are not isolated).
 * Rules inside `@keyframes`/`@font-face` are left as they are; `@media`/`@supports` blocks are walked.
 */
export function transformWxss(css: string, prefix: string | null): string {
  const src = rpxToPx(css.replace(/\/\*[\s\S]*?\*\//g, ''));
  let out = '';
  let i = 0;
  const walk = (end: number, transformRules: boolean): void => {
    while (i < end) {
      const open = src.indexOf('{', i);
      const close = src.indexOf('}', i);
      if (close !== -1 && close < end && (open === -1 || close < open)) {
        // stray close brace: end of an enclosing block, handled by the caller
        return;
      }
      if (open === -1 || open >= end) {
        out += src.slice(i, end);
        i = end;
        return;
      }
      let head = src.slice(i, open).trim();
      const semi = head.lastIndexOf(';');
      if (semi !== -1) {
        out += `${head.slice(0, semi + 1)}\n`;
        head = head.slice(semi + 1).trim();
      }
      // A block: find its matching close brace.
      let depth = 1;
      let j = open + 1;
      while (j < src.length && depth > 0) {
        if (src[j] === '{') depth++;
        else if (src[j] === '}') depth--;
        j++;
      }
      const body = src.slice(open + 1, j - 1);
      if (head.startsWith('@')) {
        const nested = /^@(media|supports|document|container)\b/.test(head);
        if (nested) {
          out += `${head}{`;
          const saved = i;
          i = open + 1;
          walk(j - 1, transformRules);
          i = saved;
          out += '}\n';
        } else out += `${head}{${body}}\n`;
      } else if (transformRules) {
        const sel = splitSelectors(head)
          .map((x) => transformSelector(x, prefix))
          .join(',');
        out += `${sel}{${body}}\n`;
      } else out += `${head}{${body}}\n`;
      i = j;
    }
  };
  walk(src.length, true);
  return out;
}
