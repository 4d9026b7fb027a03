/** Handlers of the `people` and `staff` functions, wired from the domain modules. */
import type { Handlers } from '../runtime/function';
import type { peopleContract, staffContract } from '../../typings/people';
import { correctMyData, me, recordConsent, requestDeletion, saveProfile, viewMyData } from './profile';
import { claimProfile, createOnBehalf, reissueClaimCode } from './collector';
import { searchPeople, viewPerson } from './directory';
import { listDataRequests, resolveDataRequest } from './requests';
import { listPersonConsents, recordConsentOnBehalf } from './consents';
import { issueInvitation, listInvitations, listStaff, myRoles, redeemInvitation, revokeRole } from './staff';

export const peopleHandlers: Handlers<typeof peopleContract> = {
  me: (_input, ctx) => me(ctx),
  saveProfile,
  viewMyData: (_input, ctx) => viewMyData(ctx),
  correctMyData,
  requestDeletion,
  recordConsent,
  createOnBehalf,
  reissueClaimCode,
  claimProfile,
  recordConsentOnBehalf,
  listConsents: listPersonConsents,
  searchPeople,
  viewPerson,
  listDataRequests: (_input, ctx) => listDataRequests(ctx),
  resolveDataRequest,
};

export const staffHandlers: Handlers<typeof staffContract> = {
  myRoles: (_input, ctx) => myRoles(ctx),
  issueInvitation,
  redeemInvitation,
  revokeRole,
  listStaff,
  listInvitations: (_input, ctx) => listInvitations(ctx),
};
