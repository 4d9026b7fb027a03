/**
 * The erasure of appeals and consultations, declared beside their declarations because it withdraws open cases (it
 * needs the whole engine): see `../own-cases-erasure.ts`. Their data export is light and sits on the declarations.
 * Loaded by the `people` function through `domain/catalog-data.ts`.
 */
import { declareDataHooks } from '../type-hooks';
import { ownCasesErasure } from '../own-cases-erasure';
import './appeal';
import './consultation';

for (const type of ['appeal', 'consultation']) declareDataHooks([type], { erasure: ownCasesErasure(type) });
