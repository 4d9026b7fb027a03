/** 使用邀请码: the invited person enters the code and their name, from their own WeChat. */
import { RedeemInvitationInput, ROLE_LABELS } from '@union/contracts';
import { redeemInvitation } from '../../../services/staff';
import { requestIdFor } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { maxLengths } from '@union/contracts';

Component({
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(RedeemInvitationInput, { name: 'name' }),
    form: { code: '', name: '' },
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending' | 'done',
    role: '',
    requestId: '',
  },
  methods: {
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'code' | 'name' }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value.trim(), [`errors.${field}`]: '', 'errors._': '' });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const checked = check(RedeemInvitationInput, this.data.form);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      const requestId = requestIdFor(this.data.requestId, checked.value);
      this.setData({ phase: 'sending', requestId });
      const result = await redeemInvitation(checked.value, requestId);
      if (!result.ok) {
        this.setData({ phase: 'editing', errors: failureToErrors(result) });
        return;
      }
      this.setData({ phase: 'done', role: ROLE_LABELS[result.data.role] });
    },
    onWorkbench() {
      wx.redirectTo({ url: '/staff/pages/home/index' });
    },
  },
});
