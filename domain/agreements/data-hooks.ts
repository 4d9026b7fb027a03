/**
 * A person's rights over their role as an enterprise union's contact (`unit_contacts`, see `contacts.ts`), declared
 * beside the collective-contract declaration and loaded by the `people` function through `domain/catalog-data.ts`.
 *
 * - Export (`people.viewMyData`): the enterprises whose union names them as a contact.
 * - Erasure (a carried-out deletion request): they are taken off every enterprise's contacts (the town names
 *   someone else); audited as `unitContacts.erase` with the number of enterprises, no personal data.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll } from '../runtime/paging';
import { writeAudit } from '../audit/audit';
import { declareDataHooks, type DataSubject, type ExportSection } from '../cases/type-hooks';
import { UNITS, type UnitRecord } from '../registry/store';
import { UNIT_CONTACTS, type UnitContactsDoc } from './contacts';

/** The enterprises that name the person as a contact (`personIds` holds them: an array match). */
const namingThem = (ctx: HandlerContext, personId: string) =>
  readAll<UnitContactsDoc>(ctx.db, UNIT_CONTACTS, { personIds: personId });

async function exportContacts(ctx: HandlerContext, subject: DataSubject): Promise<ExportSection[]> {
  const docs = await namingThem(ctx, subject.personId);
  if (!docs.length) return [];
  const units = await readAll<UnitRecord>(ctx.db, UNITS, { _id: ctx.db.command.in(docs.map((d) => d._id)) });
  const names = new Map(units.map((u) => [u._id, u.name]));
  return [
    {
      title: '单位工会联系人',
      lines: docs.map((d) => ({
        label: '接收集体合同提醒的单位',
        value: names.get(d._id) ?? '（单位已不在登记中）',
      })),
    },
  ];
}

declareDataHooks(['collective_contract'], {
  erasure: {
    erase: async (ctx, subject, actor) => {
      const docs = await namingThem(ctx, subject.personId);
      for (const d of docs)
        await ctx.db
          .collection(UNIT_CONTACTS)
          .doc(d._id)
          .update({ data: { personIds: ctx.db.command.pull(subject.personId), updatedAt: ctx.now() } });
      if (docs.length)
        await writeAudit(ctx, {
          action: 'unitContacts.erase',
          targetType: 'person',
          targetId: subject.personId,
          detail: { units: docs.length },
          actor,
        });
    },
  },
  dataExport: (ctx, subject) => exportContacts(ctx, subject),
});
