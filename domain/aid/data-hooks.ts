/**
 * The aid programmes' data hooks, declared beside their declarations (`case-types.ts`) because they move cases:
 * a carried-out deletion request refuses while an approved application is being published or paid, then erases
 * (`erasure.ts`); the person's data export lists their applications (`data-export.ts`). One hook object for both
 * programmes, so each runs once. Loaded by the `people` function through `domain/catalog-data.ts`.
 */
import { declareDataHooks } from '../cases/type-hooks';
import { assertAidErasable, eraseAidData } from './erasure';
import { exportAidData } from './data-export';
import { PROGRAMMES } from '../../typings/aid';

declareDataHooks(PROGRAMMES, {
  erasure: {
    assertErasable: (ctx, personId) => assertAidErasable(ctx, personId),
    erase: (ctx, subject, actor) => eraseAidData(ctx, subject, actor),
  },
  dataExport: (ctx, subject) => exportAidData(ctx, subject.personId),
});
