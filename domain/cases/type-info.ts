/**
 * What the mini-program learns of each case type from `cases.types`: everything it needs to list, open, file and
 * act on it, taken from the declarations alone (the mini-program keeps no list of types).
 */
import type { CaseTypeClient, CaseTypeInfo } from '../../typings/cases';
import type { AnyCaseType } from './declaration';
import { caseTypes } from './registry';
import { verbLabel } from './verbs';
import { inputInfo } from './inputs';
import type { FieldDisplay } from './declaration';

/** The generic page a case opens on. */
export const CASE_PAGE = '/pages/case/index';

/** A type's client settings with the defaults filled in. */
export function clientOf(decl: AnyCaseType): CaseTypeClient {
  const c = decl.client ?? {};
  return {
    ...c,
    detailPage: c.detailPage ?? CASE_PAGE,
    queue: { label: c.queue?.label ?? decl.title, title: c.queue?.title ?? '待办事项' },
    onHome: c.onHome ?? true,
  };
}

/** One type as `cases.types` serves it. */
export function typeInfo(decl: AnyCaseType): CaseTypeInfo {
  const initiation = decl.initiation ?? { by: 'person' };
  const rules = Object.values(decl.states).flatMap((s) => Object.entries(s.actions));
  const verbs = [...new Set(rules.map(([verb]) => verb))];
  const inputsOf = (verb: string) => {
    const rule = rules.find(([v, r]) => v === verb && r?.inputs)?.[1];
    return rule ? inputInfo(rule) : [];
  };
  return {
    type: decl.type,
    title: decl.title,
    categories: decl.categories.map((c) => ({ ...c })),
    personFiled: initiation.by === 'person' && decl.clientSubmit !== false,
    onBehalf: [...(decl.onBehalf ?? [])],
    issuedBy: initiation.by === 'staff' ? [...initiation.roles] : [],
    client: clientOf(decl),
    states: Object.entries(decl.states).map(([key, s]) => ({ key, label: s.label })),
    stages: Object.entries(decl.stages ?? {}).map(([key, s]) => ({ key, label: s.label })),
    verbs: verbs.map((verb) => ({ verb, label: verbLabel(decl, verb), inputs: inputsOf(verb) })),
    fields: (Object.entries(decl.display) as [string, FieldDisplay | undefined][]).flatMap(([key, d]) =>
      d
        ? [{ key, label: d.label, format: d.format ?? 'text', ...(d.options ? { options: { ...d.options } } : {}) }]
        : [],
    ),
  };
}

/** Every registered type as `cases.types` serves it. */
export function typeInfos(): CaseTypeInfo[] {
  return caseTypes().map(typeInfo);
}
