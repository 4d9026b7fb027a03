import { createFunction } from '../../domain/runtime';
import { gridHandlers } from '../../domain/grid/handlers';
import { gridContract } from '../../typings/grid';

export const main = createFunction('grid', gridContract, gridHandlers);
