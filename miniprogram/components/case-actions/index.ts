/**
 * `<case-actions actions="{{actions}}" bind:act="onAct"/>`: one button per action the server
 * offers (`availableActions`), nothing else. An action that needs a comment, a reason, a rating,
 * a target or a written input its case type declares (an opinion: 审核意见, 上报意见) opens a small
 * panel asking for exactly that; others ask for confirmation.
 * Fires `act` with `{ action, comment?, reason?, rating?, targetNodeId?, inputs? }`.
 */
import type { ActionInputInfo, ActionNeed, AvailableAction, CaseAction } from '@union/contracts';
import { ActCaseInput, maxLengths } from '@union/contracts';

export interface ActDetail {
  action: Exclude<CaseAction, 'submit'>;
  comment?: string;
  reason?: string;
  rating?: { score: number; satisfied: boolean; comment?: string };
  targetNodeId?: string;
  /** The action's declared inputs, by name: written text, or photo proof. */
  inputs?: Record<string, string | PhotoProofValue>;
}

/** Photo proof as the panel sends it (the place is not asked for here: recorded as not given). */
export interface PhotoProofValue {
  photoFileIds: string[];
  location: null;
  note: string;
}

/** A photo-proof input as the panel edits it. */
interface PhotoInput {
  name: string;
  label: string;
  required: boolean;
  fileIds: string[];
}

const photoInputs = (inputs: readonly ActionInputInfo[] = []): PhotoInput[] =>
  inputs
    .filter((i) => i.kind === 'photos')
    .map((i) => ({ name: i.name, label: i.label, required: i.required, fileIds: [] as string[] }));

/** A written input as the panel edits it; its limits are those its case type declares (from the contract). */
interface TextInput {
  name: string;
  label: string;
  required: boolean;
  limits: { min: number; max: number };
  value: string;
}

const textInputs = (inputs: readonly ActionInputInfo[] = []): TextInput[] =>
  inputs
    .filter((i) => i.kind === 'text')
    .map((i) => ({
      name: i.name,
      label: i.label,
      required: i.required,
      limits: { min: i.minLength ?? 0, max: i.maxLength ?? 500 },
      value: '',
    }));

const emptyPanel = () => ({
  action: '' as Exclude<CaseAction, 'submit'> | '',
  label: '',
  needs: {} as Partial<Record<ActionNeed, true>>,
  comment: '',
  reason: '',
  score: 0,
  satisfied: true,
  targetNodeId: '',
  inputs: [] as TextInput[],
  photos: [] as PhotoInput[],
  error: '',
  /** The field that takes the keyboard when the sheet opens ('' when the first input is not text). */
  focus: '' as 'reason' | 'comment' | 'input' | '',
});

