/**
 * Every cloud function's contract, by function name. The mini-program's `callApi` and each
 * function's handlers are typed from this map, so a renamed field breaks the build, not a user.
 */
import { gridContract } from './grid';
import { peopleContract, staffContract } from './people';
import { casesContract } from './cases';
import { schedulerContract } from './scheduler';
import { libraryContract } from './library';
import { aidContract } from './aid';
import { registryContract } from './registry';
import { tasksContract } from './tasks';
import { postsContract } from './posts';
import { foundingContract } from './founding';
import { agreementsContract } from './agreements';
import { statsContract } from './stats';

export * from './api';
export * from './dates';
export * from './fields';
export * from './grid';
export * from './people';
export * from './cases';
export * from './scheduler';
export * from './library';
export * from './aid';
export * from './registry';
export * from './tasks';
export * from './posts';
export * from './founding';
export * from './agreements';
export * from './stats';

export const contracts = {
  grid: gridContract,
  people: peopleContract,
  staff: staffContract,
  cases: casesContract,
  scheduler: schedulerContract,
  library: libraryContract,
  aid: aidContract,
  registry: registryContract,
  tasks: tasksContract,
  posts: postsContract,
  founding: foundingContract,
  agreements: agreementsContract,
  stats: statsContract,
};

export type Contracts = typeof contracts;
export type FunctionName = keyof Contracts;
export type ActionName<F extends FunctionName> = keyof Contracts[F] & string;
