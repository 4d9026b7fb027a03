/**
 * 金秋助学 / 困难帮扶 application (`?programme=student_aid|hardship_aid`) as five short steps.
 * Each step is checked with the contract's schema before moving on; everything typed is kept on
 * the phone (with the step and the submission's request id) until the server confirms, and on the
 * server too (`aid.saveDraft`, debounced on each step change), so a new phone picks it up.
 */
import type { Programme, RoundView } from '@union/contracts';
import { loadServerDraft, openRounds, programmeName, saveServerDraft, submitAid } from '../../services/aid';
import {
  checkAidForm,
  choicesFor,
  emptyAidForm,
  errorsOfStep,
  firstStepWithErrors,
  pageKey,
  prefillFromProfile,
  restoreAidForm,
  stepsFor,
  type AidFormState,
} from '../../services/aid-form';
import { newRequestId } from '../../services/api';
import { loadMyProfile } from '../../services/people';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import { debounce, type Debounced } from '../../utils/debounce';
import { errorKey, type FieldErrors } from '../../utils/form';
import type { ScreenStatus } from '../../utils/status';

type Choices = ReturnType<typeof choicesFor>;
type Ev<D extends WechatMiniprogram.IAnyObject> = WechatMiniprogram.CustomEvent<
  D,
  Record<string, never>,
  { path: string; list: keyof Choices; index: number }
>;

/** How long after a step change the draft goes to the server (a burst of taps sends once). */
const SERVER_DRAFT_MS = 800;
/** The server-draft sender of each page instance. */
const serverSync = new WeakMap<object, Debounced>();

/** What the server keeps of a draft besides the form: the step and the submission's request id. */
interface DraftMeta {
  step?: number;
  requestId?: string;
}

