/**
 * The registry of case types. A declaration registers itself when its module is imported; the
 * `cases` and `scheduler` functions import `domain/catalog`, which imports every declaration.
 */
import type { AnyCaseType } from './declaration';
import { isLabelled } from './verbs';

const registry = new Map<string, AnyCaseType>();

/** Register a case type (once; registering the same type twice is a programming error). */
export function registerCaseType(decl: AnyCaseType): AnyCaseType {
  const existing = registry.get(decl.type);
  if (existing && existing !== decl) throw new Error(`case type ${decl.type} registered twice`);
  validateDeclaration(decl);
  registry.set(decl.type, decl);
  return decl;
}

/** A registered case type, or undefined. */
export function findCaseType(type: string): AnyCaseType | undefined {
  return registry.get(type);
}

/** Every registered case type. */
export function caseTypes(): AnyCaseType[] {
  return [...registry.values()];
}

/** Check a declaration's internal consistency: every target state exists, terminal states have no staff deadline. */
export function validateDeclaration(decl: AnyCaseType): void {
  if (!/^[a-z][a-z_]{1,31}$/.test(decl.type)) throw new Error(`case type name ${decl.type} is invalid`);
  if (!decl.states[decl.initialState])
    throw new Error(`${decl.type}: initial state ${decl.initialState} is not declared`);
  for (const [name, state] of Object.entries(decl.states)) {
    if (state.terminal && state.timeLimitDays)
      throw new Error(`${decl.type}.${name}: a terminal state has no deadline`);
    for (const [action, rule] of Object.entries(state.actions)) {
      if (!/^[a-z][a-z_]{1,31}$/.test(action) || action === 'submit')
        throw new Error(`${decl.type}.${name}: ${action} is not a verb name`);
      if (!isLabelled(decl, action))
        throw new Error(`${decl.type}.${name}.${action} has no label (declare it in verbs)`);
      if (rule && typeof rule.to === 'string' && !decl.states[rule.to]) {
        throw new Error(`${decl.type}.${name}.${action} leads to undeclared state ${rule.to}`);
      }
      if (rule?.move === 'target' && rule.by === 'system')
        throw new Error(`${decl.type}.${name}.${action}: the system names no transfer target`);
      if (rule?.form === 'resubmit' && (rule.by === 'system' || rule.by.some((who) => who !== 'applicant')))
        throw new Error(`${decl.type}.${name}.${action}: only the applicant resubmits a form`);
      if (rule?.form === 'correct' && (rule.by === 'system' || rule.by.includes('applicant')))
        throw new Error(`${decl.type}.${name}.${action}: a correction is a staff action`);
    }
  }
  validateStages(decl);
  validateOverdueRuns(decl);
}

/** An `onOverdue: { run }` names a `by: 'system'` action of its own state, and the state has a deadline. */
function validateOverdueRuns(decl: AnyCaseType): void {
  for (const [name, state] of Object.entries(decl.states)) {
    const overdue = state.onOverdue;
    if (typeof overdue !== 'object') continue;
    if (state.actions[overdue.run]?.by !== 'system')
      throw new Error(`${decl.type}.${name}: onOverdue runs ${overdue.run}, which is not a system action of the state`);
    if (!state.timeLimitDays) throw new Error(`${decl.type}.${name}: onOverdue runs an action but has no deadline`);
  }
}

/** Stages name declared states, and no state is in two stages. */
function validateStages(decl: AnyCaseType): void {
  const seen = new Map<string, string>();
  for (const [stage, { states }] of Object.entries(decl.stages ?? {})) {
    for (const state of states) {
      if (!decl.states[state]) throw new Error(`${decl.type}: stage ${stage} names undeclared state ${state}`);
      const other = seen.get(state);
      if (other) throw new Error(`${decl.type}: state ${state} is in stages ${other} and ${stage}`);
      seen.set(state, stage);
    }
  }
}

/**
 * The time limit of a state in working days: the declaration's default, overridden by the project
 * variable `UNION_CASE_TIME_LIMITS` (JSON, e.g. `{"appeal.submitted": 2, "appeal.handling": 10}`).
 */
export function timeLimitDays(
  decl: AnyCaseType,
  state: string,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  const raw = env.UNION_CASE_TIME_LIMITS;
  if (raw) {
    try {
      const overrides = JSON.parse(raw) as Record<string, unknown>;
      const value = overrides[`${decl.type}.${state}`];
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 365) return value;
    } catch {
      // A malformed override falls back to the declared default.
    }
  }
  return decl.states[state]?.timeLimitDays;
}
