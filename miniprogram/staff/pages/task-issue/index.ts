/**
 * 下发任务 (city admin, town staff): a notice, a file, a report form (fields to fill) or a visit task, to chosen
 * towns or villages inside my scope — or every village under them — with a deadline. One submission fans out to
 * every recipient; the page then opens the task's board.
 */
import { maxLengths, TASK_KIND_LABELS, TaskFormInput, type TaskKind } from '@union/contracts';
import { gridOnce, type TownView } from '../../../services/grid';
import { myRoles } from '../../../services/staff';
import { issueTask } from '../../../services/tasks';
import { newRequestId } from '../../../services/api';
import { screen } from '../../../behaviors/screen';

interface Choice {
  id: string;
  name: string;
  on: boolean;
}
interface FieldDraft {
  key: string;
  label: string;
  kind: 'text' | 'number';
}

const KINDS = (Object.keys(TASK_KIND_LABELS) as TaskKind[]).map((value) => ({ value, label: TASK_KIND_LABELS[value] }));

/** `2026-12-17`: a week from today in China time, the default deadline. */
const inDays = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract. */
    limits: maxLengths(TaskFormInput, { title: 'title', instructions: 'instructions' }),
    kinds: KINDS,
    kind: 'visit' as TaskKind,
    title: '',
    instructions: '',
    deadline: inDays(7),
    today: inDays(0),
    reach: 'villages' as 'villages' | 'nodes',
    /** The city admin picks towns (or the whole city); town staff pick villages of their town. */
    scopeName: '',
    atCity: false,
    wholeCity: false,
    choices: [] as Choice[],
    chosenCount: 0,
    fields: [] as FieldDraft[],
    error: '',
    errorField: '',
    phase: 'idle' as 'idle' | 'sending',
    requestId: newRequestId(),
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const [me, grid] = await Promise.all([myRoles(), gridOnce()]);
      if (!me.ok) return this.showLoadError(me);
      if (!grid.ok) return this.showLoadError(grid);
      const staff = me.data.staff;
      if (!staff || staff.role === 'village_collector')
        return this.setData({ status: 'error', message: '只有市、乡镇工作人员可以下发任务' });
      const atCity = staff.role === 'city_admin';
      const town: TownView | undefined = grid.data.towns.find((t) => t.id === staff.gridNodeId);
      const choices = atCity
        ? grid.data.towns.map((t) => ({ id: t.id, name: t.name, on: false }))
        : (town?.villages ?? []).map((v) => ({ id: v.id, name: v.name, on: false }));
      this.setData({
        status: 'ready',
        atCity,
        scopeName: atCity ? grid.data.cityName : (town?.name ?? ''),
        choices,
        reach: atCity ? 'villages' : 'nodes',
      });
    },
    onKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: TaskKind }>) {
      const kind = e.currentTarget.dataset.value;
      const fields =
        kind === 'form' && this.data.fields.length === 0
          ? [{ key: 'f1', label: '', kind: 'text' as const }]
          : this.data.fields;
      this.setData({ kind, fields: kind === 'form' ? fields : [], error: '' });
    },
    onInput(
      e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: 'title' | 'instructions' }>,
    ) {
      this.setData({ [e.currentTarget.dataset.key]: e.detail.value, error: '' });
    },
    onDeadline(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ deadline: e.detail.value });
    },
    onReach(e: WechatMiniprogram.BaseEvent<Record<string, never>, { value: 'villages' | 'nodes' }>) {
      this.setData({ reach: e.currentTarget.dataset.value, wholeCity: false, error: '' });
    },
    onWholeCity() {
      const wholeCity = !this.data.wholeCity;
      const choices = this.data.choices.map((c) => ({ ...c, on: false }));
      this.setData({ wholeCity, choices, chosenCount: 0, error: '' });
    },
    onChoose(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const choices = this.data.choices.map((c) => (c.id === e.currentTarget.dataset.id ? { ...c, on: !c.on } : c));
      this.setData({ choices, wholeCity: false, chosenCount: choices.filter((c) => c.on).length, error: '' });
    },
    onAllChoices() {
      const all = this.data.choices.every((c) => c.on);
      const choices = this.data.choices.map((c) => ({ ...c, on: !all }));
      this.setData({ choices, wholeCity: false, chosenCount: all ? 0 : choices.length, error: '' });
    },
    onAddField() {
      const used = new Set(this.data.fields.map((f) => f.key));
      let n = 1;
      while (used.has(`f${n}`)) n += 1;
      this.setData({ fields: [...this.data.fields, { key: `f${n}`, label: '', kind: 'text' }] });
    },
    onFieldLabel(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { i: number }>) {
      this.setData({ [`fields[${e.currentTarget.dataset.i}].label`]: e.detail.value, error: '' });
    },
    onFieldKind(e: WechatMiniprogram.BaseEvent<Record<string, never>, { i: number }>) {
      const i = e.currentTarget.dataset.i;
      this.setData({ [`fields[${i}].kind`]: this.data.fields[i].kind === 'text' ? 'number' : 'text' });
    },
    onRemoveField(e: WechatMiniprogram.BaseEvent<Record<string, never>, { i: number }>) {
      this.setData({ fields: this.data.fields.filter((_f, i) => i !== e.currentTarget.dataset.i) });
    },
    async onSubmit() {
      if (this.data.phase === 'sending') return;
      const d = this.data;
      const recipients = d.wholeCity ? ['city'] : d.choices.filter((c) => c.on).map((c) => c.id);
      if (!recipients.length) return this.setData({ error: '请选择下发对象', errorField: 'recipients' });
      this.setData({ phase: 'sending', error: '' });
      const result = await issueTask(
        {
          kind: d.kind,
          title: d.title.trim(),
          instructions: d.instructions.trim(),
          deadline: d.deadline,
          reach: d.reach,
          recipients,
          fields: d.fields.map((f) => ({ key: f.key, label: f.label.trim(), kind: f.kind, required: true })),
          attachments: [],
        },
        d.requestId,
      );
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ error: result.message, errorField: result.field ?? '' });
      wx.showToast({ title: '已下发', icon: 'success' });
      wx.redirectTo({ url: `/staff/pages/task-board/index?id=${result.data._id}` });
    },
  },
});
