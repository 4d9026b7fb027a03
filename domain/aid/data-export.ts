/**
 * A person's aid applications in their data export (`people.viewMyData`, through the aid declarations' export
 * hook): each application with its round, category, amount, progress in the words of the application page, and
 * the bank card by bank and last four digits. Identifiers stay masked as on the application page.
 */
import type { HandlerContext } from '../runtime/context';
import { readAll, readIn } from '../runtime/paging';
import { CASES, type CaseDoc } from '../cases/store';
import type { ExportSection } from '../cases/type-hooks';
import { chinaMinute } from '../../common/china-time';
import { CATEGORY_NAMES, PROGRAMME_NAMES } from '../../typings/aid';
import { yuan } from '../cases/submission';
import { stageLabelOf } from './stages';
import { AID_APPLICATIONS, PAYMENTS, type ApplicationDoc, type PaymentDoc } from './store';

/** The person's aid applications (erased ones left out: nothing is held of them but the payment record). */
export async function exportAidData(ctx: HandlerContext, personId: string): Promise<ExportSection[]> {
  const apps = (await readAll<ApplicationDoc>(ctx.db, AID_APPLICATIONS, { personId })).filter(
    (a) => a.caseId && !a.erased,
  );
  if (!apps.length) return [];
  const caseIds = apps.map((a) => a.caseId as string);
  const [cases, payments] = await Promise.all([
    readIn<CaseDoc>(ctx.db, CASES, '_id', caseIds, {}, { status: true }),
    readIn<PaymentDoc>(ctx.db, PAYMENTS, 'caseId', caseIds),
  ]);
  const statusOf = new Map(cases.map((c) => [c._id, c.status]));
  return apps
    .sort((a, b) => new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime())
    .map((a) => {
      const own = payments.filter((p) => p.caseId === a.caseId);
      const paid = own.find((p) => p.status === 'paid');
      const category = a.category ? (CATEGORY_NAMES[a.category as keyof typeof CATEGORY_NAMES] ?? '') : '';
      return {
        title: `${PROGRAMME_NAMES[a.programme]} · ${a.roundTitle}`,
        lines: [
          { label: '提交时间', value: chinaMinute(new Date(a.submittedAt)) },
          { label: '当前进度', value: stageLabelOf(a, statusOf.get(a.caseId as string) ?? null, own) },
          ...(category ? [{ label: '资助类别', value: category }] : []),
          { label: '拟资助金额', value: yuan(a.amountFen) },
          { label: '银行卡', value: `${a.bankCard.bankName}（尾号${a.bankCard.last4}）` },
          ...(paid?.paidOn ? [{ label: '发放日期', value: paid.paidOn }] : []),
        ],
      };
    });
}
