import { createFunction } from '../../domain/runtime';
import { aidHandlers, aidTimer, AID_IDEMPOTENT } from '../../domain/aid/handlers';
import { aidContract } from '../../typings/aid';

export const main = createFunction('aid', aidContract, aidHandlers, { idempotent: AID_IDEMPOTENT, onTimer: aidTimer });
