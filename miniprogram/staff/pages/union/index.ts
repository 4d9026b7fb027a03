/**
 * 工会组织 (staff): one union — type, parent, the units it covers, chairman and committee with their terms,
 * the legal-person certificate — and the form to register or correct it in my scope (checked with the
 * contract's `UnionFields`). A covered unit is given by its credit code; the parent is the town's federation
 * unless the union already has another.
 */
import {
  COMMITTEE_POST_LABELS,
  UNION_TYPE_LABELS,
  UnionFields,
  maxLengths,
  type UnionFieldsInput,
  type UnionView,
} from '@union/contracts';
import { choices, getUnion, saveUnion } from '../../../services/registry';
import { newRequestId } from '../../../services/api';
import { check, failureToErrors, type FieldErrors } from '../../../utils/form';
import { screen } from '../../../behaviors/screen';

const TYPES = choices(UNION_TYPE_LABELS);
const POSTS = choices(COMMITTEE_POST_LABELS);

interface MemberForm {
  name: string;
  post: number;
  termStart: string;
  termEnd: string;
}

const emptyForm = () => ({
  name: '',
  creditCode: '',
  type: 0,
  unitCodes: '',
  foundedOn: '',
  memberCount: '',
  nodeId: '',
  chairman: '',
  termStart: '',
  termEnd: '',
  certificateValidUntil: '',
  committee: [] as MemberForm[],
});
type Form = ReturnType<typeof emptyForm>;

const splitTerm = (term: string) => term.split(' 至 ');

function formOf(u: UnionView): Form {
  const [termStart, termEnd] = u.chairman ? splitTerm(u.chairman.term) : ['', ''];
  return {
    name: u.name,
    creditCode: u.creditCode ?? '',
    type: TYPES.findIndex((t) => t.value === u.type),
    unitCodes: u.units.map((x) => x.creditCode).join('、'),
    foundedOn: u.foundedOn,
    memberCount: String(u.memberCount),
    nodeId: u.villageId ?? u.townId,
    chairman: u.chairman?.name ?? '',
    termStart,
    termEnd,
    certificateValidUntil: u.certificateValidUntil ?? '',
    committee: u.committee.map((m) => {
      const [s, e] = splitTerm(m.term);
      return {
        name: m.name,
        post: Math.max(
          0,
          POSTS.findIndex((p) => p.label === m.post),
        ),
        termStart: s,
        termEnd: e,
      };
    }),
  };
}

function fieldsOf(f: Form, parentUnionId: string | null) {
  const village = /-v\d{2}$/.test(f.nodeId);
  const codes = f.unitCodes
    .split(/[、,，;；\s]+/)
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    name: f.name,
    ...(f.creditCode ? { creditCode: f.creditCode } : {}),
    type: TYPES[f.type]?.value,
    ...(parentUnionId ? { parentUnionId } : {}),
    unitCreditCodes: codes,
    foundedOn: f.foundedOn,
    memberCount: /^\d+$/.test(f.memberCount.trim()) ? Number(f.memberCount.trim()) : f.memberCount,
    townId: village ? f.nodeId.slice(0, 3) : f.nodeId,
    ...(village ? { villageId: f.nodeId } : {}),
    ...(f.chairman || f.termStart || f.termEnd
      ? { chairman: { name: f.chairman, termStart: f.termStart, termEnd: f.termEnd } }
      : {}),
    committee: f.committee.map((m) => ({
      name: m.name,
      post: POSTS[m.post].value,
      termStart: m.termStart,
      termEnd: m.termEnd,
    })),
    ...(f.certificateValidUntil ? { certificateValidUntil: f.certificateValidUntil } : {}),
  };
}

Component({
  behaviors: [screen],
  data: {
    unionId: '',
    union: null as UnionView | null,
    mode: 'view' as 'view' | 'edit',
    form: emptyForm(),
    /** Text limits from the contract; the unit codes: up to 300 codes of 18 characters and a separator. */
    limits: {
      ...maxLengths(UnionFields, { name: 'name', chairman: 'chairman.name', member: 'committee.0.name' }),
      unitCodes: 300 * 19,
    },
    types: TYPES.map((t) => t.label),
    posts: POSTS.map((p) => p.label),
    errors: {} as FieldErrors,
    phase: 'editing' as 'editing' | 'sending',
    requestId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (!query.id) {
        wx.setNavigationBarTitle?.({ title: '登记工会组织' });
        this.setData({ mode: 'edit', status: 'ready' });
        return;
      }
      this.setData({ unionId: query.id });
      void this.load();
    },
    async load() {
      if (!this.data.unionId) return;
      this.setData({ status: 'loading' });
      const result = await getUnion(this.data.unionId);
      if (!result.ok) return this.showLoadError(result, '没有这个工会组织，或它不在您的辖区。');
      this.setData({ status: 'ready', union: result.data });
    },
    onEdit() {
      if (this.data.union) this.setData({ mode: 'edit', form: formOf(this.data.union), errors: {} });
    },
    onCancel() {
      if (this.data.union) this.setData({ mode: 'view', errors: {} });
      else wx.navigateBack();
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value, [`errors.${field.replace(/\./g, '_')}`]: '' });
    },
    onType(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.type': Number(e.detail.value) });
    },
    onPost(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number }>) {
      this.setData({ [`form.committee[${e.currentTarget.dataset.index}].post`]: Number(e.detail.value) });
    },
    onPlace(e: WechatMiniprogram.CustomEvent<{ nodeId: string }>) {
      this.setData({ 'form.nodeId': e.detail.nodeId, 'errors.townId': '', 'errors.villageId': '' });
    },
    onAddMember() {
      const m: MemberForm = { name: '', post: 1, termStart: this.data.form.termStart, termEnd: this.data.form.termEnd };
      this.setData({ [`form.committee[${this.data.form.committee.length}]`]: m });
    },
    onRemoveMember(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const committee = this.data.form.committee.filter((_, i) => i !== Number(e.currentTarget.dataset.index));
      this.setData({ 'form.committee': committee });
    },
    async onSave() {
      if (this.data.phase === 'sending') return;
      const union = this.data.union;
      const fields = fieldsOf(this.data.form, union?.parentUnionId ?? null);
      const checked = check(UnionFields, fields);
      if (!checked.ok) return this.setData({ errors: checked.errors });
      const input = fields as UnionFieldsInput;
      const requestId = this.data.requestId || newRequestId();
      this.setData({ phase: 'sending', requestId });
      const result = await saveUnion(
        union ? { unionId: union.unionId, version: union.version, fields: input } : { fields: input },
        requestId,
      );
      this.setData({ phase: 'editing', requestId: '' });
      if (!result.ok) return this.setData({ errors: failureToErrors(result, 'fields') });
      this.setData({ union: result.data, unionId: result.data.unionId, mode: 'view', status: 'ready' });
      wx.showToast({ title: '已保存', icon: 'success' });
    },
    onUnit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/unit/index?id=${e.currentTarget.dataset.id}` });
    },
  },
});
