// Every case type and its data hooks: a person's data export and erasure run what each type declares.
import '../../domain/catalog-data';
import { createFunction } from '../../domain/runtime';
import { peopleHandlers } from '../../domain/people/handlers';
import { peopleContract } from '../../typings/people';

export const main = createFunction('people', peopleContract, peopleHandlers, {
  // Not createOnBehalf: its result holds the one-time claim code, which must not be stored in `requests`.
  idempotent: ['saveProfile', 'claimProfile', 'requestDeletion', 'recordConsent'],
});
