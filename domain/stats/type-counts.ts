/**
 * The case types' declared counts (`counts` on a type, `domain/cases/type-hooks.ts`) as dashboard figures: the one
 * counting mechanism. A section names which of a type's counts it shows (a key prefix and an extra condition for a
 * per-round group); the figure's filter is `{ type, status ∈ states, …where }`, scoped like every figure by where
 * the case arose, and its list uses the same filter.
 */
import type { AnyCaseType } from '../cases/declaration';
import type { Filter } from '../runtime/db';
import type { CountSplit, FigureDecl, FigureEnv } from './declaration';

/** Every `<type>.<count key>` a section shows, with the figure keys it shows it under (a check for tests). */
const shown = new Map<string, Set<string>>();
export const shownCounts = (): ReadonlyMap<string, ReadonlySet<string>> => shown;

/** The filter of one of a type's counts (for a monthly trend of it). */
export function countWhere(decl: AnyCaseType, key: string): (env: FigureEnv) => Filter {
  const c = decl.counts?.find((x) => x.key === key);
  if (!c) throw new Error(`case type ${decl.type} declares no count "${key}"`);
  return (env) => ({
    type: decl.type,
    ...(c.states ? { status: env.cmd.in([...c.states]) } : {}),
    ...(c.where ? c.where(env) : {}),
  });
}

/** The counts `keys` of `decl` as figures (all of them when `keys` is omitted). */
export function countFigures(
  decl: AnyCaseType,
  keys?: readonly string[],
  opts: { prefix?: string; extra?: (env: FigureEnv) => Filter } = {},
): FigureDecl[] {
  const counts = decl.counts ?? [];
  return (keys ?? counts.map((c) => c.key)).map((key): FigureDecl => {
    const c = counts.find((x) => x.key === key);
    if (!c) throw new Error(`case type ${decl.type} declares no count "${key}"`);
    const figureKey = `${opts.prefix ?? ''}${c.key}`;
    const seen = shown.get(`${decl.type}.${c.key}`) ?? new Set<string>();
    shown.set(`${decl.type}.${c.key}`, seen.add(figureKey));
    const own = countWhere(decl, key);
    const where = (env: FigureEnv): Filter => ({ ...own(env), ...(opts.extra ? opts.extra(env) : {}) });
    const base = {
      key: figureKey,
      label: c.label,
      ...(c.hint ? { hint: c.hint } : {}),
      ...(c.alert ? { alert: true } : {}),
    };
    if (c.sum) return { ...base, kind: 'sum', unit: 'money', field: `form.${c.sum}`, where };
    // A count of states only: answered with the type's other such counts by one `$group` by status.
    const split: CountSplit | undefined = c.where
      ? undefined
      : {
          key: `${decl.type}|${opts.prefix ?? ''}|status`,
          base: (env) => ({ type: decl.type, ...(opts.extra ? opts.extra(env) : {}) }),
          field: 'status',
          values: c.states ? [...c.states] : null,
        };
    return { ...base, kind: 'count', where, ...(split ? { split } : {}) };
  });
}
