/** Fixture builders for component tests: typed data as the functions answer it. */
import '../../domain/catalog';
import { typeInfos } from '../../domain/cases/type-info';
import type {
  CaseTypeInfo,
  CaseTypeClient,
  AidApplicationView,
  AvailableAction,
  FaqEntry,
  RoundView,
  CaseDetail,
  CaseSummary,
  GridTreeNode,
  MyProfile,
  TimelineEntry,
} from '@union/contracts';

/** A small grid: a city with the given towns, each with `n` villages. */
export function gridTree(towns: Array<[name: string, villages: number]>): GridTreeNode {
  return {
    _id: 'city',
    name: '松滋市',
    level: 'city',
    children: towns.map(([name, n], t) => ({
      _id: `t${String(t + 1).padStart(2, '0')}`,
      name,
      level: 'town',
      children: Array.from({ length: n }, (_, v) => ({
        _id: `t${String(t + 1).padStart(2, '0')}-v${String(v + 1).padStart(2, '0')}`,
        name: `${name.slice(0, 1)}${v + 1}村`,
        level: 'village' as const,
        children: [],
      })),
    })),
  };
}

/** A profile as `people.me` answers it (masked). */
export function myProfile(overrides: Partial<MyProfile> = {}): MyProfile {
  return {
    personId: 'p1',
    name: '张三',
    idNumber: '4210**********1234',
    phone: '138****5678',
    gender: 'male',
    birthDate: '1985-03-12',
    homeVillageId: 't01-v01',
    categories: ['migrant'],
    workCity: '武汉',
    employer: '某建筑公司',
    claimed: true,
    enteredOnBehalf: false,
    masked: true,
    ...overrides,
  };
}

/** A grid answer for the village picker: `南海镇` with villages `南1村`, `南2村`. */
export const smallGrid = () => ({
  root: gridTree([
    ['南海镇', 2],
    ['万家乡', 1],
  ]),
  towns: 2,
  villages: 3,
});

/** A case list row as `cases.mine` / `cases.queue` answer it. */
export function caseSummary(overrides: Partial<CaseSummary> = {}): CaseSummary {
  const client = clientOfType(overrides.type ?? 'appeal');
  return {
    _id: 'c1',
    type: 'appeal',
    typeTitle: '职工诉求',
    status: 'submitted',
    statusLabel: '待受理',
    category: 'wage_arrears',
    categoryLabel: '欠薪',
    title: '欠薪 · 某建筑公司',
    applicantName: '张*',
    detailPage: client.detailPage,
    onHome: client.onHome,
    applicantPlace: '南海镇示例村',
    nodeId: 't02',
    nodeName: '南海镇',
    level: 'town',
    open: true,
    dueAt: '2026-12-03T09:00:00.000Z',
    overdue: false,
    overdueCount: 0,
    held: false,
    stepSince: '2026-11-30T02:00:00.000Z',
    waitingSince: null,
    waitingMinutes: null,
    createdAt: '2026-11-30T02:00:00.000Z',
    updatedAt: '2026-11-30T02:00:00.000Z',
    ...overrides,
  };
}

export const step = (seq: number, overrides: Partial<TimelineEntry> = {}): TimelineEntry => ({
  seq,
  action: 'submit',
  actionLabel: '提交',
  from: null,
  to: 'submitted',
  toLabel: '待受理',
  at: '2026-11-30T02:00:00.000Z',
  role: 'applicant',
  actorName: '张*',
  ...overrides,
});

export const available = (
  action: AvailableAction['action'],
  label: string,
  needs: AvailableAction['needs'] = [],
): AvailableAction => ({
  action,
  label,
  needs,
});

/** A case detail as `cases.get` answers it. */
export function caseDetail(overrides: Partial<CaseDetail> = {}): CaseDetail {
  const client = clientOfType(overrides.type ?? 'appeal');
  return {
    ...caseSummary({ type: overrides.type ?? 'appeal' }),
    version: 3,
    access: 'applicant',
    // What the type declares for its pages, as `cases.get` adds it.
    ...(client.resubmitPage ? { resubmitPage: client.resubmitPage } : {}),
    ...(client.moreDetail ? { moreDetail: { ...client.moreDetail } } : {}),
    ...(client.files ? { files: { ...client.files } } : {}),
    form: {
      category: 'wage_arrears',
      facts: '老板拖欠三个月工资未发',
      employer: '某建筑公司',
      workCity: '武汉',
      contactPreference: 'phone',
    },
    submission: [
      { key: 'facts', label: '事实经过', value: '老板拖欠三个月工资未发', kind: 'longtext' },
      { key: 'employer', label: '用人单位', value: '某建筑公司', kind: 'text' },
      { key: 'workCity', label: '务工城市', value: '武汉', kind: 'text' },
      { key: 'contactPreference', label: '希望的联系方式', value: '电话联系', kind: 'text' },
    ],
    contact: null,
    timeline: [
      step(1),
      step(2, {
        action: 'accept',
        actionLabel: '受理',
        from: 'submitted',
        to: 'in_progress',
        toLabel: '办理中',
        role: 'town_staff',
        actorName: '李*',
        at: '2026-11-30T03:00:00.000Z',
        comment: '已联系单位',
      }),
    ],
    messages: [],
    availableActions: [],
    rating: null,
    reopenCount: 0,
    ...overrides,
  };
}

