/** Build the cloud functions once before any test runs: integration tests load the built bundles. */
import { buildFunction, functionNames } from '../../scripts/build-functions';

export default async function globalSetup(): Promise<void> {
  for (const name of functionNames()) await buildFunction(name);
}
