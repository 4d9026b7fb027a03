/** My profile, my data, consents and staff invitations (functions `people` and `staff`). */
import type {
  ApiResult,
  ConsentView,
  DataRequestView,
  MaskedPerson,
  MyData,
  MyProfile,
  PersonCategory,
  StaffRole,
} from '@union/contracts';
import { CATEGORY_LABELS, ROLE_LABELS } from '@union/contracts';
import { callApi, type CallInput, newRequestId } from './api';
import { formatTime } from '../utils/format';

export type ProfileInput = CallInput<'people', 'saveProfile'>;
export type CorrectionInput = CallInput<'people', 'correctMyData'>;

/** The form as the profile page holds it (strings and choices, before validation). */
export interface ProfileFormState {
  name: string;
  idNumber: string;
  phone: string;
  phoneCode: string;
  homeVillageId: string;
  categories: PersonCategory[];
  workCity: string;
  employer: string;
}

export const emptyProfileForm = (): ProfileFormState => ({
  name: '',
  idNumber: '',
  phone: '',
  phoneCode: '',
  homeVillageId: '',
  categories: [],
  workCity: '',
  employer: '',
});

/** What to send: empty optional fields left out. */
export function toProfileInput(f: ProfileFormState): ProfileInput {
  const input: ProfileInput = {
    name: f.name,
    idNumber: f.idNumber,
    homeVillageId: f.homeVillageId,
    categories: f.categories,
  };
  if (f.phoneCode) input.phoneCode = f.phoneCode;
  else if (f.phone) input.phone = f.phone;
  if (f.workCity) input.workCity = f.workCity;
  if (f.employer) input.employer = f.employer;
  return input;
}

export const categoryOptions = (Object.keys(CATEGORY_LABELS) as PersonCategory[]).map((value) => ({
  value,
  label: CATEGORY_LABELS[value],
}));

/** A profile as the page shows it (values as the server sent them: masked where masked). */
export interface ProfileView {
  name: string;
  idNumber: string;
  phone: string;
  categories: string;
  workCity: string;
  employer: string;
  homeVillageId: string;
}

export function toProfileView(p: MyProfile): ProfileView {
  return {
    name: p.name,
    idNumber: p.idNumber,
    phone: p.phone ?? '未填写',
    categories: p.categories.map((c) => CATEGORY_LABELS[c]).join('、'),
    workCity: p.workCity ?? '',
    employer: p.employer ?? '',
    homeVillageId: p.homeVillageId,
  };
}

export const loadMyProfile = (): Promise<ApiResult<MyProfile | null>> => callApi('people', 'me', {});
export const saveProfile = (input: ProfileInput, requestId = newRequestId()) =>
  callApi('people', 'saveProfile', input, { requestId });
export const loadMyData = (): Promise<ApiResult<MyData>> => callApi('people', 'viewMyData', {});
export const correctMyData = (input: CorrectionInput) =>
  callApi('people', 'correctMyData', input, { requestId: newRequestId() });
export const requestDeletion = (reason: string) =>
  callApi('people', 'requestDeletion', reason ? { reason } : {}, { requestId: newRequestId() });
export const recordConsent = (
  kind: 'sensitive_data' | 'public_notice',
  granted: boolean,
  version = CONSENT_TEXT_VERSION,
) => callApi('people', 'recordConsent', { kind, version, granted });

/** Version of the consent texts shown in the mini-program. */
export const CONSENT_TEXT_VERSION = '2026-01';

/** Plain-words consent texts. */
export const CONSENT_TEXTS = {
  sensitive_data: {
    title: '同意处理敏感个人信息',
    text: '为办理帮扶和维权事项，工会需要使用您的身份证号、银行卡号、家庭和收入情况。这些信息加密保存，只有办理您事项的工作人员能看到，用完按规定删除。',
  },
  public_notice: {
    title: '同意在公示中列出',
    text: '审核通过后，工会会公示受助名单。公示只显示姓名（部分用*代替）、所在村或单位、项目和金额，不显示身份证、电话、银行卡和困难情况。不同意的，不列入公示。',
  },
} as const;

