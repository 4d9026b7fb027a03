/**
 * 我的申请 (aid): stage, amount, the eligibility reasons, dated steps, notice and payments, all as
 * the server masked them; after a failed payment, correct the bank card here; when a reviewer asked for
 * more information, open the form to correct and resubmit (`aid-apply?resubmit=`). `?id=<caseId>`.
 */
import { correctBankCard, getApplication, toApplicationView, type ApplicationDetailView } from '../../services/aid';
import { check, errorKey, type FieldErrors } from '../../utils/form';
import { CorrectBankCardInput } from '@union/contracts';
import { screen } from '../../behaviors/screen';
import { maxLengths } from '@union/contracts';

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(CorrectBankCardInput, { bankName: 'bankCard.bankName', holderName: 'bankCard.holderName' }),
    caseId: '',
    view: null as ApplicationDetailView | null,
    card: { number: '', bankName: '', holderName: '' },
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: query.id ?? '' });
      void this.load();
    },
    onShow() {
      // Back from correcting it (or any other page): show where it is now.
      if (this.data.view) void this.load();
    },
    async load() {
      if (!this.data.view) this.setData({ status: 'loading' });
      const result = await getApplication(this.data.caseId);
      if (!result.ok) {
        this.showLoadError(result, '没有找到这份申请。');
        return;
      }
      this.setData({ status: 'ready', view: toApplicationView(result.data) });
    },
    onResubmit() {
      wx.navigateTo({ url: `/pages/aid-apply/index?resubmit=${this.data.caseId}` });
    },
    onCard(
      e: WechatMiniprogram.CustomEvent<
        { value: string },
        Record<string, never>,
        { field: 'number' | 'bankName' | 'holderName' }
      >,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`card.${field}`]: e.detail.value, [`errors.bankCard_${field}`]: '' });
    },
    async onCorrect() {
      if (this.data.phase === 'sending') return;
      const input = { caseId: this.data.caseId, bankCard: this.data.card };
      const checked = check(CorrectBankCardInput, input);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      this.setData({ phase: 'sending' });
      const result = await correctBankCard(input);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ errors: { [result.field ? errorKey(result.field) : '_']: result.message } });
        return;
      }
      this.setData({ view: toApplicationView(result.data), card: { number: '', bankName: '', holderName: '' } });
      wx.showToast({ title: '银行卡已更正', icon: 'success' });
    },
  },
});
