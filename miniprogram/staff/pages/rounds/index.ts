/** 申报批次 (city admin): every round with its status; open or close one; create a new one. */
import { allRounds, saveRound, setPovertyLine, toRoundItem, type RoundItem } from '../../../services/aid';
import { parseYuan } from '../../../utils/format';
import { categoriesOf, checkRound, emptyRoundForm, levelOptions, type RoundFormState } from '../../../services/rounds';
import { failureToErrors, type FieldErrors } from '../../../utils/form';
import type { RoundView } from '@union/contracts';
import { screen } from '../../../behaviors/screen';
import { maxLengths, RoundConfigSchema } from '@union/contracts';

let rounds: RoundView[] = [];

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(RoundConfigSchema, { title: 'title', objectionContact: 'objectionContact' }),
    items: [] as RoundItem[],
    mode: 'list' as 'list' | 'create',
    form: emptyRoundForm(new Date().getFullYear()),
    categories: categoriesOf('student_aid'),
    levels: levelOptions,
    errors: {} as FieldErrors,
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await allRounds();
      if (!result.ok) {
        this.setData({
          status: 'error',
          message: result.code === 'FORBIDDEN' ? '只有市总工会管理员可以管理批次。' : result.message,
        });
        return;
      }
      rounds = result.data.rounds;
      const items = rounds.map(toRoundItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onSetStatus(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; to: 'open' | 'closed' }>) {
      const { id, to } = e.currentTarget.dataset;
      const round = rounds.find((r) => r.roundId === id);
      if (!round) return;
      wx.showModal({
        title: to === 'open' ? '开放申报' : '结束申报',
        content: `确定${to === 'open' ? '开放' : '结束'}“${round.config.title}”吗？`,
        success: (res) => {
          if (!res.confirm) return;
          void saveRound({ roundId: id, status: to, config: round.config }).then((result) => {
            if (!result.ok) wx.showModal({ title: '没有办成', content: result.message, showCancel: false });
            else void this.load();
          });
        },
      });
    },
    onPovertyLine(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const round = rounds.find((r) => r.roundId === e.currentTarget.dataset.id);
      if (!round) return;
      const year = round.config.year;
      wx.showModal({
        title: `${year}年低保标准`,
        editable: true,
        placeholderText: '每人每月，单位元，例如 700',
        success: (res) => {
          if (!res.confirm) return;
          const fen = parseYuan(res.content ?? '');
          if (!fen) return wx.showToast({ title: '请填写正确的金额', icon: 'none' });
          void setPovertyLine(year, fen).then((result) => {
            if (!result.ok) return wx.showModal({ title: '没有保存', content: result.message, showCancel: false });
            wx.showToast({ title: '已保存', icon: 'success' });
            void this.load();
          });
        },
      });
    },
    onCreate() {
      this.setData({ mode: 'create', errors: {} });
    },
    onCancel() {
      this.setData({ mode: 'list' });
    },
    onField(
      e: WechatMiniprogram.CustomEvent<
        { value: string | string[] },
        Record<string, never>,
        { field: keyof RoundFormState }
      >,
    ) {
      const field = e.currentTarget.dataset.field;
      const patch: Record<string, unknown> = { [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' };
      if (field === 'programme') {
        patch.categories = categoriesOf(e.detail.value as RoundFormState['programme']);
        patch['form.amounts'] = {};
      }
      this.setData(patch);
    },
    onAmount(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { category: string }>) {
      const category = e.currentTarget.dataset.category;
      this.setData({
        [`form.amounts.${category}`]: e.detail.value,
        [`errors.amount_${category}`]: '',
        'errors.amounts': '',
      });
    },
    async onSave(e: WechatMiniprogram.BaseEvent<Record<string, never>, { status: 'draft' | 'open' }>) {
      if (this.data.phase === 'sending') return;
      const checked = checkRound(this.data.form, e.currentTarget.dataset.status);
      if (!checked.ok) {
        this.setData({ errors: checked.errors });
        return;
      }
      this.setData({ phase: 'sending' });
      const result = await saveRound(checked.input);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.setData({ errors: failureToErrors(result, 'config') });
        return;
      }
      this.setData({ mode: 'list', form: emptyRoundForm(new Date().getFullYear()) });
      wx.showToast({ title: '已保存', icon: 'success' });
      void this.load();
    },
  },
});
