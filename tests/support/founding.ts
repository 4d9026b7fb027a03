/**
 * Drive a small founding (three members: a union group) through the real functions up to a step, for tests that
 * need a founding at a later step (deadlines, reminders, the certificate countdown).
 */
import type { TestCloud } from './cloud';
import { callAs, type CallResult } from './people';
import { creditCheckChar, makeIdNumber } from '../../domain/security/validators';

export const FOUNDING_TOWN = 'demo-town-t15';

export interface Driver {
  /** Every call made, for assertions on each step's deadline. */
  steps: { status: string; dueAt: string | null; stepSince: string | null }[];
  act(openid: string, caseId: string, action: string, extra?: Record<string, unknown>): Promise<CallResult>;
}

let n = 0;
const rid = () => `drive-${process.pid}-${Date.now()}-${(n += 1)}`;

let codes = 0;
/** A valid union credit code (工会: `81`), a different one each call (one union per code in the registry). */
export function unionCreditCode(): string {
  const body = `81421087MC${String(process.pid % 1000).padStart(3, '0')}${String((codes += 1) % 10000).padStart(4, '0')}`;
  return body + creditCheckChar(body);
}

export function driver(cloud: TestCloud): Driver {
  const steps: Driver['steps'] = [];
  return {
    steps,
    async act(openid, caseId, action, extra = {}) {
      const current = await callAs(cloud, openid, 'cases', 'get', { caseId });
      if (!current.ok) return current;
      const out = await callAs(
        cloud,
        openid,
        'cases',
        'act',
        { caseId, action, version: current.data.version, ...extra },
        rid(),
      );
      if (out.ok) steps.push({ status: out.data.status, dueAt: out.data.dueAt, stepSince: out.data.stepSince });
      return out;
    },
  };
}

/** Staff approve a worker's 入会申请 (not one of the founding's steps: not recorded in `Driver.steps`). */
export async function approveJoin(cloud: TestCloud, staff: string, caseId: string): Promise<CallResult> {
  const current = await callAs(cloud, staff, 'cases', 'get', { caseId });
  if (!current.ok) return current;
  return callAs(cloud, staff, 'cases', 'act', { caseId, action: 'approve', version: current.data.version }, rid());
}

/** Profiles for `openids` (workers of the enterprise), once per test cloud. */
export async function workerProfiles(cloud: TestCloud, openids: readonly string[], base = 500): Promise<void> {
  for (const [i, openid] of openids.entries()) {
    const saved = await callAs(cloud, openid, 'people', 'saveProfile', {
      name: '郑示例',
      idNumber: makeIdNumber('421087', `1988${String((i % 12) + 1).padStart(2, '0')}11`, base + i),
      homeVillageId: 't15-v01',
      categories: ['worker'],
    });
    if (!saved.ok) throw new Error(`profile for ${openid}: ${saved.message}`);
  }
}

export const smallRequest = (unitName: string, creditCode: string) => ({
  unitName,
  creditCode,
  townId: 't15',
  address: '万家乡工业园 9 号',
  legalRep: '刘建设',
  industry: '食品加工',
  employees: 6,
  womenEmployees: 2,
  prepGroup: [
    { name: '陈一', post: '会计' },
    { name: '陈二', post: '仓管' },
    { name: '陈三', post: '司机' },
  ],
  reason: '职工希望加入工会，企业同意建会。',
  partyOpinion: '同意建会',
});

const ORDER = [
  'town_review',
  'recruiting',
  'groups',
  'candidates',
  'candidates_review',
  'notice',
  'notice_review',
  'election',
  'result_review',
  'profile',
  'registering',
  'legal_person',
  'certified',
] as const;
export type DriveTo = (typeof ORDER)[number];

/**
 * File a small founding as `contact` and take it to `until`. `workers` (with profiles, members of no union) join
 * through the link and the town approves their 入会申请; a worker joins one founding per test cloud.
 * The notice step is ended by the timer at `offsetMs + 7 days`: the caller's clock moves then.
 */
