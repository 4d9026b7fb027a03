/**
 * The declaration API: a case type is data the one engine reads. See `README.md` in this folder.
 */
import type { z } from 'zod';
import type { ActionNeed, SubmissionLine } from '../../typings/cases';
import type { StaffRole } from '../../typings/people';
import type { GridLevel } from '../../typings/grid';
import type { CaseInitiator, CaseSubject } from './parties';

/** The person a case is about, as routing and eligibility see it (a subset of the people module's record). */
export interface CasePerson {
  personId: string;
  openid: string;
  /** Masked name (`张*三`). */
  maskedName: string;
  homeVillageId?: string | null;
  homePath?: readonly string[] | null;
  categories?: readonly string[];
  workCity?: string | null;
  employer?: string | null;
  employerTownId?: string | null;
  /** Everything else the people module stores (for eligibility rules). */
  [key: string]: unknown;
}

/** What a routing rule decides: the grid node that first handles the case. */
export interface RouteResult {
  nodeId: string;
}

/** The outcome of an eligibility rule set, stored with the case and shown to staff. */
export interface EligibilityResult {
  eligible: boolean;
  reasons: string[];
  rulesVersion: string;
}

/** The case as guards and target functions see it. */
export interface CaseSnapshot {
  status: string;
  level: GridLevel;
  nodeId: string;
  nodePath: readonly string[];
  reopenCount: number;
  held: boolean;
  form: Record<string, unknown>;
  /** Free-form state a declaration keeps on the case (e.g. the last rating). */
  data: Record<string, unknown>;
}

/** The action input as guards see it (already validated). */
export interface ActionArgs {
  comment?: string;
  reason?: string;
  targetNodeId?: string;
  rating?: { score: number; satisfied: boolean; comment?: string };
  form?: Record<string, unknown>;
  /** Structured inputs by name (validated against the rule's `inputs`). */
  inputs?: Record<string, unknown>;
}

/**
 * Who may take an action: the applicant (the person it is about, an organisation's contact, or staff filing for
 * the person), the staff of the node that issued the case (`initiator`), staff roles, or the system (timers).
 */
export type ActionBy = 'system' | readonly ('applicant' | 'initiator' | StaffRole)[];

/**
 * Where a staff member must stand to take an action:
 * - `node` (default): the staff member's level is the case's current level and the case's node is inside
 *   their scope — steps go village → town → city in order;
 * - `scope`: any staff member whose scope contains the case's node (comments, transfers from above).
 */
export type ActionReach = 'node' | 'scope';

/**
 * How the responsible node moves with a transition: `up` to the parent, `target` to the node the actor names
 * (inside their scope), or a function naming the node path the case itself records (a membership transfer goes to
 * the new union's node, fixed when the case was filed).
 */
export type NodeMove = 'stay' | 'up' | 'target' | ((c: CaseSnapshot) => readonly string[]);

/**
 * How an action may change the case's form (no other action may carry one):
 * - `resubmit`: the applicant's corrected form (validated by the type's schema and its guard, e.g. the aid seal);
 *   the changed fields are named in the history;
 * - `correct`: a staff correction, its own action: a reason is required, each changed field is recorded with
 *   its value before and after in the history, and an audit entry names the fields.
 */
export type FormChange = 'resubmit' | 'correct';

/** One action allowed in one state; `S` is the type's states. */
export interface ActionRule<S extends string = string> {
  by: ActionBy;
  /** The next state, fixed or decided from the case and input (e.g. an unsatisfied rating reopens). */
  to: S | ((c: CaseSnapshot, args: ActionArgs) => S);
  reach?: ActionReach;
  /** Extra inputs this action needs (`reason` for a refusal is always required). */
  needs?: readonly ActionNeed[];
  /**
   * `up`: to the parent node (escalate); `target`: to `targetNodeId` (transfer); a function: to the path it
   * reads from the case (a grid path the case was filed with). Default `stay`.
   */
  move?: NodeMove;
  /** Returns a refusal message when the action is not possible for this case right now. */
  guard?: (c: CaseSnapshot, args: ActionArgs) => string | null;
  /** Hides the action from `availableActions` when false (still checked by `guard` on submit). */
  offered?: (c: CaseSnapshot) => boolean;
  /** This action carries a form that replaces the case's (see {@link FormChange}); absent: a form is refused. */
  form?: FormChange;
  /** Structured inputs it takes (an opinion, a visit record…), by name; see `inputs.ts`. */
  inputs?: Readonly<Record<string, import('./inputs').ActionInput>>;
  /** Facts that must be on record before it (e.g. a home visit before village approval), with the refusal. */
  requires?: readonly { fact: string; message: string }[];
}

