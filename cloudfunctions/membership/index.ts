import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { membershipHandlers } from '../../domain/membership/handlers';
import { membershipContract } from '../../typings/membership';

export const main = createFunction('membership', membershipContract, membershipHandlers, {
  idempotent: ['join', 'transfer'],
});