export async function driveFounding(
  cloud: TestCloud,
  d: Driver,
  contact: string,
  workers: readonly string[],
  form: ReturnType<typeof smallRequest>,
  until: DriveTo,
  certificate?: { issuedOn: string; validUntil: string },
): Promise<string> {
  const filed = await callAs(cloud, contact, 'cases', 'submit', { type: 'union_founding', form }, rid());
  if (!filed.ok) throw new Error(`submit: ${filed.message}`);
  const id = filed.data._id as string;
  const T = FOUNDING_TOWN;
  const want = async (p: Promise<CallResult>, label: string) => {
    const r = await p;
    if (!r.ok) throw new Error(`${label}: ${r.code} ${r.field ?? ''} ${r.message}`);
    return r;
  };
  const stopAt = (s: DriveTo) => ORDER.indexOf(until) <= ORDER.indexOf(s);
  if (stopAt('town_review')) return id;
  await want(d.act(T, id, 'approve', { inputs: { opinion: '同意成立筹备组' } }), 'approve');
  if (stopAt('recruiting')) return id;
  const link = await want(callAs(cloud, contact, 'founding', 'joinLink', { caseId: id }), 'joinLink');
  for (const w of workers) {
    // Each joining files a 入会申请 to the town's union, which approves it (the worker is then a 预备会员).
    const joined = await want(callAs(cloud, w, 'founding', 'join', { code: link.data.code }, rid()), 'join');
    const application = joined.data.application as { caseId: string } | null;
    if (application) await want(approveJoin(cloud, T, application.caseId), 'approve join');
  }
  await want(d.act(contact, id, 'finish_recruiting', { inputs: { step: { members: workers.length } } }), 'recruits');
  if (stopAt('groups')) return id;
  const groups = [{ name: '全体职工小组', leader: '陈一', members: workers.length }];
  await want(d.act(contact, id, 'report_groups', { inputs: { step: { groups } } }), 'groups');
  if (stopAt('candidates')) return id;
  const cand = (name: string, forChairman = false) => ({
    name,
    post: 'staff',
    kinship: 'none',
    foreign: false,
    forChairman,
  });
  const list = { assembly: 'members', committeeSeats: 1, auditSeats: 0, committee: [cand('陈一', true), cand('陈二')] };
  await want(d.act(contact, id, 'report_candidates', { inputs: { step: list } }), 'candidates');
  if (stopAt('candidates_review')) return id;
  await want(d.act(T, id, 'publish_candidates', { inputs: { opinion: '同意公示' } }), 'publish');
  if (stopAt('notice')) return id;
  const before = Number(process.env.UNION_CLOCK_OFFSET_MS ?? 0);
  process.env.UNION_CLOCK_OFFSET_MS = String(before + 7 * 86_400_000 + 60_000);
  await want(callAs(cloud, 'demo-admin', 'scheduler', 'run', { task: 'founding' }), 'timer');
  if (stopAt('notice_review')) return id;
  await want(d.act(T, id, 'approve_candidates', { inputs: { opinion: '批准' } }), 'approve candidates');
  if (stopAt('election')) return id;
  const due = workers.length;
  const result = {
    due,
    present: due,
    womenMembers: 0,
    committee: [
      { name: '陈一', votes: due },
      { name: '陈二', votes: 0 },
    ],
    audit: [],
    chairman: '陈一',
    heldOn: '2026-12-20',
  };
  await want(d.act(contact, id, 'report_election', { inputs: { step: result } }), 'election');
  if (stopAt('result_review')) return id;
  const docNumber = `万工〔2026〕${100 + (n % 900)}号`;
  const approval = { docNumber, termYears: '3', opinion: '同意选举结果' };
  await want(d.act(T, id, 'approve_result', { inputs: approval }), 'approve result');
  if (stopAt('profile')) return id;
  const profile = { unionName: `${form.unitName}工会小组`, address: form.address, fullTimeStaff: 0 };
  await want(d.act(contact, id, 'report_profile', { inputs: { step: profile } }), 'profile');
  if (stopAt('registering')) return id;
  await want(d.act(T, id, 'register', { inputs: { opinion: '录入工会组织库' } }), 'register');
  if (stopAt('legal_person') || !certificate) return id;
  const cert = { unionCreditCode: unionCreditCode(), ...certificate };
  await want(d.act(contact, id, 'report_certificate', { inputs: { step: cert } }), 'certificate');
  return id;
}
