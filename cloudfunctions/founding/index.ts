import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { foundingHandlers } from '../../domain/founding/handlers';
import { foundingContract } from '../../typings/founding';

export const main = createFunction('founding', foundingContract, foundingHandlers);