/** One state of a case type; `S` is the type's states, `A` its verbs. */
export interface StateDecl<S extends string = string, A extends string = string> {
  label: string;
  /** True for states that end the case (withdrawn, closed and rated, refused…). */
  terminal?: boolean;
  /** Staff must act within this many working days; missing = no deadline (e.g. waiting for the applicant). */
  timeLimitDays?: number;
  /**
   * What the timer scan does with an overdue case: escalate one level up (default), only remind, or take one of
   * this state's `by: 'system'` actions (`{ run }`: a transfer the old union did not answer is released). Only the
   * trusted timer (or a city administrator's run of the scheduler) runs it.
   */
  onOverdue?: 'escalate' | 'remind' | OverdueRun<NoInfer<A>>;
  /** The person waits for staff in this state (consultation inbox: unanswered first, with waiting time). */
  awaitingStaff?: boolean;
  /** Staff work is done (off the queues) though the case is not over (e.g. closed, waiting for a rating). */
  settled?: boolean;
  actions: Partial<Record<A, ActionRule<S>>>;
}

/** An overdue step the timer takes itself: the state's system action to run (its verb label is the history's words). */
export interface OverdueRun<A extends string = string> {
  run: A;
}

/** A type's own verb (one the engine's common verbs do not cover), with the label people see. */
export interface VerbDecl {
  label: string;
}

/**
 * A named group of states (lists, filters, counts, the applicant's progress). A stage with several states is a
 * grouping: a case in it is shown with its state's label. A stage with no states is an overlay the type derives
 * from its own records (e.g. "payment pending"), shown with the stage's label.
 */
export interface StageDecl<S extends string = string> {
  label: string;
  states: readonly S[];
}

/**
 * How one field of the form is shown to people. Only declared fields are shown, so an internal id, a seal or a
 * hash on the form never reaches a screen.
 */
export interface FieldDisplay {
  label: string;
  /**
   * `text` (default), `longtext` (a block that wraps), `money` (integer fen → `1,234.00 元`), `files` (uploads,
   * as thumbnails), `node` (a grid node id → `万家乡翠林山村`), `list` (strings, one per line), `yesno`.
   */
  format?: 'text' | 'longtext' | 'money' | 'files' | 'node' | 'list' | 'yesno';
  /** Value → words, for a field with fixed choices. */
  options?: Readonly<Record<string, string>>;
  /** Words for true and false (`yesno`). */
  yesNo?: readonly [string, string];
  /** Who sees it (default: the applicant and staff). */
  visibleTo?: readonly ('applicant' | 'staff')[];
}

/** Who is looking at a submission, and the look-ups a description may need. */
export interface SubmissionViewer {
  relation: 'applicant' | 'staff';
  /** A grid node's full name (`万家乡翠林山村`), '' when unknown. */
  placeName(nodeId: string): string;
}

/** One recipient of a fan-out: a child case is created for it at its node. */
export interface FanOutTarget {
  key: string;
  nodeId: string;
  name: string;
}

/** Context handed to side-effect hooks after a transition committed. */
export interface TransitionEvent {
  caseId: string;
  type: string;
  action: string;
  from: string | null;
  to: string;
  seq: number;
}

/**
 * A case type. `F` is the form's parsed type, `S` its states, `A` its verbs. Register it with
 * `registerCaseType` (build it with `defineCaseType` for typed state and verb constants) and the engine, the
 * `cases` function, the queues and the timer scan handle it.
 */
