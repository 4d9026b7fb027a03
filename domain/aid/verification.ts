/** Reference checks of an application's subject against every imported dataset, with each dataset's import date. */
import {
  REFERENCE_DATASETS,
  type ReferenceDataset,
  type VerificationCheck,
  type VerificationSource,
} from '../../typings/aid';
import { archiveLookup } from '../registry/archive';
import type { HandlerContext } from '../runtime/context';
import {
  REFERENCE_COLLECTION,
  REFERENCE_IMPORTS,
  verifyAgainstReferences,
  type BusinessReferenceDoc,
  type PersonReferenceDoc,
  type VerificationLookups,
  type VerificationSubject,
} from './reference';
import { findById } from './store';

/** When each reference dataset was last imported. */
async function importedAt(ctx: HandlerContext): Promise<Partial<Record<VerificationSource, string>>> {
  const out: Partial<Record<VerificationSource, string>> = { hardship_archive: ctx.now().toISOString() };
  await Promise.all(
    REFERENCE_DATASETS.map(async (dataset) => {
      const { data } = await ctx.db
        .collection(REFERENCE_IMPORTS)
        .where({ dataset })
        .orderBy('importedAt', 'desc')
        .limit(1)
        .get();
      if (data[0]) out[dataset] = String(data[0].importedAt);
    }),
  );
  return out;
}

/** Look the subject up in every imported dataset and compare. */
export async function runVerification(ctx: HandlerContext, subject: VerificationSubject): Promise<VerificationCheck[]> {
  const at = await importedAt(ctx);
  const get = <T>(dataset: ReferenceDataset, id: string | undefined) =>
    at[dataset] && id ? findById<T>(ctx.db, REFERENCE_COLLECTION[dataset], id) : Promise.resolve(undefined);
  const [household, childHousehold, civilAffairs, hardshipArchive, business] = await Promise.all([
    get<PersonReferenceDoc>('household', subject.applicant.idIndex),
    get<PersonReferenceDoc>('household', subject.child?.idIndex),
    get<PersonReferenceDoc>('civil_affairs', subject.applicant.idIndex),
    archiveLookup(ctx, subject.applicant.idIndex),
    get<BusinessReferenceDoc>('business', subject.unit?.creditCode),
  ]);
  const lookups: VerificationLookups = {
    importedAt: at,
    household,
    childHousehold,
    civilAffairs,
    hardshipArchive,
    business,
  };
  return verifyAgainstReferences(subject, lookups);
}
