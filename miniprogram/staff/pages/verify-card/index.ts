/**
 * 核验会员卡 (staff): scan the member's QR code (or paste what it carries) and see whether the card is valid —
 * the member's masked name, union, status and number. Every check is recorded.
 */
import { VerifyCardInput, type CardCheckView } from '@union/contracts';
import { scanCode, verifyCard } from '../../../services/membership';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';

Component({
  data: {
    token: '',
    result: null as CardCheckView | null,
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    limits: { token: 200 },
  },
  methods: {
    async onScan() {
      const text = await scanCode();
      if (text === null) return;
      this.setData({ token: text });
      await this.onVerify();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ token: e.detail.value, errors: {} });
    },
    async onVerify() {
      if (this.data.phase === 'sending') return;
      const checked = check(VerifyCardInput, { token: this.data.token.trim() });
      if (!checked.ok || !this.data.token.trim())
        return this.setData({ errors: checked.ok ? { token: '请扫描会员卡上的二维码' } : checked.errors });
      this.setData({ phase: 'sending' });
      const result = await verifyCard(this.data.token.trim());
      this.setData({ phase: 'editing' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ result: result.data });
    },
  },
});
