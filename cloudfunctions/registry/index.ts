import { createFunction } from '../../domain/runtime';
import { registryHandlers, registryTimer, REGISTRY_IDEMPOTENT } from '../../domain/registry/handlers';
import { registryContract } from '../../typings/registry';

export const main = createFunction('registry', registryContract, registryHandlers, {
  idempotent: REGISTRY_IDEMPOTENT,
  onTimer: registryTimer,
});
