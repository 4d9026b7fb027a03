/**
 * The engine's writes, one module per job: `submit.ts` (a new case), `act.ts` (a transition, compare-and-set on
 * the case `version`), `escalate.ts` (the timer's overdue step), `hooks.ts` (a type's side effects and their
 * incidents), `forms.ts` (a type's form). Each write is one database transaction (case + history entry + message +
 * pending notifications); notifications are sent after the commit, a failure becomes an incident, never a
 * half-changed case. Other modules import the engine's writes from here.
 */
export { casePerson, selfFiling, submitCase, type Filing } from './submit';
export { actOnCase, commitStep, type ActRequest } from './act';
export { escalateOverdue } from './escalate';
export { HOOK_ATTEMPTS, retryCaseIncident } from './hooks';
export { changedFields, formFiles, parseForm, requireCaseType, type EngineOptions, type ImageChecker } from './forms';
export { statusNotification } from './notify';
export { CASES } from './store';
