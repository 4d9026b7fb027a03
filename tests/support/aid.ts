/**
 * Fixture builders for aid tests: the demo applicants' forms, rounds, and loading the reference samples
 * into a test cloud with its own keys.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importReferenceRows, readRows, type ImportDb } from '../../domain/aid/reference-import';
import { DEMO_APPLICANTS, DEMO_UNIT, SAMPLES_DIR } from '../../scripts/seed/reference-samples';
import type { ReferenceDataset } from '../../typings/aid';
import type { HistoryStep } from '../../domain/cases/machine';
import type { TestCloud } from './cloud';
import { callAs, type CallResult } from './people';
import { uploadAs } from './uploads';
import { seedArchiveSamples } from '../../scripts/seed/registry';

export { DEMO_APPLICANTS, DEMO_UNIT };

/**
 * Import every sample dataset (CSV; household registration from its xlsx) into the cloud, and put the sample
 * households into the hardship archive (the registry's own files, which the aid checks read).
 */
export async function importSamples(cloud: TestCloud): Promise<void> {
  const files: [ReferenceDataset, string][] = [
    ['household', 'household.xlsx'],
    ['civil_affairs', 'civil_affairs.csv'],
    ['business', 'business.csv'],
  ];
  const archived = await cloud.sdkApp().database().collection('archive_files').where({ fileNo: 'KN2024-0001' }).count();
  if (!archived.total) await seedArchiveSamples(cloud.sdkApp(), cloud.devKeys);
  for (const [dataset, file] of files) {
    const rows = await readRows(file, fs.readFileSync(path.join(SAMPLES_DIR, file)));
    await importReferenceRows(cloud.sdkApp().database() as unknown as ImportDb, dataset, rows, cloud.devKeys, {
      adminSdk: true,
      fileName: file,
    });
  }
}

/** The student-aid round of the tests: open around "now" (2026), amounts as one county published. */
export function studentRoundConfig(over: Record<string, unknown> = {}) {
  return {
    programme: 'student_aid',
    year: 2026,
    title: '2026年金秋助学',
    opensOn: '2026-01-01',
    closesOn: '2027-12-31',
    applicantTypes: ['worker', 'migrant', 'hardship_worker'],
    levels: ['senior_high', 'secondary_vocational', 'higher_vocational', 'undergraduate', 'postgraduate'],
    amounts: [
      { category: 'university_file', amountFen: 500_000 },
      { category: 'high_school_file', amountFen: 300_000 },
      { category: 'university_no_file', amountFen: 400_000 },
      { category: 'high_school_no_file', amountFen: 200_000 },
    ],
    exclusions: ['military_academy', 'fee_free_teacher', 'high_fee_private', 'self_funded_abroad', 'funded_elsewhere'],
    objectionContact: '松滋市总工会权益保障部 0716-6200000',
    ...over,
  };
}

export function hardshipRoundConfig(over: Record<string, unknown> = {}) {
  return {
    programme: 'hardship_aid',
    year: 2026,
    title: '2026年困难职工帮扶',
    opensOn: '2026-01-01',
    closesOn: '2027-12-31',
    applicantTypes: ['worker', 'migrant', 'hardship_worker'],
    amounts: [
      { category: 'deep', amountFen: 300_000 },
      { category: 'relative', amountFen: 200_000 },
      { category: 'accident', amountFen: 500_000 },
    ],
    objectionContact: '松滋市总工会权益保障部 0716-6200000',
    ...over,
  };
}

