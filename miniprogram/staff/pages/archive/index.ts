/**
 * 困难职工档案 (staff): one household's file — category, cause, income, family, who keeps it, the help
 * given, this year's re-check — and what staff do with it: open or correct it (checked with the contract's
 * `ArchiveFields`), record help, record the re-check visit of a sampled file, and (town staff, the city)
 * see it in full (audited) or close it with a reason (kept ten years after).
 */
import {
  ARCHIVE_EXIT_LABELS,
  ArchiveFields,
  ExitArchiveInput,
  RecordHelpInput,
  RecordRecheckInput,
  maxLengths,
  FAMILY_RELATION_LABELS,
  HELP_KIND_LABELS,
  RECHECK_OUTCOME_LABELS,
  type ArchiveFieldsInput,
  type ArchiveFileView,
} from '@union/contracts';
import {
  CAUSE_CHOICES,
  HARDSHIP_CHOICES,
  choices,
  exitArchiveFile,
  getArchiveFile,
  recordHelp,
  recordRecheck,
  saveArchiveFile,
} from '../../../services/registry';
import { myRoles } from '../../../services/staff';
import { newRequestId } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { formatDate, parseYuan } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';

const RELATIONS = choices(FAMILY_RELATION_LABELS);
const HELP = choices(HELP_KIND_LABELS);
const EXITS = choices(ARCHIVE_EXIT_LABELS);
const OUTCOMES = choices(RECHECK_OUTCOME_LABELS);
const today = () => formatDate(new Date().toISOString());

const emptyForm = () => ({
  fileNo: '',
  name: '',
  idNumber: '',
  phone: '',
  category: 1,
  cause: 0,
  householdSize: '',
  income: '',
  villageId: '',
  unitCreditCode: '',
  note: '',
  family: [] as Array<{ name: string; relation: number; idNumber: string }>,
});
type Form = ReturnType<typeof emptyForm>;

function formOf(f: ArchiveFileView): Form {
  return {
    fileNo: f.fileNo,
    name: f.masked ? '' : f.name,
    idNumber: f.masked ? '' : f.idNumber,
    phone: f.masked ? '' : (f.phone ?? ''),
    category: HARDSHIP_CHOICES.findIndex((c) => c.value === f.category),
    cause: CAUSE_CHOICES.findIndex((c) => c.value === f.cause),
    householdSize: String(f.householdSize),
    income: (f.annualIncomeFen / 100).toFixed(2),
    villageId: f.villageId,
    unitCreditCode: '',
    note: f.note ?? '',
    family: f.masked
      ? []
      : f.family.map((m) => ({
          name: m.name,
          relation: Math.max(
            0,
            RELATIONS.findIndex((r) => r.label === m.relation),
          ),
          idNumber: m.idNumber ?? '',
        })),
  };
}

function fieldsOf(f: Form) {
  const fen = parseYuan(f.income);
  return {
    ...(f.fileNo ? { fileNo: f.fileNo } : {}),
    name: f.name,
    idNumber: f.idNumber,
    ...(f.phone ? { phone: f.phone } : {}),
    category: HARDSHIP_CHOICES[f.category]?.value,
    cause: CAUSE_CHOICES[f.cause]?.value,
    householdSize: /^\d+$/.test(f.householdSize) ? Number(f.householdSize) : f.householdSize,
    annualIncomeFen: fen === null ? f.income : fen,
    villageId: f.villageId,
    ...(f.unitCreditCode ? { unitCreditCode: f.unitCreditCode } : {}),
    ...(f.note ? { note: f.note } : {}),
    family: f.family.map((m) => ({
      name: m.name,
      relation: RELATIONS[m.relation].value,
      ...(m.idNumber ? { idNumber: m.idNumber } : {}),
    })),
  };
}

