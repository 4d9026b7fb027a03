/**
 * One calendar-date schema (`typings/dates.ts`) for every date field: impossible days are refused with a message
 * naming the field, on the phone and in the function alike. Every date field of every contract is found by walking
 * the contracts' schemas, and no contract checks a date any other way.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { CalendarDate, contracts } from '../../typings';

const IMPOSSIBLE = ['2026-02-30', '2026-13-01', '2025-02-29', '0000-00-00', '2026-04-31', '2026-00-10'];
const MALFORMED = ['2026-2-1', '2026/02/01', '20260201', '２０２６-０２-０１', '2026-02-01\u200b', '', '   '];

describe('CalendarDate', () => {
  const schema = CalendarDate('走访日期');

  it.each(IMPOSSIBLE)('should refuse the impossible day %p, naming the field', (value) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/^走访日期/);
  });

  it.each(MALFORMED)('should refuse the malformed %p with a message a person understands', (value) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/走访日期/);
  });

  it.each([['2024-02-29'], ['2026-12-31'], ['1900-01-01'], [' 2026-03-01 ']])('should accept %p', (value) => {
    expect(schema.parse(value)).toBe(value.trim());
  });

  it('should refuse years outside 1900–2100 and values that are not text', () => {
    expect(schema.safeParse('1899-12-31').success).toBe(false);
    expect(schema.safeParse('2101-01-01').success).toBe(false);
    expect(schema.safeParse(20260301).success).toBe(false);
    expect(schema.safeParse({ $ne: null }).success).toBe(false);
  });
});

/** Every leaf of a schema with its dotted path (through objects, optionals, defaults, arrays, pipes, unions). */
function leaves(schema: z.ZodType, at: string, out: Array<[string, z.ZodType]> = []): Array<[string, z.ZodType]> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>))
        leaves(v, at ? `${at}.${k}` : k, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
      leaves(def.innerType as z.ZodType, at, out);
      break;
    case 'array':
      leaves(def.element as z.ZodType, `${at}[]`, out);
      break;
    case 'pipe': {
      // A field refined by a transform (string → checked value) is the leaf; an object with a transform is not.
      const inner = (def.in as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      if (['object', 'array', 'optional', 'nullable', 'default', 'union', 'pipe'].includes(inner)) {
        leaves(def.in as z.ZodType, at, out);
      } else out.push([at, schema]);
      break;
    }
    case 'union':
      for (const o of def.options as z.ZodType[]) leaves(o, at, out);
      break;
    default:
      out.push([at, schema]);
  }
  return out;
}

/** Field names that hold a calendar date. */
const DATE_FIELD = /(^|\.)(date|[a-z]+On|[a-z]+Since|holidays\[\]|workdays\[\])$/;

describe('every date field of every contract', () => {
  const fields = Object.entries(contracts).flatMap(([fn, contract]) =>
    Object.entries(contract as Record<string, { input: z.ZodType }>).flatMap(([action, spec]) =>
      leaves(spec.input, '')
        .filter(([p]) => DATE_FIELD.test(p))
        .map(([p, s]) => [`${fn}.${action} ${p}`, s] as [string, z.ZodType]),
    ),
  );
  const unique = [...new Map(fields.map((f) => [f[0], f])).values()];

  it('should find the known date fields', () => {
    const names = unique.map((f) => f[0]);
    for (const known of [
      'cases.setHoliday date',
      'aid.addHomeVisit visitedOn',
      'aid.saveRound config.opensOn',
      'aid.recordPayment paidOn',
      'aid.submit applicant.employedSince',
    ]) {
      expect(names.some((n) => n.startsWith(known.split(' ')[0]) && n.endsWith(known.split(' ')[1]))).toBe(true);
    }
  });

  it.each(unique)('%s refuses impossible days and takes real ones', (_name, schema) => {
    for (const bad of IMPOSSIBLE) expect(schema.safeParse(bad).success).toBe(false);
    expect(schema.safeParse('2024-02-29').success).toBe(true);
  });
});

describe('one schema for dates', () => {
  it('should leave no other date pattern in the contracts', () => {
    const dir = path.resolve(__dirname, '..', '..', 'typings');
    const offenders = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && f !== 'dates.ts')
      .filter((f) => /\\d\{4\}-\\d\{2\}-\\d\{2\}|\\d\{4\}-\\d\{1,2\}/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