/** A Luhn-valid test card number (UnionPay-like prefix), distinct per `n`. */
export function testCard(n: number): string {
  const body = `62220200${String(n).padStart(10, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

type Person = { name: string; idNumber: string; villageId: string; householdSize: number; openid?: string };

/** Admission-letter photos each applicant uploaded (by openid), filled by `uploadLetters`. */
const letters = new Map<string, string>();

/**
 * Upload an admission-letter photo as each applicant, as the mini-program does (`cases.uploadPath`, then
 * `wx.cloud.uploadFile`); `studentForm` then names the parent's own photo. Call in `beforeAll`.
 */
export async function uploadLetters(cloud: TestCloud, openids: readonly string[]): Promise<void> {
  for (const openid of openids) letters.set(openid, await uploadAs(cloud, openid, '\xff\xd8\xff录取通知书'));
}

/**
 * The admission letter `openid` uploaded (see `uploadLetters`); a file of no applicant (refused) when none was
 * uploaded for them.
 */
export function letterOf(openid: string | undefined): string {
  return (openid && letters.get(openid)) || 'cloud://not-uploaded.bucket/aid/admission-letter.jpg';
}

/** A student-aid application form for `parent` and `child`. */
export function studentForm(
  roundId: string,
  parent: Person,
  child: { name: string; idNumber: string },
  over: Record<string, unknown> = {},
) {
  return {
    roundId,
    applicant: {
      name: parent.name,
      idNumber: parent.idNumber,
      mobile: '13800138000',
      type: 'migrant',
      villageId: parent.villageId,
      employedSince: '2020-03-01',
      hardshipFileNo: 'KN2024-0001',
    },
    child: {
      name: child.name,
      idNumber: child.idNumber,
      school: '武汉示例大学',
      level: 'undergraduate',
      admissionLetterFileId: letterOf(parent.openid),
      declarations: [],
    },
    household: {
      members: Array.from({ length: parent.householdSize }, (_, i) => ({
        relation: i === 0 ? 'self' : i === 1 ? 'spouse' : 'child',
        annualIncomeFen: i === 0 ? 3_600_000 : 0,
      })),
      annualHardshipCostFen: 0,
    },
    bankCard: { number: testCard(1), bankName: '中国农业银行松滋支行', holderName: parent.name },
    consents: { sensitiveData: true, publicNotice: true, guardian: true },
    ...over,
  };
}

/** A hardship-aid application form. */
export function hardshipForm(roundId: string, person: Person, over: Record<string, unknown> = {}) {
  return {
    roundId,
    applicant: {
      name: person.name,
      idNumber: person.idNumber,
      mobile: '13900139000',
      type: 'hardship_worker',
      villageId: person.villageId,
      hardshipFileNo: 'KN2022-0031',
    },
    household: {
      members: Array.from({ length: person.householdSize }, (_, i) => ({
        relation: i === 0 ? 'self' : 'other',
        annualIncomeFen: i === 0 ? 1_200_000 : 0,
      })),
      annualHardshipCostFen: 0,
    },
    hardshipCause: { kind: 'illness', description: '本人患慢性病长期服药，家庭收入微薄。' },
    bankCard: { number: testCard(2), bankName: '中国建设银行松滋支行', holderName: person.name },
    consents: { sensitiveData: true, publicNotice: true },
    ...over,
  };
}

/** The opinion a reviewer writes when approving (the declarations require one). */
export const OPINION = { inputs: { opinion: '情况属实，同意' } } as const;
const OPINION_ACTIONS = new Set(['approve', 'escalate', 'transfer']);

/** The home visit a village collector records before approving (no photos). */
export async function recordVisit(
  cases: (openid: string, action: string, input?: unknown) => Promise<CallResult>,
  openid: string,
  caseId: string,
  version: number,
): Promise<void> {
  const r = await cases(openid, 'act', {
    caseId,
    action: 'record_visit',
    version,
    inputs: { visit: { visitedOn: '2026-11-20', findings: '入户核实：家庭情况属实。', photoFileIds: [] } },
  });
  expect(r.ok).toBe(true);
}

/** A history entry as the aid tests read it back. */
export type AidHistoryEntry = HistoryStep & { action: string; comment: string | null };

/**
 * The calls every aid test makes, as a given person. `getCloud` is read at call time, since the cloud
 * starts in `beforeAll`; `prefix` names the file's client request ids.
 */
export function aidCalls(getCloud: () => TestCloud, prefix: string) {
  let seq = 0;
  const cases = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(getCloud(), openid, 'cases', action, input);
  const db = () => getCloud().sdkApp().database();
  return {
    /** A fresh client request id. */
    rid: () => `${prefix}-${Date.now()}-${(seq += 1)}-req`,
    aid: (openid: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
      callAs(getCloud(), openid, 'aid', action, input, requestId),
    cases,
    /**
     * Take `action` on a case at its current version (read first, as the mini-program does). A reviewer writes the
     * opinion an approval asks for, and a village collector records the home visit before approving, as the
     * mini-program makes them: unless the test gives its own `inputs`.
     */
    act: async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
      let current = await cases(openid, 'get', { caseId });
      expect(current.ok).toBe(true);
      const offered = (name: string) =>
        (current.data.availableActions as { action: string }[]).some((a) => a.action === name);
      if (action === 'approve' && !extra.inputs && offered('record_visit')) {
        await recordVisit(cases, openid, caseId, current.data.version);
        current = await cases(openid, 'get', { caseId });
      }
      const inputs = OPINION_ACTIONS.has(action) && !extra.inputs ? OPINION : {};
      return cases(openid, 'act', { caseId, action, version: current.data.version, ...inputs, ...extra });
    },
    db,
    history: async (caseId: string) =>
      (await db().collection('case_history').where({ caseId }).limit(100).get()).data as AidHistoryEntry[],
  };
}
