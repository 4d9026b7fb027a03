import { createFunction } from '../../domain/runtime';
import { staffHandlers } from '../../domain/people/handlers';
import { staffContract } from '../../typings/people';

export const main = createFunction('staff', staffContract, staffHandlers, {
  // Not issueInvitation: its result holds the invitation code, which must not be stored in `requests`.
  idempotent: ['redeemInvitation', 'revokeRole'],
});