/** A library entry as `library.search` answers it. */
export function faq(overrides: Partial<FaqEntry> = {}): FaqEntry {
  return {
    _id: 'f1',
    title: '金秋助学怎么申请？',
    body: '每年 7 月至 9 月，在小程序“金秋助学”中填写申请。',
    category: 'school',
    keywords: ['助学'],
    scopeNodeId: 'city',
    scopeName: '松滋市',
    published: true,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** An open round as `aid.rounds` answers it. */
export function round(
  overrides: Partial<RoundView> = {},
  programme: 'student_aid' | 'hardship_aid' = 'student_aid',
): RoundView {
  return {
    roundId: programme === 'student_aid' ? 'r-student-2026' : 'r-hardship-2026',
    status: 'open',
    rulesVersion: 'v1',
    povertyLineFen: 70000,
    acceptingApplications: true,
    config: {
      programme,
      year: 2026,
      title: programme === 'student_aid' ? '2026年金秋助学' : '2026年困难职工帮扶',
      opensOn: '2026-07-01',
      closesOn: '2026-12-31',
      applicantTypes: ['worker', 'migrant', 'hardship_worker'],
      levels: programme === 'student_aid' ? ['senior_high', 'undergraduate'] : [],
      amounts:
        programme === 'student_aid'
          ? [{ category: 'university_file', amountFen: 300000 }]
          : [{ category: 'deep', amountFen: 500000 }],
      exclusions: [],
      noFileIncomeMultiple: 2,
      migrantMinMonths: 12,
      accidentCostPercent: 80,
      noticeWorkingDays: 5,
      calendar: { holidays: [], workdays: [] },
      objectionContact: '市总工会 0716-0000000',
    },
    ...overrides,
  };
}

/** An application as `aid.application` / `aid.submit` answer it (masked). */
export function aidApplication(overrides: Partial<AidApplicationView> = {}): AidApplicationView {
  return {
    caseId: 'a1',
    roundId: 'r-student-2026',
    roundTitle: '2026年金秋助学',
    programme: 'student_aid',
    stage: 'in_review',
    stageLabel: '审核中',
    caseStatus: 'village_review',
    category: 'university_file',
    categoryLabel: '大学（建档）',
    amountFen: 300000,
    applicant: {
      name: '张*',
      idNumber: '4210**********1237',
      mobile: '138****5678',
      type: 'worker',
      villageId: 't01-v01',
      unitName: null,
    },
    child: {
      name: '张*',
      idNumber: '4210**********2345',
      school: '武汉大学',
      level: 'undergraduate',
      admissionLetterFileId: 'cloud://env.b/x.jpg',
      declarations: [],
    },
    household: { size: 3, annualIncomeFen: 3000000, annualHardshipCostFen: 0, members: [] },
    hardshipCause: null,
    bankCard: { bankName: '农业银行', last4: '1234', luhnWarning: false },
    consents: { sensitiveData: true, publicNotice: true, guardian: true },
    eligibility: {
      eligible: true,
      rulesVersion: 'v1',
      category: 'university_file',
      amountFen: 300000,
      reasons: [{ code: 'income', passed: true, message: '家庭人均月收入低于低保标准的2倍' }],
    },
    verification: [],
    homeVisits: [],
    notice: null,
    payments: [],
    steps: [{ at: '2026-11-30T02:00:00.000Z', label: '提交申请' }],
    submittedAt: '2026-11-30T02:00:00.000Z',
    ...overrides,
  };
}

/** A type's client settings from its real declaration (`cases.types`). */
function clientOfType(type: string): CaseTypeClient {
  const info = typeInfos().find((t) => t.type === type);
  if (!info) throw new Error(`fixture: no case type ${type}`);
  return info.client;
}

/** The case types as `cases.types` serves them, from the real declarations (the mini-program keeps no list). */
export function caseTypeInfos(): CaseTypeInfo[] {
  return typeInfos();
}
