import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { casesHandlers } from '../../domain/cases/handlers';
import { casesContract } from '../../typings/cases';

export const main = createFunction('cases', casesContract, casesHandlers, { idempotent: ['submit', 'act'] });
