/**
 * 单位 (staff): one unit — its particulars, its union, demo marking — and the form to register or correct
 * it inside my scope. The form is checked with the contract's `UnitFields` as I type; a credit code whose
 * check character fails is kept with a warning (some legal early codes fail it).
 */
import {
  ECONOMIC_TYPE_LABELS,
  INDUSTRY_LABELS,
  UNIT_TYPE_LABELS,
  RegistryCreditCode,
  UnitFields,
  maxLengths,
  type UnitFieldsInput,
  type UnitView,
} from '@union/contracts';
import { choices, getUnit, saveUnit } from '../../../services/registry';
import { newRequestId } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { screen } from '../../../behaviors/screen';

const TYPES = choices(UNIT_TYPE_LABELS);
const ECONOMIC = choices(ECONOMIC_TYPE_LABELS);
const INDUSTRIES = choices(INDUSTRY_LABELS);

const emptyForm = () => ({
  name: '',
  creditCode: '',
  type: 0,
  economicType: 2,
  industry: 2,
  employees: '',
  womenEmployees: '',
  address: '',
  nodeId: '',
  legalRep: '',
  contactName: '',
  contactPhone: '',
});
type Form = ReturnType<typeof emptyForm>;

function formOf(u: UnitView): Form {
  return {
    name: u.name,
    creditCode: u.creditCode,
    type: TYPES.findIndex((t) => t.value === u.type),
    economicType: ECONOMIC.findIndex((t) => t.value === u.economicType),
    industry: INDUSTRIES.findIndex((t) => t.value === u.industry),
    employees: String(u.employees),
    womenEmployees: String(u.womenEmployees),
    address: u.address,
    nodeId: u.villageId ?? u.townId,
    legalRep: u.legalRep ?? '',
    contactName: u.contactName ?? '',
    // The stored phone comes back masked: typed again only to change it.
    contactPhone: '',
  };
}

/** What the contract takes, from the form's strings and choices. */
function fieldsOf(f: Form) {
  const village = /-v\d{2}$/.test(f.nodeId);
  const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : s);
  return {
    name: f.name,
    creditCode: f.creditCode,
    type: TYPES[f.type]?.value,
    economicType: ECONOMIC[f.economicType]?.value,
    industry: INDUSTRIES[f.industry]?.value,
    employees: num(f.employees),
    womenEmployees: num(f.womenEmployees),
    address: f.address,
    townId: village ? f.nodeId.slice(0, 3) : f.nodeId,
    ...(village ? { villageId: f.nodeId } : {}),
    ...(f.legalRep ? { legalRep: f.legalRep } : {}),
    ...(f.contactName ? { contactName: f.contactName } : {}),
    ...(f.contactPhone ? { contactPhone: f.contactPhone } : {}),
  };
}

Component({
  behaviors: [screen],
  data: {
    unitId: '',
    unit: null as UnitView | null,
    mode: 'view' as 'view' | 'edit',
    form: emptyForm(),
    /** Text limits from the contract: the fields refuse more. */
    limits: maxLengths(UnitFields, {
      name: 'name',
      address: 'address',
      legalRep: 'legalRep',
      contactName: 'contactName',
    }),
    types: TYPES.map((t) => t.label),
    economic: ECONOMIC.map((t) => t.label),
    industries: INDUSTRIES.map((t) => t.label),
    errors: {} as FieldErrors,
    codeWarning: '',
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (!query.id) {
        wx.setNavigationBarTitle?.({ title: '登记单位' });
        this.setData({ mode: 'edit', status: 'ready' });
        return;
      }
      this.setData({ unitId: query.id });
      void this.load();
    },
    async load() {
      if (!this.data.unitId) return;
      this.setData({ status: 'loading' });
      const result = await getUnit(this.data.unitId);
      if (!result.ok) return this.showLoadError(result, '没有这个单位，或它不在您的辖区。');
      this.setData({ status: 'ready', unit: result.data });
    },
    onEdit() {
      if (!this.data.unit) return;
      this.setData({ mode: 'edit', form: formOf(this.data.unit), errors: {}, codeWarning: '' });
    },
    onCancel() {
      if (this.data.unit) this.setData({ mode: 'view', errors: {} });
      else wx.navigateBack();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Form }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field}`]: '' });
      if (field === 'creditCode') {
        const c = RegistryCreditCode.safeParse(e.detail.value);
        this.setData({
          codeWarning:
            c.success && c.data.checkOverridden ? '校验位不符：早期发放的代码可以保存，请与营业执照核对。' : '',
        });
      }
    },
    onPick(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Form }>) {
      this.setData({ [`form.${e.currentTarget.dataset.field}`]: Number(e.detail.value) });
    },
    onPlace(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ 'form.nodeId': e.detail.nodeId, 'errors.townId': '', 'errors.villageId': '' });
    },
    async onSave() {
      if (this.data.phase === 'sending') return;
      const fields = fieldsOf(this.data.form);
      const checked = check(UnitFields, fields);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      // Checked by the contract above: the form's values are the contract's input.
      const input = fields as UnitFieldsInput;
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const unit = this.data.unit;
      const result = await saveUnit(
        unit ? { unitId: unit.unitId, version: unit.version, fields: input } : { fields: input },
        requestId,
      );
      this.setData({ phase: 'editing', requestId: '' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result, 'fields') });
      this.setData({ unit: result.data, unitId: result.data.unitId, mode: 'view', status: 'ready' });
      wx.showToast({ title: '已保存', icon: 'success' });
    },
    onUnion() {
      const u = this.data.unit;
      if (u?.unionId) wx.navigateTo({ url: `/staff/pages/union/index?id=${u.unionId}` });
    },
  },
});
