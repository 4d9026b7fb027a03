/**
 * Every case type the functions know. A new programme adds ONE import line here (its module calls
 * `registerCaseType` when loaded); nothing else in the engine changes.
 */
import './types/appeal';
import './types/consultation';
import '../aid/case-types';

export { caseTypes, findCaseType } from './registry';
