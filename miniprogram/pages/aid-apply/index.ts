/**
 * 金秋助学 / 困难帮扶 application (`?programme=student_aid|hardship_aid`) as five short steps.
 * Each step is checked with the contract's schema before moving on; everything typed is kept on
 * the phone (with the step and the submission's request id) until the server confirms, and on the
 * server too (`aid.saveDraft`, debounced on each step change), so a new phone picks it up.
 *
 * `?resubmit=<caseId>`: after a reviewer asked for more information, the same steps prefilled from the
 * application (masked identifiers to be typed again), with a note, sent with `aid.resubmit`.
 */
import type { Programme, RoundView } from '@union/contracts';
import {
  getApplication,
  loadServerDraft,
  openRounds,
  programmeName,
  resubmitAid,
  saveServerDraft,
  submitAid,
} from '../../services/aid';
import { getCase } from '../../services/cases';
import {
  checkAidForm,
  choicesFor,
  emptyAidForm,
  errorsOfStep,
  firstStepWithErrors,
  pageKey,
  prefillFromApplication,
  prefillFromProfile,
  restoreAidForm,
  withProfileIdentity,
  stepsFor,
  type AidFormState,
} from '../../services/aid-form';
import { requestIdFor } from '../../services/api';
import { loadMyProfile } from '../../services/people';
import { clearDraft, loadDraft, saveDraft } from '../../services/drafts';
import { redirectForFailure } from '../../services/navigation';
import { askToNotify } from '../../services/subscribe';
import { debounce, type Debounced } from '../../utils/debounce';
import { errorKey, type FieldErrors } from '../../utils/form';
import { screen } from '../../behaviors/screen';
import { AidFormSchema, maxLengths, ResubmitInput } from '@union/contracts';

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
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(AidFormSchema, {
        applicantName: 'applicant.name',
        unitName: 'applicant.unitName',
        hardshipFileNo: 'applicant.hardshipFileNo',
        childName: 'child.name',
        school: 'child.school',
        description: 'hardshipCause.description',
        bankName: 'bankCard.bankName',
        holderName: 'bankCard.holderName',
      }),
      ...maxLengths(ResubmitInput, { comment: 'comment' }),
    },
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
    /** The application being corrected after a request for more information ('' = a new application). */
    caseId: '',
    /** The case version seen (CONFLICT when a reviewer moved it meanwhile); 0 = not known. */
    version: 0,
    /** What the reviewer asked for (their note), shown above the form. */
    asked: '',
    /** The applicant's note with the corrected form (optional). */
    comment: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.resubmit) {
        this.setData({ caseId: query.resubmit });
        wx.setNavigationBarTitle?.({ title: '更正申请' });
        void this.load();
        return;
      }
      this.useProgramme(query.programme === 'hardship_aid' ? 'hardship_aid' : 'student_aid');
      wx.setNavigationBarTitle?.({ title: `${programmeName(this.data.programme)}申请` });
      void this.load();
    },
    useProgramme(programme: Programme) {
      this.setData({ programme, title: programmeName(programme), steps: stepsFor(programme) });
    },
    async load() {
      if (this.data.caseId) return this.loadForResubmit();
      this.setData({ status: 'loading' });
      const result = await openRounds();
      if (!result.ok) {
        this.showLoadError(result);
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
    /** The application to correct: its form prefilled (or the draft of this correction), what was asked. */
    async loadForResubmit() {
      this.setData({ status: 'loading' });
      const caseId = this.data.caseId;
      const [app, detail] = await Promise.all([getApplication(caseId), getCase(caseId)]);
      if (!app.ok) {
        this.showLoadError(app, '没有找到这份申请。');
        return;
      }
      if (app.data.caseStatus !== 'info_requested') {
        this.setData({ status: 'error', message: '这份申请现在不需要补充材料，不能更正后重新提交。' });
        return;
      }
      this.useProgramme(app.data.programme);
      const rounds = await openRounds();
      const round = rounds.ok ? (rounds.data.rounds.find((r) => r.roundId === app.data.roundId) ?? null) : null;
      const asked = detail.ok
        ? ([...detail.data.timeline].reverse().find((t) => t.action === 'request_info')?.comment ?? '')
        : '';
      const draft = loadDraft<AidFormState & { comment?: string }>(this.draftKey());
      const resumed = draft && draft.form.roundId === app.data.roundId ? draft : null;
      const me = await loadMyProfile();
      this.setData({
        status: 'ready',
        roundTitle: app.data.roundTitle,
        choices: choicesFor(round),
        form: withProfileIdentity(resumed ? resumed.form : prefillFromApplication(app.data), me.ok ? me.data : null),
        comment: resumed?.form.comment ?? '',
        step: resumed?.step ?? 0,
        requestId: resumed?.requestId ?? '',
        version: detail.ok ? detail.data.version : 0,
        asked,
      });
    },
    draftKey() {
      return this.data.caseId ? `aid:resubmit:${this.data.caseId}` : `aid:${this.data.programme}`;
    },
    /** Send the draft to the server shortly after a step change (one call for a burst of taps). */
    syncSoon() {
      if (this.data.caseId) return; // a correction is not a draft of a new application
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
    /** Back from correcting my data: show my profile's ID number and phone as they are now. */
    async onShow() {
      if (this.data.status !== 'ready' || !this.data.form.applicant.profileId) return;
      const me = await loadMyProfile();
      if (me.ok && me.data) {
        const next = withProfileIdentity(this.data.form, me.data).applicant;
        this.setData({ 'form.applicant.profileId': next.profileId, 'form.applicant.profilePhone': next.profilePhone });
      }
    },
    /** My ID number or phone is wrong: correct it in my data (the profile's correction path), then come back. */
    onCorrectProfile() {
      this.remember();
      wx.navigateTo({ url: '/pages/my-data/index' });
    },
    onUnload() {
      serverSync.get(this)?.flush();
    },
    remember() {
      saveDraft<AidFormState & { comment?: string }>(this.draftKey(), {
        form: this.data.caseId ? { ...this.data.form, comment: this.data.comment } : this.data.form,
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
    onComment(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: e.detail.value, 'errors.comment': '' });
      this.remember();
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
      const comment = this.data.comment.trim();
      if (this.data.caseId && comment && comment.length < 2) {
        this.showErrors({ comment: '补充说明至少2个字' });
        return;
      }
      void askToNotify(['caseProgress']); // from the tap, before any await
      const { caseId, version } = this.data;
      // Same input as last sent → same request id (a retry); a corrected form → a new one.
      const requestId = requestIdFor(this.data.requestId, { caseId, version, comment, form: checked.input });
      this.setData({ phase: 'sending', requestId });
      this.remember();
      this.syncSoon(); // the request id goes with the server's draft too, for a retry from another phone
      const result = caseId
        ? await resubmitAid(
            {
              caseId,
              form: checked.input,
              ...(version ? { version } : {}),
              ...(comment ? { comment } : {}),
            },
            requestId,
          )
        : await submitAid(checked.input, requestId);
      this.setData({ phase: 'editing' });
      if (!result.ok) {
        const back = caseId
          ? `/pages/aid-apply/index?resubmit=${caseId}`
          : `/pages/aid-apply/index?programme=${this.data.programme}`;
        if (redirectForFailure(result, back)) return;
        if (result.code === 'CONFLICT') {
          // A reviewer acted meanwhile: keep what was typed, say so; the application page shows where it is now.
          this.showErrors({ _: '审核人员刚处理过这份申请，请返回查看最新情况后再更正。' });
          return;
        }
        const field = result.field?.replace(/^form\./, '');
        this.showErrors(field && field !== 'form' ? { [pageKey(field)]: result.message } : { _: result.message });
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
      this.remember(); // reopened later, it comes back to the step to correct
    },
  },
});