Component({
  options: { addGlobalClass: true },
  properties: {
    actions: { type: Array, value: [] as AvailableAction[] },
    /** Disable while the page is sending. */
    busy: { type: Boolean, value: false },
  },
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(ActCaseInput, { reason: 'reason', comment: 'comment', ratingComment: 'rating.comment' }),
    panel: emptyPanel(),
    stars: [1, 2, 3, 4, 5],
  },
  methods: {
    onTapAction(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      if (this.properties.busy) return;
      const chosen = (this.properties.actions as AvailableAction[])[Number(e.currentTarget.dataset.index)];
      if (!chosen || chosen.action === 'submit') return;
      const action = chosen.action;
      const needs = chosen.needs.filter((n) => n !== 'form');
      // Resubmitting without a new form needs at least a note saying what was added.
      if (action === 'resubmit' && !needs.includes('comment')) needs.push('comment');
      const inputs = textInputs(chosen.inputs);
      const photos = photoInputs(chosen.inputs);
      if (!needs.length && !inputs.length && !photos.length) {
        wx.showModal({
          title: chosen.label,
          content: `确定要${chosen.label}吗？`,
          success: (res) => {
            if (res.confirm) this.triggerEvent('act', { action } as ActDetail);
          },
        });
        return;
      }
      // The first field takes the keyboard: the reason, else the comment (a rating starts with the stars).
      const focus = needs.includes('reason')
        ? 'reason'
        : needs.includes('comment')
          ? 'comment'
          : inputs.length
            ? 'input'
            : '';
      this.setData({
        panel: {
          ...emptyPanel(),
          action,
          label: chosen.label,
          needs: Object.fromEntries(needs.map((n) => [n, true])),
          inputs,
          photos,
          focus,
        },
      });
    },
    /** Taps inside the sheet stay there (the mask behind it closes it). */
    onSheetTap() {},
    onPanelInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'comment' | 'reason' }>,
    ) {
      this.setData({ [`panel.${e.currentTarget.dataset.field}`]: e.detail.value, 'panel.error': '' });
    },
    onInputText(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number }>) {
      this.setData({
        [`panel.inputs[${Number(e.currentTarget.dataset.index)}].value`]: e.detail.value,
        'panel.error': '',
      });
    },
    onPhotos(e: WechatMiniprogram.CustomEvent<{ fileIds: string[] }, Record<string, never>, { index: number }>) {
      this.setData({
        [`panel.photos[${Number(e.currentTarget.dataset.index)}].fileIds`]: e.detail.fileIds,
        'panel.error': '',
      });
    },
    onScore(e: WechatMiniprogram.BaseEvent<Record<string, never>, { score: number }>) {
      this.setData({ 'panel.score': Number(e.currentTarget.dataset.score), 'panel.error': '' });
    },
    onSatisfied(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: string }>) {
      this.setData({ 'panel.satisfied': e.currentTarget.dataset.value === 'yes' });
    },
    /** A transfer goes to a town (escalation or between towns) or to one of its villages. */
    onTarget(e: WechatMiniprogram.CustomEvent<{ villageId: string; nodeId: string }>) {
      this.setData({ 'panel.targetNodeId': e.detail.nodeId, 'panel.error': '' });
    },
    onCancel() {
      this.setData({ panel: emptyPanel() });
    },
    onConfirm() {
      const p = this.data.panel;
      if (!p.action) return;
      const detail: ActDetail = { action: p.action };
      if (p.needs.reason) {
        if (p.reason.trim().length < 2) return this.setData({ 'panel.error': '请写明理由（至少 2 个字）' });
        detail.reason = p.reason.trim();
      }
      if (p.needs.comment) {
        if (!p.comment.trim()) return this.setData({ 'panel.error': '请填写说明' });
        detail.comment = p.comment.trim();
      }
      if (p.needs.rating) {
        if (!p.score) return this.setData({ 'panel.error': '请点星星打分' });
        detail.rating = { score: p.score, satisfied: p.satisfied };
        if (p.comment.trim()) detail.rating.comment = p.comment.trim();
      }
      if (p.needs.targetNode) {
        if (!p.targetNodeId) return this.setData({ 'panel.error': '请选择转到哪里' });
        detail.targetNodeId = p.targetNodeId;
      }
      const inputs: Record<string, string | PhotoProofValue> = {};
      for (const photo of p.photos) {
        if (!photo.fileIds.length && photo.required) return this.setData({ 'panel.error': `请拍摄${photo.label}` });
        if (photo.fileIds.length) inputs[photo.name] = { photoFileIds: photo.fileIds, location: null, note: '' };
      }
      for (const input of p.inputs) {
        const value = input.value.trim();
        if (!value && input.required) return this.setData({ 'panel.error': `请填写${input.label}` });
        if (value && value.length < input.limits.min)
          return this.setData({ 'panel.error': `${input.label}至少写 ${input.limits.min} 个字` });
        if (value) inputs[input.name] = value;
      }
      if (Object.keys(inputs).length) detail.inputs = inputs;
      this.setData({ panel: emptyPanel() });
      this.triggerEvent('act', detail);
    },
  },
});