Component({
  data: {
    status: 'idle' as ScreenStatus,
    message: '',
    programme: 'student_aid' as Programme,
    title: '',
    roundTitle: '',
    steps: stepsFor('student_aid'),
    step: 0,
    form: emptyAidForm(),
    errors: {} as FieldErrors,
    choices: null as Choices | null,
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
    uploading: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const programme: Programme = query.programme === 'hardship_aid' ? 'hardship_aid' : 'student_aid';
      this.setData({ programme, title: programmeName(programme), steps: stepsFor(programme) });
      wx.setNavigationBarTitle?.({ title: `${programmeName(programme)}申请` });
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await openRounds();
      if (!result.ok) {
        this.setData({ status: 'error', message: result.message });
        return;
      }
      const round = result.data.rounds.find(
        (r: RoundView) => r.config.programme === this.data.programme && r.acceptingApplications,
      );
      if (!round) {
        this.setData({ status: 'empty' });
        return;
      }
      const draft = loadDraft<AidFormState>(this.draftKey());
      let resumed: { form: AidFormState; step?: number; requestId?: string } | null =
        draft && draft.form.roundId === round.roundId ? draft : null;
      if (!resumed) {
        // Nothing on this phone: the draft saved on the server (typed on another phone), if any.
        const saved = await loadServerDraft(round.roundId);
        if (saved.ok && saved.data) {
          const meta = (saved.data.form._draft ?? {}) as DraftMeta;
          resumed = {
            form: restoreAidForm(saved.data.form, round.roundId),
            step: typeof meta.step === 'number' ? Math.min(Math.max(0, meta.step), this.data.steps.length - 1) : 0,
            requestId: typeof meta.requestId === 'string' ? meta.requestId : undefined,
          };
        }
      }
      let form = resumed ? resumed.form : emptyAidForm(round.roundId);
      if (!resumed) {
        const me = await loadMyProfile();
        if (me.ok) form = prefillFromProfile(form, me.data);
      }
      this.setData({
        status: 'ready',
        roundTitle: round.config.title,
        choices: choicesFor(round),
        form,
        step: resumed?.step ?? 0,
        requestId: resumed?.requestId ?? '',
      });
    },
    draftKey() {
      return `aid:${this.data.programme}`;
    },
    /** Send the draft to the server shortly after a step change (one call for a burst of taps). */
    syncSoon() {
      let sync = serverSync.get(this);
      if (!sync) {
        sync = debounce(() => void this.syncNow(), SERVER_DRAFT_MS);
        serverSync.set(this, sync);
      }
      sync.schedule();
    },
    async syncNow() {
      const { form, step, requestId } = this.data;
      if (!form.roundId) return;
      const meta: DraftMeta = requestId ? { step, requestId } : { step };
      // A failure is fine: the draft is still on the phone, and the next step change sends it again.
      await saveServerDraft(form.roundId, { ...form, _draft: meta });
    },
    onHide() {
      serverSync.get(this)?.flush();
    },
    onUnload() {
      serverSync.get(this)?.flush();
    },
    remember() {
      saveDraft<AidFormState>(this.draftKey(), {
        form: this.data.form,
        step: this.data.step,
        requestId: this.data.requestId || undefined,
      });
    },
    set(path: string, value: unknown) {
      this.setData({ [`form.${path}`]: value, [`errors.${pageKey(path.replace(/\[(\d+)\]/g, '.$1'))}`]: '' });
      this.remember();
    },
    onInput(e: Ev<{ value: string }>) {
      this.set(e.currentTarget.dataset.path, e.detail.value);
    },
    onChoice(e: Ev<{ value: string | string[] }>) {
      this.set(e.currentTarget.dataset.path, e.detail.value);
    },
    onPickIndex(e: Ev<{ value: string }>) {
      const { path, list } = e.currentTarget.dataset;
      const option = this.data.choices?.[list][Number(e.detail.value)];
      if (option) this.set(path, option.value);
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ villageId: string }>) {
      this.set('applicant.villageId', e.detail.villageId);
    },
    onLetter(e: WechatMiniprogram.CustomEvent<{ fileIds: string[]; uploading: boolean }>) {
      this.setData({ uploading: e.detail.uploading });
      this.set('child.letter', e.detail.fileIds.slice(0, 1));
    },
    onToggle(e: Ev<Record<string, never>>) {
      const path = e.currentTarget.dataset.path as 'consents.sensitiveData' | 'consents.guardian';
      const key = path.split('.')[1] as 'sensitiveData' | 'guardian';
      this.set(path, !this.data.form.consents[key]);
    },
    onPublicNotice(e: Ev<{ value: string }>) {
      this.set('consents.publicNotice', e.detail.value === 'yes');
    },
    onAddMember() {
      this.setData({ [`form.members[${this.data.form.members.length}]`]: { relation: 'spouse', income: '' } });
      this.remember();
    },
    onRemoveMember(e: Ev<Record<string, never>>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ 'form.members': this.data.form.members.filter((_, i) => i !== index), errors: {} });
      this.remember();
    },
    onMemberRelation(e: Ev<{ value: string }>) {
      const option = this.data.choices?.relations[Number(e.detail.value)];
      if (option) this.set(`members[${e.currentTarget.dataset.index}].relation`, option.value);
    },
    onMemberIncome(e: Ev<{ value: string }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({
        [`form.members[${index}].income`]: e.detail.value,
        [`errors.${errorKey(['members', index, 'income'])}`]: '',
      });
      this.remember();
    },
    onNext() {
      const checked = checkAidForm(this.data.form, this.data.programme);
      const stepErrors = checked.ok ? {} : errorsOfStep(checked.errors, this.data.steps[this.data.step]);
      if (Object.keys(stepErrors).length) {
        this.setData({ errors: stepErrors });
        return;
      }
      this.setData({ step: this.data.step + 1, errors: {} });
      this.remember();
      this.syncSoon();
      wx.pageScrollTo?.({ scrollTop: 0, duration: 0 });
    },
    onBack() {
      this.setData({ step: Math.max(0, this.data.step - 1), errors: {} });
      this.remember();
      this.syncSoon();
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      if (this.data.uploading) {
        wx.showToast({ title: '照片还在上传，请稍等', icon: 'none' });
        return;
      }
      const checked = checkAidForm(this.data.form, this.data.programme);
      if (!checked.ok) {
        this.showErrors(checked.errors);
        return;
      }
      void askToNotify(['caseProgress']); // from the tap, before any await
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      this.remember();
      this.syncSoon(); // the request id goes with the server's draft too, for a retry from another phone
      const result = await submitAid(checked.input, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        if (redirectForFailure(result, `/pages/aid-apply/index?programme=${this.data.programme}`)) return;
        this.showErrors(result.field ? { [pageKey(result.field)]: result.message } : { _: result.message });
        return;
      }
      serverSync.get(this)?.cancel(); // the server dropped its draft with the submission
      clearDraft(this.draftKey());
      this.setData({ requestId: '' });
      wx.redirectTo({ url: `/pages/aid-application/index?id=${result.data.caseId}` });
    },
    showErrors(errors: FieldErrors) {
      const step = firstStepWithErrors(errors, this.data.steps);
      this.setData({ errors, step: step >= 0 ? step : this.data.step });
    },
  },
});
