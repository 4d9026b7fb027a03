/**
 * Every case type the functions know. A new programme adds ONE import line here (its module calls
 * `registerCaseType` when loaded); nothing else in the engine changes.
 */
import './types/appeal';
import './types/consultation';
// Aid programmes (student_aid, hardship_aid) register from domain/aid/: add `import '../aid/<module>';` here.

export { caseTypes, findCaseType } from './registry';