const REQUEST_TYPE_LABELS = { view: '查看', correct: '更正', delete: '删除' } as const;
const REQUEST_STATUS_LABELS: Record<DataRequestView['status'], string> = {
  done: '已完成',
  pending: '处理中',
  refused: '未通过',
};

/** My data's requests and consents as lines to show. */
export function myDataLines(data: MyData) {
  return {
    consents: data.consents.map((c) => ({
      key: `${c.kind}-${c.at}`,
      title: CONSENT_TEXTS[c.kind].title,
      state: c.granted ? '已同意' : '已撤回',
      at: formatTime(c.at),
    })),
    requests: data.requests.map((r) => ({
      key: r.requestId,
      title: `${REQUEST_TYPE_LABELS[r.type]}申请`,
      state: REQUEST_STATUS_LABELS[r.status] + (r.note ? `（${r.note}）` : ''),
      at: formatTime(r.at),
    })),
  };
}

export const roleLabel = (role: StaffRole): string => ROLE_LABELS[role];

/** Staff: people in scope (masked). */
export const searchPeople = (input: CallInput<'people', 'searchPeople'>) => callApi('people', 'searchPeople', input);
/** Collector: create a profile for someone without a smartphone (returns a one-time claim code). */
export const createOnBehalf = (input: CallInput<'people', 'createOnBehalf'>, requestId: string) =>
  callApi('people', 'createOnBehalf', input, { requestId });
export const reissueClaimCode = (personId: string) =>
  callApi('people', 'reissueClaimCode', { personId }, { requestId: newRequestId() });
/** The person claims a profile a collector entered for them. */
export const claimProfile = (input: CallInput<'people', 'claimProfile'>, requestId: string) =>
  callApi('people', 'claimProfile', input, { requestId });
/** City admin: pending deletion requests, and settling one. */
export const listDataRequests = () => callApi('people', 'listDataRequests', {});
export const resolveDataRequest = (input: CallInput<'people', 'resolveDataRequest'>) =>
  callApi('people', 'resolveDataRequest', input, { requestId: newRequestId() });

/** Staff: the consents of a person in scope (paper forms recorded on their behalf come with the photo). */
export const listConsents = (personId: string) => callApi('people', 'listConsents', { personId });
/** Collector: record a signed paper consent form (photo uploaded first) for someone whose profile they entered. */
export const recordConsentOnBehalf = (input: CallInput<'people', 'recordConsentOnBehalf'>) =>
  callApi('people', 'recordConsentOnBehalf', input, { requestId: newRequestId() });

/** A person's consents as lines to show (staff side: who recorded a paper form, and its photo). */
export const toConsentLine = (c: ConsentView) => ({
  key: `${c.kind}-${c.at}`,
  title: CONSENT_TEXTS[c.kind].title,
  state: c.granted ? '已同意' : '不同意 / 已撤回',
  at: formatTime(c.at),
  how: c.onBehalf
    ? `纸质同意书，${c.recordedBy ?? '工作人员'}代为登记（文本 ${c.version}）`
    : `本人在小程序中确认（文本 ${c.version}）`,
  photo: c.formPhotoFileId ?? '',
});
export type ConsentLine = ReturnType<typeof toConsentLine>;

/** A person as a staff list shows it (masked as sent). */
export const toPersonItem = (p: MaskedPerson) => ({
  id: p.personId,
  line: `${p.name}  ${p.idNumber}`,
  detail: [p.categories.map((c) => CATEGORY_LABELS[c]).join('、'), p.phone ?? '', p.employer ?? '']
    .filter(Boolean)
    .join(' · '),
  claimed: p.claimed,
  onBehalf: p.enteredOnBehalf,
});
export type PersonItem = ReturnType<typeof toPersonItem>;
