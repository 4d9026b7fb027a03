/**
 * Every case type the functions know: the composition root of the engine (the engine itself never imports a
 * programme). A new type adds ONE import line here (its module calls `registerCaseType` when loaded); the
 * function entries that run cases (`cases`, `scheduler`) import this file.
 */
import './cases/types/appeal';
import './cases/types/consultation';
import './aid/case-types';
import './tasks/types';
import './posts/types';
import './founding/types';
import './agreements/case-type';

export { caseTypes, findCaseType } from './cases/registry';
