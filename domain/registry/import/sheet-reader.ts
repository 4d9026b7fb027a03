/**
 * A streaming reader of one xlsx worksheet. Entries are inflated by Node's zlib and decoded as UTF-8 by a
 * string decoder, so a character split between two chunks stays whole (exceljs's streaming reader decodes
 * each chunk on its own and corrupts a Chinese character at a chunk boundary, about one row in 4,000 of a
 * large workbook). SpreadsheetML is machine-written and regular: rows and cells are scanned with regular
 * expressions chunk by chunk (several times faster than a SAX parser on a 70 MB sheet), so a sheet of
 * 185,560 rows is never in memory as a document. Reports each row's cells (shared strings resolved,
 * date-formatted numbers as dates), formulas, and merged cells.
 */
import type { RawCell } from './cells';
import { entryString, entryText, type ZipEntry } from './zip';

/** What the sheet reader hands on for one row: its number and its cells by column (1 = A). */
export interface XlsxRow {
  line: number;
  cells: Map<number, RawCell>;
  /** Columns whose cell holds a formula. */
  formulas: number[];
}

export interface SheetEvents {
  /** A row of the sheet (rows without any cell included); may be async (the reader waits). */
  row(row: XlsxRow): void | Promise<void>;
  /** A merged range (`A1:B2`). */
  merge(ref: string): void;
}

/** Built-in number formats that show a date (ECMA-376 18.8.30, and the CJK date formats 27–36, 50–58). */
const BUILTIN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** True for a number format code that shows a date or time. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}

/** Column number of a cell reference (`AB12` → 28). */
export function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i += 1) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML text with its entities resolved. */
export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : ENTITIES[e],
  );
}

const attr = (attrs: string, name: string): string | undefined =>
  new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];

/** The text of the `<t>` elements of a string item (rich-text runs joined; phonetic runs left out). */
function textOf(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += m[1];
  return unescapeXml(out);
}

/**
 * Scan an entry's text for complete elements matched by `re` (which must be global), chunk by chunk, keeping
 * an unfinished element for the next chunk. `each` may be async; `also` sees every chunk's text.
 */
async function scan(
  buffer: Buffer,
  entry: ZipEntry,
  re: RegExp,
  each: (m: RegExpExecArray) => void | Promise<void>,
  also?: (text: string) => void,
): Promise<void> {
  let rest = '';
  for await (const chunk of entryText(buffer, entry) as AsyncIterable<string>) {
    const text = rest + chunk;
    also?.(text);
    re.lastIndex = 0;
    let end = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      end = re.lastIndex;
      await each(m);
    }
    rest = text.slice(end);
    // Nothing matched in a long stretch: keep only what could start an element.
    if (rest.length > 1_000_000) rest = rest.slice(rest.lastIndexOf('<'));
  }
}

/** The shared strings of a workbook. */
async function sharedStrings(buffer: Buffer, entries: ReadonlyMap<string, ZipEntry>): Promise<string[]> {
  const entry = entries.get('xl/sharedStrings.xml');
  if (!entry) return [];
  const out: string[] = [];
  await scan(buffer, entry, /<si>([\s\S]*?)<\/si>|<si\/>/g, (m) => void out.push(m[1] ? textOf(m[1]) : ''));
  return out;
}

/** Which cell styles (by index) show dates. */
async function dateStyles(buffer: Buffer, entries: ReadonlyMap<string, ZipEntry>): Promise<Set<number>> {
  const entry = entries.get('xl/styles.xml');
  const out = new Set<number>();
  if (!entry) return out;
  const xml = await entryString(buffer, entry);
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    custom.set(Number(attr(m[1], 'numFmtId')), unescapeXml(attr(m[1], 'formatCode') ?? ''));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
  let index = 0;
  for (const m of cellXfs.matchAll(/<xf\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    if (BUILTIN_DATES.has(id) || isDateFormat(custom.get(id) ?? '')) out.add(index);
    index += 1;
  }
  return out;
}

/** A date from an Excel serial day number (1900 or 1904 system). */
function excelDate(serial: number, date1904: boolean): Date {
  const base = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(base + Math.round(serial * 86_400_000));
}

interface Lookups {
  strings: readonly string[];
  dates: ReadonlySet<number>;
  date1904: boolean;
}

function cellValue(attrs: string, body: string, x: Lookups): RawCell {
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') return textOf(body);
  const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (v === undefined) return null;
  switch (type) {
    case 's':
      return x.strings[Number(v)] ?? null;
    case 'str':
      return unescapeXml(v);
    case 'b':
      return v === '1' || v === 'true';
    case 'e':
      return { error: unescapeXml(v) };
    default: {
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return unescapeXml(v);
      return x.dates.has(Number(attr(attrs, 's') ?? 0)) ? excelDate(n, x.date1904) : n;
    }
  }
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

/**
 * Read the worksheet `entryName` of the archive in `buffer`, calling `events.row` for each row in order
 * (awaiting it) and `events.merge` for each merged range.
 */
export async function readSheet(
  buffer: Buffer,
  entries: ReadonlyMap<string, ZipEntry>,
  entryName: string,
  events: SheetEvents,
): Promise<void> {
  const entry = entries.get(entryName);
  if (!entry) throw new Error(`no worksheet ${entryName}`);
  const book = entries.get('xl/workbook.xml');
  const date1904 = book
    ? /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"/.test(await entryString(buffer, book))
    : false;
  const [strings, dates] = await Promise.all([sharedStrings(buffer, entries), dateStyles(buffer, entries)]);
  const x: Lookups = { strings, dates, date1904 };
  let lastLine = 0;
  await scan(
    buffer,
    entry,
    ROW,
    async (m) => {
      const r = Number(attr(m[1], 'r'));
      lastLine = Number.isInteger(r) && r > 0 ? r : lastLine + 1;
      const row: XlsxRow = { line: lastLine, cells: new Map(), formulas: [] };
      let col = 0;
      for (const c of (m[2] ?? '').matchAll(CELL)) {
        const ref = attr(c[1], 'r');
        col = ref ? columnOf(ref) : col + 1;
        const body = c[2] ?? '';
        if (/<f\b/.test(body)) row.formulas.push(col);
        const value = cellValue(c[1], body, x);
        if (value !== null) row.cells.set(col, value);
      }
      await events.row(row);
    },
    (text) => {
      if (text.includes('<mergeCell')) {
        const ref = /<mergeCell\b[^>]*\bref="([^"]+)"/.exec(text)?.[1];
        if (ref) events.merge(ref);
      }
    },
  );
}
