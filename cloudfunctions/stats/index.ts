import '../../domain/catalog';
import '../../domain/stats/catalog';
import { createFunction } from '../../domain/runtime';
import { statsHandlers } from '../../domain/stats/handlers';
import { statsContract } from '../../typings/stats';

export const main = createFunction('stats', statsContract, statsHandlers);
