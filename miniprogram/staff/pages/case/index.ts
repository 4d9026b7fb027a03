/**
 * 办件处理 (staff): the case as submitted (masked where the server masks), its timeline and
 * thread, and ONLY the actions the server lists in `availableActions`; reply in the thread;
 * release content held by the content check. `?id=<caseId>`.
 */
import type { ApiFailure } from '@union/contracts';
import { actOnCase, getCase, releaseHeld, toCaseView, type CaseView } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import { VisitRecordInput } from '@union/contracts';
import { check, type FieldErrors } from '../../../utils/form';
import { formatDate } from '../../../utils/format';
import type { ActDetail } from '../../../components/case-actions/index';
import { screen } from '../../../behaviors/screen';
import { ActCaseInput, maxLengths } from '@union/contracts';

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: {
      ...maxLengths(ActCaseInput, { comment: 'comment' }),
      ...maxLengths(VisitRecordInput, { findings: 'findings' }),
    },
    caseId: '',
    view: null as CaseView | null,
    phase: 'idle' as 'idle' | 'sending',
    text: '',
    textError: '',
    /** The home-visit form (aid cases), shown on demand. */
    visit: null as { visitedOn: string; findings: string; photoFileIds: string[] } | null,
    visitErrors: {} as FieldErrors,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ caseId: query.id ?? '' });
      void this.load();
    },
    async load() {
      if (!this.data.view) this.setData({ status: 'loading' });
      const result = await getCase(this.data.caseId);
      if (!result.ok) {
        this.showLoadError(result, '没有找到这件事项，或它不在您的管辖范围内。');
        return;
      }
      this.show(result.data);
    },
    show(detail: Parameters<typeof toCaseView>[0]) {
      // Tasks sent down and activity posts have their own pages (camera photo proof, the board, the video).
      const own = { task_item: 'task', task: 'task-board', post: 'post' }[detail.type] ?? '';
      if (own) return void wx.redirectTo({ url: `/staff/pages/${own}/index?id=${detail._id}` });
      this.setData({
        status: 'ready',
        view: toCaseView(detail, 'staff'),
      });
    },
    onMoreDetail() {
      const url = this.data.view?.moreDetail?.url;
      if (url) wx.navigateTo({ url });
    },
    onVisit() {
      this.setData({
        visit: { visitedOn: formatDate(new Date().toISOString()), findings: '', photoFileIds: [] },
        visitErrors: {},
      });
    },
    onVisitField(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'visitedOn' | 'findings' }>,
    ) {
      this.setData({
        [`visit.${e.currentTarget.dataset.field}`]: e.detail.value,
        [`visitErrors.${e.currentTarget.dataset.field}`]: '',
      });
    },
    onVisitPhotos(e: WechatMiniprogram.CustomEvent<{ fileIds: string[] }>) {
      this.setData({ 'visit.photoFileIds': e.detail.fileIds });
    },
    /** The visit goes through the action the case type declares for it (its input of kind `visit`). */
    async onSaveVisit() {
      const visit = this.data.visit;
      const view = this.data.view;
      if (!visit || !view?.visit || this.data.phase === 'sending') return;
      const checked = check(VisitRecordInput, visit);
      if (!checked.ok) return this.setData({ visitErrors: checked.errors });
      this.setData({ phase: 'sending' });
      const { action, input } = view.visit;
      const result = await actOnCase(
        { caseId: view.id, version: view.version, action, inputs: { [input]: visit } },
        newRequestId(),
      );
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const field = (result.field ?? '_').replace(`inputs.${input}.`, '');
        return this.setData({ visitErrors: { [field]: result.message } });
      }
      this.setData({ visit: null });
      this.show(result.data);
      wx.showToast({ title: '已登记走访', icon: 'success' });
      // The visit's photos join the files (fresh links from the function).
      (this.selectComponent('#files') as unknown as { load?: () => Promise<void> } | null)?.load?.();
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value, textError: '' });
    },
    async onSend() {
      const view = this.data.view;
      if (!view || !view.messageAction) return;
      if (!this.data.text.trim()) {
        this.setData({ textError: '请先写下答复内容' });
        return;
      }
      if (await this.act({ action: view.messageAction, comment: this.data.text.trim() })) this.setData({ text: '' });
    },
    onAct(e: WechatMiniprogram.CustomEvent<ActDetail>) {
      void this.act(e.detail);
    },
    async act(detail: ActDetail): Promise<boolean> {
      const view = this.data.view;
      if (!view || this.data.phase === 'sending') return false;
      this.setData({ phase: 'sending' });
      const result = await actOnCase({ caseId: view.id, version: view.version, ...detail }, newRequestId());
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        this.showFailure(result);
        return false;
      }
      this.show(result.data);
      wx.showToast({ title: '已办理', icon: 'success' });
      return true;
    },
    async onRelease() {
      const result = await releaseHeld(this.data.caseId);
      if (!result.ok) return this.showFailure(result);
      this.show(result.data);
    },
    showFailure(failure: ApiFailure) {
      if (failure.code === 'CONFLICT') {
        wx.showToast({ title: '别人刚处理过，已刷新', icon: 'none' });
        void this.load();
        return;
      }
      if (failure.field === 'comment') {
        this.setData({ textError: failure.message });
        return;
      }
      wx.showModal({ title: '没有办成', content: failure.message, showCancel: false });
    },
  },
});