export interface CaseTypeDeclaration<
  F extends Record<string, unknown> = Record<string, unknown>,
  S extends string = string,
  A extends string = string,
> {
  /** Stored on every case, e.g. `appeal`. Lowercase letters and `_`. */
  type: string;
  /** Shown to people, e.g. `诉求`. */
  title: string;
  /** zod schema of the form (from `typings/`), the authority on the server. */
  formSchema: z.ZodType<F>;
  /** The form's category value and label (lists and filters). */
  category(form: F): { value: string; label: string };
  /** All categories, for the client's picker. */
  categories: readonly { value: string; label: string }[];
  /** A short title without personal data (e.g. `欠薪 · 某建筑公司`). */
  headline(form: F): string;
  /** The form's fields as people see them, in order (undeclared fields are never shown). */
  display: Readonly<Partial<Record<keyof F & string, FieldDisplay>>>;
  /** Lines computed from the whole form, after the declared fields (e.g. reference checks in words). */
  describe?(form: F, viewer: SubmissionViewer): SubmissionLine[];
  /** Every piece of user text in the form, checked by `msgSecCheck` (field names as in the form). */
  texts(form: F): { field: string; text: string }[];
  /** Files of the form (uploaded by the client), checked to belong to this environment. */
  files?(form: F): { field: string; fileID: string }[];
  /**
   * Which grid node first handles a case; throws `AppError` when the person's profile lacks what it needs. The
   * person is null when nobody is (work issued by staff to a node or an organisation).
   */
  route(form: F, person: CasePerson | null, initiator?: CaseInitiator): RouteResult | Promise<RouteResult>;
  /** Optional eligibility rules, evaluated at submission and stored with the case. */
  evaluateEligibility?(form: F, person: CasePerson | null, refData: Record<string, unknown>): EligibilityResult;
  /**
   * Who may start a case of this type: people about themselves (default), staff issuing it from their node
   * (`{ by: 'staff', roles }`: a task sent down, a registration staff start), or only a parent's fan-out
   * (`{ by: 'parent' }`: one village's part of a task; never submitted directly).
   */
  initiation?: { by: 'person' } | { by: 'staff'; roles: readonly StaffRole[] } | { by: 'parent' };
  /** Staff roles that may file for a person in their scope (代办); the person's signed paper consent is required. */
  onBehalf?: readonly StaffRole[];
  /**
   * Who the case is about when it is not the person filing (an organisation whose contacts act as its applicant,
   * a grid node receiving work), with the name lists show for it.
   */
  subject?(
    form: F,
    filing: { person: CasePerson | null; initiator: CaseInitiator },
    ctx: import('../runtime/context').HandlerContext,
  ): Promise<{ subject: CaseSubject; name: string }>;
  /** Reference data the eligibility rules need (loaded once per submission). */
  loadRefData?(db: import('../runtime/db').Database): Promise<Record<string, unknown>>;
  /**
   * Checks of the stored files the schema cannot make (run at submission after they are found in storage; throws
   * `AppError` naming the field): e.g. a post's video is really within the size the phone claimed.
   */
  verifyFiles?(form: F, ctx: import('../runtime/context').HandlerContext): Promise<void>;
  /**
   * False when people submit this type through another function (aid: the full form is encrypted there and
   * the case carries a sealed summary): `cases.types` then leaves it out. Default true.
   */
  clientSubmit?: boolean;
  /** The state a submitted case starts in. */
  initialState: S;
  states: Record<S, StateDecl<S, A>>;
  /**
   * Labels of this type's own verbs; the common verbs (`accept`, `approve`, `comment`…) are labelled already. A
   * type may also name its first step (`submit`: a task part's is 下发, the issuer sending it down).
   */
  verbs?: Partial<Record<A | 'submit', VerbDecl>>;
  /** Stage groupings, each with its label (see {@link StageDecl}); every state is in at most one stage. */
  stages?: Record<string, StageDecl<S>>;
  /**
   * One submission creates a child case per target (a task sent to every village of a town, 273 villages of the
   * city): children are cases of `childType` at each target's node, created in bounded, resumable runs, one per
   * target key however often a run is repeated; the parent's detail shows their progress.
   */
  fanOut?: {
    childType: string;
    /** The targets, each with a stable key (`[a-z0-9-]`), its node and its name. */
    targets(form: F, ctx: import('../runtime/context').HandlerContext): Promise<readonly FanOutTarget[]>;
    /** The child's form (default: the parent's). */
    childForm?(form: F, target: FanOutTarget): Record<string, unknown>;
  };
  /** How many times an unsatisfied applicant may reopen a case (default 1). */
  maxReopens?: number;
  /** Side effects after a committed transition (e.g. on approve: create a disbursement line). Failures become incidents. */
  onTransition?(event: TransitionEvent, ctx: import('../runtime/context').HandlerContext): Promise<void>;
  /**
   * What a carried-out deletion request does to this type's data about the person (refuse while work cannot be
   * stopped; erase). One hook object shared by several types runs once. See `type-hooks.ts`.
   */
  erasure?: import('./type-hooks').ErasureHook;
  /** What a person asking for everything held about them gets from this type (labelled sections). */
  dataExport?: import('./type-hooks').ExportHook;
  /** Figures for the dashboards, computed by aggregation over this type's cases (see `type-hooks.ts`). */
  counts?: readonly import('./type-hooks').CountDecl<S>[];
  /** How the mini-program lists, opens and files it (defaults: the generic case page, a queue filter by title). */
  client?: Partial<import('../../typings/cases').CaseTypeClient>;
  /** Subscribe-message template variable for this type (default `UNION_TPL_CASE_STATUS`). */
  notifyTemplateEnv?: string;
}

