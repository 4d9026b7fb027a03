/**
 * Collective contracts, labour-contract signing and workers' congresses (`agreements` function, and the case
 * engine for the contracts' steps). The step forms are declared here, per action: the fields each record takes,
 * in the order people fill them (the server checks every value again).
 */
import type { AgreementKind } from '@union/contracts';
import {
  AGREEMENT_KIND_LABELS,
  AnswerInput,
  DataHandoverInput,
  DraftInput,
  FILING_CHANNEL_LABELS,
  FilingInput,
  maxLengthOf,
  MeetingInput,
  OFFER_SIDE_LABELS,
  PublicationInput,
  ReviewOpinionInput,
} from '@union/contracts';
type Schema = Parameters<typeof maxLengthOf>[0];
import { callApi, type CallInput } from './api';

export const agreementBoard = (nodeId?: string) => callApi('agreements', 'board', nodeId ? { nodeId } : {});
export const exportAgreementBoard = (nodeId?: string) => callApi('agreements', 'exportBoard', nodeId ? { nodeId } : {});
export const enterpriseView = (unitId: string) => callApi('agreements', 'enterprise', { unitId });
export const agreementOutline = (caseId: string) => callApi('agreements', 'outline', { caseId });
export const filingPack = (caseId: string) => callApi('agreements', 'filingPack', { caseId });
export const recordLabour = (input: CallInput<'agreements', 'recordLabour'>) =>
  callApi('agreements', 'recordLabour', input);
export const recordSession = (input: CallInput<'agreements', 'recordSession'>) =>
  callApi('agreements', 'recordSession', input);
export const addContact = (input: CallInput<'agreements', 'addContact'>) => callApi('agreements', 'addContact', input);
export const removeContact = (input: CallInput<'agreements', 'removeContact'>) =>
  callApi('agreements', 'removeContact', input);

/** One field of a step's record. */
export interface StepField {
  key: string;
  label: string;
  type: 'date' | 'text' | 'textarea' | 'number' | 'choice';
  options?: { value: string; label: string }[];
  optional?: boolean;
  /** The contract's length limit of a text field (the field refuses more; a counter shows it). */
  max?: number;
}

/** The record a step takes: the input's name and its fields (a `reason` step takes the reason alone). */
export interface StepForm {
  input: string;
  fields: StepField[];
}

const date = (key: string, label: string): StepField => ({ key, label, type: 'date' });
const text = (schema: Schema, key: string, label: string, optional = false): StepField => ({
  key,
  label,
  type: 'text',
  optional,
  max: maxLengthOf(schema, key),
});
const area = (schema: Schema, key: string, label: string): StepField => ({
  key,
  label,
  type: 'textarea',
  max: maxLengthOf(schema, key),
});
const num = (key: string, label: string): StepField => ({ key, label, type: 'number' });
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

export const STEP_FORMS: Record<string, StepForm> = {
  answer: {
    input: 'answer',
    fields: [
      date('answeredOn', '回应日期'),
      {
        key: 'agreed',
        label: '是否同意协商',
        type: 'choice',
        options: [
          { value: 'yes', label: '同意协商' },
          { value: 'no', label: '不同意协商' },
        ],
      },
      area(AnswerInput, 'content', '回应内容'),
    ],
  },
  plan_meeting: {
    input: 'meeting',
    fields: [date('meetingOn', '协商会议日期'), text(MeetingInput, 'place', '会议地点')],
  },
  hand_over_data: {
    input: 'data',
    fields: [date('handedOverOn', '提供资料日期'), text(DataHandoverInput, 'items', '提供的资料')],
  },
  submit_draft: {
    input: 'draft',
    fields: [
      date('draftedOn', '草案形成日期'),
      date('startsOn', '合同起始日期'),
      num('termYears', '合同期限（年）'),
      text(DraftInput, 'unionChief', '职工方首席代表'),
      text(DraftInput, 'enterpriseChief', '企业方首席代表'),
      area(DraftInput, 'highlights', '主要条款'),
    ],
  },
  record_vote: {
    input: 'vote',
    fields: [
      date('heldOn', '表决日期'),
      num('delegatesTotal', '应到代表人数'),
      num('present', '实到代表人数'),
      num('inFavour', '赞成票'),
      num('against', '反对票'),
      num('abstain', '弃权票'),
    ],
  },
  sign: { input: 'signing', fields: [date('signedOn', '签字日期')] },
  file: {
    input: 'filing',
    fields: [
      date('filedOn', '报送日期'),
      text(FilingInput, 'office', '受理部门'),
      { key: 'channel', label: '报送方式', type: 'choice', options: options(FILING_CHANNEL_LABELS) },
      text(FilingInput, 'receiptNo', '受理单号（可不填）', true),
    ],
  },
  record_objection: {
    input: 'opinion',
    fields: [date('receivedOn', '收到审查意见日期'), area(ReviewOpinionInput, 'opinion', '审查意见')],
  },
  publish: {
    input: 'publication',
    fields: [date('publishedOn', '公布日期'), text(PublicationInput, 'method', '公布方式')],
  },
};

/** The starting values of a step's form: dates are today (server time), choices their first option. */
export function startValues(form: StepForm, today: string, defaults: Record<string, string> = {}) {
  const values: Record<string, string> = {};
  for (const f of form.fields) {
    values[f.key] = f.type === 'date' ? today : f.type === 'choice' ? (f.options?.[0]?.value ?? '') : '';
  }
  return { ...values, ...defaults };
}

/** The typed record from what was entered (numbers as numbers, 同意/不同意 as true/false; blanks left out). */
export function stepInput(form: StepForm, values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form.fields) {
    const v = (values[f.key] ?? '').trim();
    if (f.key === 'agreed') out[f.key] = v === 'yes';
    else if (f.type === 'number') out[f.key] = v === '' ? undefined : Number(v);
    else if (v !== '' || !f.optional) out[f.key] = v;
  }
  return out;
}

export const KIND_OPTIONS = options(AGREEMENT_KIND_LABELS) as { value: AgreementKind; label: string }[];
export const SIDE_OPTIONS = options(OFFER_SIDE_LABELS);

/** Words for a view's flags. */
export const FLAG_WORDS: Record<string, string> = {
  expiring: '60天内到期',
  overdue: '逾期未办',
  no_contract: '无有效合同',
  no_congress: '今年未开职代会',
};

/** The length limit of each text field of every step form, by field key (for `maxlength` and the counters). */
export function stepLimits(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const form of Object.values(STEP_FORMS)) for (const f of form.fields) if (f.max) out[f.key] = f.max;
  return out;
}
