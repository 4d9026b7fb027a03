import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { agreementsHandlers } from '../../domain/agreements/handlers';
import { agreementsContract } from '../../typings/agreements';

export const main = createFunction('agreements', agreementsContract, agreementsHandlers);
