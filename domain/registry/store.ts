/**
 * Stored shapes of the registry: units (单位), union organisations (工会组织), the hardship archive
 * (困难职工档案) with its person index and yearly re-checks, import jobs and exports. Every record hangs off
 * a grid node (`townId`, `villageId`, `path`) so staff see and change only their own subtree.
 */
import type {
  ArchiveCause,
  ArchiveExitReason,
  CommitteePost,
  EconomicType,
  FamilyRelation,
  HardshipCategory,
  HelpKind,
  Industry,
  RecheckOutcome,
  UnionType,
  UnitType,
} from '../../typings/registry';

export const UNITS = 'units';
export const UNIONS = 'unions';
export const ARCHIVE_FILES = 'archive_files';
export const ARCHIVE_PEOPLE = 'archive_people';
export const ARCHIVE_RECHECKS = 'archive_rechecks';
export const REGISTRY_EXPORTS = 'registry_exports';

/** Where a record sits on the grid: scalar keys for indexed filters, and the path for scope checks. */
export interface Placed {
  townId: string;
  villageId: string | null;
  /** `['city', 't15']` or `['city', 't15', 't15-v01']`. */
  path: string[];
}

/** The import job and row that last wrote a record: a resumed chunk reports what it did the first time. */
export interface ImportMark {
  importJobId?: string;
  importLine?: number;
  importOutcome?: 'added' | 'updated';
}

/** Who last wrote a record and how (a form, an import job, the demo seed). */
export interface Written {
  version: number;
  /** Generated demo data (`npm start`), marked so nobody mistakes it for a real organisation. */
  demo: boolean;
  source: string;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

export interface UnitRecord extends Placed, Written, ImportMark {
  _id: string;
  name: string;
  /** Unique: one unit per code. */
  creditCode: string;
  creditCodeWarning: boolean;
  type: UnitType;
  economicType: EconomicType;
  industry: Industry;
  employees: number;
  womenEmployees: number;
  address: string;
  legalRep: string | null;
  contactName: string | null;
  /** SM4 ciphertext of the contact's mobile, and its blind index (to tell an unchanged re-import). */
  contactPhoneEnc: string | null;
  contactPhoneHash: string | null;
  /** The union covering the unit (its own or a joint union), kept by `saveUnion`. */
  unionId: string | null;
}

export interface OfficerRecord {
  name: string;
  post: CommitteePost | 'chairman';
  termStart: string;
  termEnd: string;
}

export interface UnionRecord extends Placed, Written, ImportMark {
  _id: string;
  name: string;
  creditCode: string | null;
  /** `creditCode`, or `none:<_id>` before registration: unique, so one union per code. */
  creditKey: string;
  creditCodeWarning: boolean;
  type: UnionType;
  parentUnionId: string | null;
  unitIds: string[];
  foundedOn: string;
  memberCount: number;
  chairman: OfficerRecord | null;
  committee: OfficerRecord[];
  certificateValidUntil: string | null;
}

export interface FamilyRecord {
  name: string;
  relation: FamilyRelation;
  idHash: string | null;
  idEnc: string | null;
}

export interface HelpRecord {
  on: string;
  kind: HelpKind;
  amountFen: number | null;
  note: string | null;
  by: string | null;
  /** `manual` (recorded by staff) or `aid:<caseId>` (a paid aid application). */
  source: string;
}

export interface ArchiveRecord extends Placed, Written, ImportMark {
  _id: string;
  /** Unique. */
  fileNo: string;
  status: 'active' | 'exited';
  name: string;
  idHash: string;
  idEnc: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  category: HardshipCategory;
  cause: ArchiveCause;
  householdSize: number;
  annualIncomeFen: number;
  villageId: string;
  unitId: string | null;
  unitName: string | null;
  /** The keeper: the unit's union, or the town for workers without one. */
  keeper: { kind: 'union'; unionId: string; name: string } | { kind: 'town'; nodeId: string; name: string };
  note: string | null;
  family: FamilyRecord[];
  openedAt: Date;
  /** Last change of the household's data (not of help or re-check records): the 一年未改 flag. */
  lastChangedAt: Date;
  help: HelpRecord[];
  helpCount: number;
  lastHelpedOn: string | null;
  recheck: {
    year: number;
    sampled: boolean;
    visitedAt: Date | null;
    outcome: RecheckOutcome | null;
    note: string | null;
  } | null;
  exit: { reason: ArchiveExitReason; note: string; at: Date; by: string | null } | null;
  /** Set on exit: the file is kept until then (10 years), then purged. */
  retainUntil: Date | null;
}

/** One person of a file (head or family member), by the blind index of the ID number: at most one file each. */
export interface ArchivePersonRecord {
  _id: string;
  fileId: string;
  role: 'head' | 'member';
  status: 'active' | 'exited';
}

export interface RecheckRecord {
  _id: string;
  year: number;
  nodeId: string;
  total: number;
  sampleSize: number;
  sample: string[];
  visited: string[];
  drawnAt: Date;
  drawnBy: string;
}