/** `{ a: 'a', b: 'b' }`: typed constants for the keys of a record (states, verbs, stages). */
export type Names<K extends string> = { readonly [P in K]: P };

function namesOf<K extends string>(record: Partial<Record<K, unknown>>): Names<K> {
  return Object.fromEntries(Object.keys(record).map((k) => [k, k])) as Names<K>;
}

/** A declaration with typed constants for its states, verbs and stages. */
export type DefinedCaseType<
  F extends Record<string, unknown>,
  S extends string,
  A extends string,
  G extends string,
> = CaseTypeDeclaration<F, S, A> & {
  stages: Record<G, StageDecl<S>>;
  /** `decl.state.approved === 'approved'`: code outside the declaration names states through these. */
  state: Names<S>;
  /** `decl.verb.publish === 'publish'`. */
  verb: Names<A>;
  /** `decl.stage.in_review === 'in_review'`. */
  stage: Names<G>;
};

/**
 * Build a declaration whose states, verbs and stages are typed from its own keys: a `to` naming a state that
 * is not declared, an initial state, a verb label or a stage member that does not exist is a compile error,
 * and the returned `state`/`verb`/`stage` constants make every other use of a name checked too.
 */
export function defineCaseType<
  F extends Record<string, unknown>,
  S extends string,
  A extends string,
  G extends string = never,
>(
  decl: Omit<CaseTypeDeclaration<F, S, A>, 'initialState' | 'states' | 'verbs' | 'stages' | 'counts'> & {
    initialState: NoInfer<S>;
    counts?: readonly import('./type-hooks').CountDecl<NoInfer<S>>[];
    states: { [K in S]: StateDecl<NoInfer<S>, A> };
    verbs?: Partial<Record<NoInfer<A> | 'submit', VerbDecl>>;
    stages?: Record<G, StageDecl<NoInfer<S>>>;
  },
): DefinedCaseType<F, S, A, G> {
  const stages = (decl.stages ?? {}) as Record<G, StageDecl<S>>;
  const verbs = Object.assign(
    {},
    ...Object.values<StateDecl<S, A>>(decl.states).map((s) => namesOf<A>(s.actions)),
  ) as Names<A>;
  return { ...decl, stages, state: namesOf<S>(decl.states), verb: verbs, stage: namesOf<G>(stages) };
}

/** Any declaration, whatever its form type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCaseType = CaseTypeDeclaration<any, string, string>;