Component({
  behaviors: [screen],
  data: {
    fileId: '',
    file: null as ArchiveFileView | null,
    mode: 'view' as 'view' | 'edit' | 'help' | 'exit' | 'visit',
    form: emptyForm(),
    /** Text limits from the contract: the fields refuse more. */
    limits: {
      ...maxLengths(ArchiveFields, { fileNo: 'fileNo', name: 'name', note: 'note', member: 'family.0.name' }),
      ...maxLengths(RecordHelpInput, { helpNote: 'note' }),
      ...maxLengths(ExitArchiveInput, { exitNote: 'note' }),
      ...maxLengths(RecordRecheckInput, { visitNote: 'note' }),
    },
    helpForm: { kind: 1, amount: '', on: today(), note: '' },
    exitForm: { reason: 0, note: '' },
    visitForm: { outcome: 0, note: '' },
    categories: HARDSHIP_CHOICES.map((c) => c.label),
    causes: CAUSE_CHOICES.map((c) => c.label),
    relations: RELATIONS.map((r) => r.label),
    helpKinds: HELP.map((h) => h.label),
    exitReasons: EXITS.map((x) => x.label),
    outcomes: OUTCOMES.map((x) => x.label),
    canUnmask: false,
    year: Number(today().slice(0, 4)),
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void myRoles().then((r) => {
        if (r.ok && r.data.staff) this.setData({ canUnmask: r.data.staff.role !== 'village_collector' });
      });
      if (!query.id) {
        wx.setNavigationBarTitle?.({ title: '建立困难职工档案' });
        this.setData({ mode: 'edit', status: 'ready' });
        return;
      }
      this.setData({ fileId: query.id });
      void this.load();
    },
    async load(unmask = false) {
      if (!this.data.fileId) return;
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await getArchiveFile(this.data.fileId, unmask);
      if (!result.ok) return this.showLoadError(result, '没有这份档案，或它不在您的辖区。');
      this.setData({ status: 'ready', file: result.data, mode: 'view' });
    },
    onUnmask() {
      void this.load(true);
    },
    onMode(e: WechatMiniprogram.BaseEvent<Record<string, never>, { mode: 'edit' | 'help' | 'exit' | 'visit' }>) {
      const mode = e.currentTarget.dataset.mode;
      const patch: Record<string, unknown> = { mode, errors: {} };
      if (mode === 'edit' && this.data.file) patch.form = formOf(this.data.file);
      this.setData(patch);
    },
    onBack() {
      if (this.data.file) this.setData({ mode: 'view', errors: {} });
      else wx.navigateBack();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [field]: e.detail.value });
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [e.currentTarget.dataset.field]: Number(e.detail.value) });
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ villageId: string }>) {
      this.setData({ 'form.villageId': e.detail.villageId, 'errors.villageId': '' });
    },
    onAddFamily() {
      this.setData({ [`form.family[${this.data.form.family.length}]`]: { name: '', relation: 0, idNumber: '' } });
    },
    onRemoveFamily(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      this.setData({
        'form.family': this.data.form.family.filter((_, i) => i !== Number(e.currentTarget.dataset.index)),
      });
    },
    async onSave() {
      if (this.data.phase === 'sending') return;
      const fields = fieldsOf(this.data.form);
      const checked = check(ArchiveFields, fields);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      const input = fields as ArchiveFieldsInput;
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const file = this.data.file;
      const result = await saveArchiveFile(
        file ? { fileId: file.fileId, version: file.version, fields: input } : { fields: input },
        requestId,
      );
      this.setData({ phase: 'editing', requestId: '' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result, 'fields') });
      this.setData({ file: result.data, fileId: result.data.fileId, mode: 'view', status: 'ready' });
      wx.showToast({ title: '已保存', icon: 'success' });
    },
    async onSaveHelp() {
      const file = this.data.file;
      if (!file || this.data.phase === 'sending') return;
      const f = this.data.helpForm;
      const fen = f.amount ? parseYuan(f.amount) : null;
      if (f.amount && fen === null) return this.setData({ errors: { amountFen: '金额格式不正确，最多两位小数' } });
      this.setData({ phase: 'sending' });
      const result = await recordHelp({
        fileId: file.fileId,
        kind: HELP[f.kind].value,
        on: f.on,
        ...(fen !== null ? { amountFen: fen } : {}),
        ...(f.note ? { note: f.note } : {}),
      });
      this.setData({ phase: 'editing' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ file: result.data, mode: 'view' });
      wx.showToast({ title: '已登记帮扶', icon: 'success' });
    },
    async onSaveExit() {
      const file = this.data.file;
      if (!file || this.data.phase === 'sending') return;
      this.setData({ phase: 'sending' });
      const result = await exitArchiveFile({
        fileId: file.fileId,
        version: file.version,
        reason: EXITS[this.data.exitForm.reason].value,
        note: this.data.exitForm.note,
      });
      this.setData({ phase: 'editing' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ file: result.data, mode: 'view' });
    },
    async onSaveVisit() {
      const file = this.data.file;
      if (!file || this.data.phase === 'sending') return;
      this.setData({ phase: 'sending' });
      const result = await recordRecheck({
        fileId: file.fileId,
        year: this.data.year,
        outcome: OUTCOMES[this.data.visitForm.outcome].value,
        note: this.data.visitForm.note,
      });
      this.setData({ phase: 'editing' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result) });
      this.setData({ file: result.data, mode: 'view' });
    },
  },
});
