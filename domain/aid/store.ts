/** How aid data is stored: collections, document shapes, ids and small look-ups. */
import { randomBytes, createHash } from 'crypto';
import type {
  AidRoundConfig,
  ApplicantType,
  EligibilityResult,
  HardshipCause,
  Programme,
  RoundStatus,
  SchoolLevel,
  StudentExclusion,
  VerificationCheck,
} from '../../typings/aid';
import type { Database } from '../runtime/db';

export const AID_ROUNDS = 'aid_rounds';
export const POVERTY_LINES = 'aid_poverty_lines';
export const AID_DRAFTS = 'aid_drafts';
export const AID_APPLICATIONS = 'aid_applications';
export const AID_CLAIMS = 'aid_claims';
export const NOTICES = 'notices';
export const OBJECTIONS = 'objections';
export const PAYMENT_BATCHES = 'payment_batches';
export const PAYMENTS = 'payments';

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/**
 * A new document id: 20 characters of a 32-letter alphabet (100 bits). Mostly letters, so an id never looks
 * like an ID, phone or card number to the log and audit redaction.
 */
export function newId(prefix = ''): string {
  const bytes = randomBytes(20);
  let out = prefix;
  for (const b of bytes) out += ALPHABET[b & 31];
  return out;
}

/** A stable id from parts (claims, drafts): a SHA-256 prefix. */
export const stableId = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);

