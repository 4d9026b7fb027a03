/**
 * 登记职代会 / 登记提案 (staff): one enterprise's workers' congress session — 届/次, date, form, who should and did
 * attend, the delegates' make-up, the agenda, every resolution with its votes, the 厂务公开 items — or a proposal
 * (提案) put to its congress. The server checks every rule again (quorum, front-line ≥ 50%, managers ≤ 20%, the
 * size) and names the field it refuses; the words are shown beside it. A proposal's later steps (立案, 转办,
 * 答复, 满意度) run on the case page it opens.
 */
import {
  CongressSessionInput,
  maxLengthOf,
  maxLengths,
  OpenAffairInput,
  ProposalFormInput,
  ResolutionInput,
} from '@union/contracts';
import { enterpriseView, recordSession } from '../../../services/agreements';
import { submitCase } from '../../../services/cases';
import { newRequestId } from '../../../services/api';
import { screen } from '../../../behaviors/screen';
import {
  blankOpenAffair,
  blankResolution,
  emptySession,
  errorSlot,
  sessionInput,
  type SessionState,
} from './session-form';

type Mode = 'session' | 'proposal';
/** The agenda is typed one item a line: at most 20 items of the contract's length, and their line breaks. */
const AGENDA_MAX = 20 * (maxLengthOf(CongressSessionInput, 'agenda.0') + 1);
type Row = { list: 'resolutions' | 'openAffairs'; index: number; field: string };
const emptyProposal = () => ({ title: '', measures: '', proposer: '', seconders: '' });

Component({
  behaviors: [screen],
  data: {
    unitId: '',
    mode: 'session' as Mode,
    name: '',
    employees: 0,
    today: '',
    session: emptySession('', 0) as SessionState,
    proposal: emptyProposal(),
    limits: {
      ...maxLengths(ProposalFormInput, {
        title: 'title',
        measures: 'measures',
        proposer: 'proposer',
        seconders: 'seconders',
      }),
      ...maxLengths(ResolutionInput, { resolution: 'title' }),
      ...maxLengths(OpenAffairInput, { openAffair: 'item' }),
      agenda: AGENDA_MAX,
    },
    errors: {} as Record<string, string>,
    phase: 'idle' as 'idle' | 'sending',
    requestId: '',
  },
  methods: {
    onLoad(query: { unitId?: string; mode?: string }) {
      const mode: Mode = query.mode === 'proposal' ? 'proposal' : 'session';
      this.setData({ unitId: query.unitId ?? '', mode, requestId: newRequestId() });
      wx.setNavigationBarTitle({ title: mode === 'proposal' ? '登记提案' : '登记职代会' });
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const result = await enterpriseView(this.data.unitId);
      if (!result.ok) return this.showLoadError(result, '您的辖区内没有这个单位');
      const v = result.data;
      const next = v.sessions.length ? nextSession(v.sessions[0]!.sessionId) : { termNo: '1', sessionNo: '1' };
      this.setData({
        status: 'ready',
        name: v.name,
        employees: v.employees,
        today: v.today,
        session: { ...emptySession(v.today, v.employees), ...next },
      });
    },
    onField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`session.${key}`]: e.detail.value, [`errors.${key}`]: '' });
    },
    onRow(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, Row>) {
      const { list, index, field } = e.currentTarget.dataset;
      this.setData({ [`session.${list}[${Number(index)}].${field}`]: e.detail.value, [`errors.${list}`]: '' });
    },
    onAddRow(e: WechatMiniprogram.BaseEvent<Record<string, never>, { list: Row['list'] }>) {
      const list = e.currentTarget.dataset.list;
      const rows = this.data.session[list] as unknown[];
      const blank = list === 'resolutions' ? blankResolution() : blankOpenAffair(this.data.today);
      this.setData({ [`session.${list}`]: [...rows, blank] });
    },
    onRemoveRow(e: WechatMiniprogram.BaseEvent<Record<string, never>, Row>) {
      const { list, index } = e.currentTarget.dataset;
      const rows = (this.data.session[list] as unknown[]).filter((_, i) => i !== Number(index));
      this.setData({ [`session.${list}`]: rows, [`errors.${list}`]: '' });
    },
    async onSaveSession() {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending', errors: {} });
      const result = await recordSession(sessionInput(this.data.session, this.data.unitId));
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const { slot, message } = errorSlot(result.field, result.message);
        // Beside its field, and again above the save button, where the person is looking.
        return this.setData({
          [`errors.${slot in this.data.session ? slot : 'session'}`]: message,
          'errors.session': message,
        });
      }
      wx.showToast({ title: '已登记', icon: 'success' });
      wx.navigateBack();
    },
    onProposalField(e: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { key: string }>) {
      const key = e.currentTarget.dataset.key;
      this.setData({ [`proposal.${key}`]: e.detail.value, [`errors.${key}`]: '' });
    },
    async onSaveProposal() {
      if (this.data.phase === 'sending') return;
      this.setData({ phase: 'sending', errors: {} });
      const p = this.data.proposal;
      const form = {
        unitId: this.data.unitId,
        title: p.title.trim(),
        measures: p.measures.trim(),
        proposer: p.proposer.trim(),
        seconders: p.seconders.trim(),
      };
      const result = await submitCase('congress_proposal', form, this.data.requestId);
      this.setData({ phase: 'idle' });
      if (!result.ok) {
        const key = result.field?.startsWith('form.') ? result.field.slice(5) : '';
        return this.setData({ [`errors.${key in p ? key : 'proposal'}`]: result.message });
      }
      wx.redirectTo({ url: `/staff/pages/case/index?id=${result.data._id}` });
    },
  },
});

/** The 届/次 after the latest session (`<unit>:<届>:<次>`): the next 次 of the same 届. */
function nextSession(sessionId: string): { termNo: string; sessionNo: string } {
  const [term = '1', session = '0'] = sessionId.split(':').slice(-2);
  return { termNo: term, sessionNo: String(Number(session) + 1) };
}
