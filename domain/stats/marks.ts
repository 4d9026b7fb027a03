/**
 * Figures stamped on a case by the step that makes them, inside the step's own transaction (the engine adds
 * these fields to the case patch): the first response — the first time staff take the case out of a state where
 * it waited for them (an appeal accepted or refused, a consultation answered) — and how long it took. The
 * dashboards average `firstResponseMs` in the database.
 */
import type { AnyCaseType } from '../cases/declaration';
import type { CaseDoc } from '../cases/store';

export interface StepFacts {
  from: string | null;
  to: string;
  role: string;
}

export function stepMarks(
  decl: Pick<AnyCaseType, 'states'>,
  c: Pick<CaseDoc, 'createdAt' | 'firstResponseAt'>,
  step: StepFacts,
  at: Date,
): Partial<Pick<CaseDoc, 'firstResponseAt' | 'firstResponseMs'>> {
  if (c.firstResponseAt || step.role === 'applicant' || step.role === 'system' || !step.from) return {};
  const waited = decl.states[step.from]?.awaitingStaff;
  if (!waited || decl.states[step.to]?.awaitingStaff) return {};
  return { firstResponseAt: at, firstResponseMs: Math.max(0, at.getTime() - new Date(c.createdAt).getTime()) };
}