export interface RoundDoc {
  _id: string;
  status: RoundStatus;
  config: AidRoundConfig;
  rulesVersion: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface HomeVisitDoc {
  visitedOn: string;
  findings: string;
  photoFileIds: string[];
  staffId: string;
  byName: string;
  at: Date;
  /** The engine step that recorded it (`record_visit`). */
  seq?: number;
}

/** One resubmission of a corrected form. */
export interface ResubmissionDoc {
  revision: number;
  at: Date;
  /** Section labels (申请人信息, 子女就学信息…), never values. */
  changed: string[];
  rulesVersion: string;
  eligible: boolean;
  category: string | null;
  amountFen: number;
}

/** One application: identifiers only encrypted (SM4) with blind indexes and masked forms. */
export interface ApplicationDoc {
  _id: string;
  caseId: string | null;
  roundId: string;
  roundTitle: string;
  programme: Programme;
  openid: string;
  personId: string;
  applicant: {
    name: string;
    nameMasked: string;
    idEnc: string;
    idIndex: string;
    idMasked: string;
    mobileEnc: string;
    mobileMasked: string;
    type: ApplicantType;
    villageId: string;
    villagePath: string[];
    villageName: string;
    townName: string;
    unitName: string | null;
    unitCreditCode: string | null;
    employedSince: string | null;
    hardshipFileNo: string | null;
  };
  child: {
    name: string;
    nameMasked: string;
    idEnc: string;
    idIndex: string;
    idMasked: string;
    school: string;
    level: SchoolLevel;
    admissionLetterFileId: string;
    declarations: StudentExclusion[];
  } | null;
  household: {
    members: { relation: string; annualIncomeFen: number }[];
    annualHardshipCostFen: number;
    size: number;
    annualIncomeFen: number;
  };
  hardshipCause: { kind: HardshipCause; description: string } | null;
  bankCard: {
    numberEnc: string;
    last4: string;
    bankName: string;
    holderName: string;
    luhnWarning: boolean;
    updatedAt: Date;
  };
  consents: { sensitiveData: boolean; publicNotice: boolean; guardian: boolean };
  eligibility: EligibilityResult;
  verification: VerificationCheck[];
  homeVisits: HomeVisitDoc[];
  category: string | null;
  amountFen: number;
  noticeId: string | null;
  objectionUpheld: boolean;
  /** True when a held text (hardship description) waits for staff review. */
  held: boolean;
  /** Corrected forms sent back after `request_info` (what changed, by section, and the new verdict). */
  resubmissions?: ResubmissionDoc[];
  /** Set when the person's deletion request was carried out (see `erasure.ts`). */
  erased?: boolean;
  erasedAt?: Date;
  submittedAt: Date;
  updatedAt: Date;
}

export interface NoticeEntryDoc {
  entryId: string;
  caseId: string;
  maskedName: string;
  place: string;
  programme: string;
  amountFen: number;
}

export interface NoticeDoc {
  _id: string;
  roundId: string;
  programme: Programme;
  title: string;
  status: 'publishing' | 'active' | 'ended';
  publishedAt: Date;
  endsAt: Date;
  publishedOn: string;
  endsOn: string;
  howToObject: string;
  entries: NoticeEntryDoc[];
  /** Every case in the notice period, listed or not (no publication consent). */
  caseIds: string[];
  /** The approved cases this notice set out to publish (for finishing a publication a crash interrupted). */
  plannedCaseIds: string[];
  createdBy: string;
}

export interface ObjectionDoc {
  _id: string;
  noticeId: string;
  entryId: string;
  caseId: string;
  reason: string;
  held: boolean;
  filerOpenid: string;
  /** `resolving` while one administrator's resolution is being applied. */
  status: 'open' | 'resolving' | 'dismissed' | 'upheld';
  /** While `resolving`: the outcome being applied, and since when. */
  pendingOutcome?: 'dismissed' | 'upheld' | null;
  claimedAt?: Date;
  reply: string | null;
  filedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

/** One exported bank file: deleted from storage once the batch is recorded, or 24 hours after the export. */
export interface BankFileExport {
  fileID: string;
  format: 'csv' | 'xlsx';
  at: Date;
  by: string;
  /** When the file was removed from cloud storage (it is never served again). */
  deletedAt?: Date | null;
  deleteReason?: 'completed' | 'expired';
}

/** How long an exported bank file (full card numbers) may stay in storage. */
export const BANK_FILE_TTL_MS = 24 * 3600_000;

export interface PaymentBatchDoc {
  _id: string;
  roundId: string;
  noticeId: string;
  /** The batch this one retries, if any. */
  retryOf: string | null;
  status: 'open' | 'exported' | 'completed';
  caseIds: string[];
  totalFen: number;
  exports: BankFileExport[];
  /** True while some exported bank file may still be in cloud storage (the timer's look-up). */
  filesLive?: boolean;
  createdAt: Date;
  createdBy: string;
}

export interface PaymentDoc {
  _id: string;
  batchId: string;
  caseId: string;
  applicationId: string;
  amountFen: number;
  status: 'pending' | 'recording' | 'paid' | 'failed';
  /** `caseId` while pending or paid (unique): a case is never in two live payments. */
  activeKey: string;
  cardEnc: string;
  cardLast4: string;
  bankName: string;
  holderName: string;
  maskedName: string;
  pendingResult: 'paid' | 'failed' | null;
  /** When the current recording claimed the payment. */
  claimedAt?: Date;
  paidOn: string | null;
  failureReason: string | null;
  recordedAt: Date | null;
  createdAt: Date;
}

/** One document by `_id` through a query (no error when missing), or null. */
export async function findById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const { data } = await db.collection(collection).where({ _id: id }).limit(1).get();
  return (data[0] as T | undefined) ?? null;
}

/** The monthly 低保 line of a year, or null. */
export async function povertyLineOf(db: Database, year: number): Promise<number | null> {
  const doc = await findById<{ monthlyFen: number }>(db, POVERTY_LINES, String(year));
  return doc?.monthlyFen ?? null;
}

/** The application behind a case (the case summary names it). */
export async function applicationOfCase(db: Database, caseId: string): Promise<ApplicationDoc | null> {
  const { data } = await db.collection<ApplicationDoc>(AID_APPLICATIONS).where({ caseId }).limit(1).get();
  return data[0] ?? null;
}
