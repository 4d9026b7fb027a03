/**
 * 认领资料: a village collector entered my profile for me; I claim it with my name, ID number
 * and the one-time claim code they gave me. Then back to where I came from.
 */
import { ClaimProfileInput } from '@union/contracts';
import { claimProfile } from '../../services/people';
import { requestIdFor } from '../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../utils/form';
import { maxLengths } from '@union/contracts';

Component({
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(ClaimProfileInput, { name: 'name' }),
    form: { name: '', idNumber: '', claimCode: '' },
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
  },
  methods: {
    onInput(
      e: WechatMiniprogram.CustomEvent<
        { value: string },
        Record<string, never>,
        { field: 'name' | 'idNumber' | 'claimCode' }
      >,
    ) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '', 'errors._': '' });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const checked = check(ClaimProfileInput, this.data.form);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      const requestId = requestIdFor(this.data.requestId, this.data.form);
      this.setData({ phase: 'sending', requestId });
      const result = await claimProfile(this.data.form, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        this.setData({ errors: failureToErrors(result) });
        return;
      }
      wx.showToast({ title: '认领成功', icon: 'success' });
      wx.navigateBack({ delta: 1 });
    },
  },
});
