/**
 * Hooks a case type declares for work that is not a transition: a person's rights over their data (ERASURE, and
 * EXPORT of what the type holds about them) and the FIGURES the dashboards show (counts). The engine runs them
 * for every registered type; a person's data request or a dashboard never names a type. A hook object shared by
 * several types (the two aid programmes share one erasure) runs once.
 *
 * Shapes are documented in `domain/cases/README.md` ("Hooks a type declares").
 */
import type { HandlerContext } from '../runtime/context';
import type { Actor } from '../people/actor';
import type { DataSection } from '../../typings/people';
import type { Command, Filter } from '../runtime/db';
import { CASES, type CaseDoc } from './store';
import { describeSubmission, placeNamer } from './submission';
import { gridIndex } from '../grid/cache';
import { chinaMinute } from '../../common/china-time';
import { readAll } from '../runtime/paging';
import { caseTypes } from './registry';
import type { AnyCaseType } from './declaration';

/** The person a data request is about: their id, and their WeChat link before erasure drops it. */
export interface DataSubject {
  personId: string;
  openid: string | null;
}

/** What a type does when a person's deletion request is carried out. */
export interface ErasureHook {
  /**
   * Refuse (throw an `AppError`, PRECONDITION_FAILED with a sentence the administrator understands) while work of
   * this type for the person cannot be stopped (a payment under way). Changes nothing. Runs for every type before
   * any type erases.
   */
  assertErasable?(ctx: HandlerContext, personId: string): Promise<void>;
  /** Erase or blank what this type holds about the person. Idempotent: a retry after a partial run completes it. */
  erase(ctx: HandlerContext, subject: DataSubject, actor: Actor): Promise<unknown>;
}

/** One section of a person's data export: a heading and labelled values (never ids or hashes). */
export type ExportSection = DataSection;

/** What a type gives a person asking for everything held about them. */
export type ExportHook = (ctx: HandlerContext, subject: DataSubject) => Promise<ExportSection[]>;

/** What a count's extra conditions may use: the moment and the database's operators. */
export interface CountEnv {
  now: Date;
  cmd: Command;
}

/**
 * One figure of a type for the dashboards: how many of its cases are in `states` (default: all) and match `where`,
 * or with `sum` the sum of that numeric form field over them (money in fen). This is the ONE counting mechanism: the
 * `stats` function (`domain/stats/type-counts.ts`) turns each into a dashboard figure, computes it in the database
 * (`count()` or one `$group`) for a grid scope — by where the case arose (`originNodeId`) — and lists the cases
 * behind it with the very same filter, so a figure always equals its list. Nothing is stored twice; a figure that
 * must survive erasure is kept by the type's `onTransition` hook in its own collection and is not a `counts` entry.
 */
export interface CountDecl<S extends string = string> {
  /** Stable key, unique within the type (`received`, `paid_amount`). */
  key: string;
  /** Chinese label (`已发放金额`). */
  label: string;
  /** What it means, shown under the figure. */
  hint?: string;
  /** Shown in red when above zero (work overdue now); left out of the yearly statistics. */
  alert?: boolean;
  /** The states counted (default: every state of the type). */
  states?: readonly S[];
  /** More conditions on the case (e.g. open and past `dueAt`; rated; never a grid key: the scope adds that). */
  where?: (env: CountEnv) => Filter;
  /** Sum this numeric form field over the counted cases instead of counting them (money in fen). */
  sum?: string;
}

/** Conditions several types' counts share (the engine keeps these fields on every case). */
export const COUNT_WHERE = {
  /** Open and past its current step's deadline now. */
  overdueNow: (env: CountEnv): Filter => ({ open: true, dueAt: env.cmd.lt(env.now) }),
  /** No step went past its time limit. */
  onTime: (): Filter => ({ overdueCount: 0 }),
  /** The applicant rated it. */
  rated: (env: CountEnv): Filter => ({ 'rating.score': env.cmd.gte(1) }),
  satisfied: (): Filter => ({ 'rating.satisfied': true }),
};

/** A type's data hooks declared in a module beside its declaration (see {@link declareDataHooks}). */
const BESIDE = new Map<string, DataHooks>();

/** The data hooks of a type. */
export interface DataHooks {
  erasure?: ErasureHook;
  dataExport?: ExportHook;
}

/**
 * Declare data hooks for `types` in a module beside their declaration, when the hooks would weigh every function
 * that loads the catalog (aid's erasure moves cases, so it needs the whole engine and its content checks): the
 * module is loaded by the `people` function only (`domain/catalog-data.ts`). Light hooks go on the declaration.
 */
export function declareDataHooks(types: readonly string[], hooks: DataHooks): void {
  for (const type of types) BESIDE.set(type, hooks);
}

/** The data hooks of `decl`: on its declaration, else declared beside it. */
export function dataHooksOf(decl: AnyCaseType): DataHooks {
  const beside = BESIDE.get(decl.type) ?? {};
  return { erasure: decl.erasure ?? beside.erasure, dataExport: decl.dataExport ?? beside.dataExport };
}

/** Every distinct hook `pick` finds for the registered types (a shared hook once). */
function distinct<H>(pick: (hooks: DataHooks) => H | undefined): H[] {
  return [...new Set(caseTypes().flatMap((d) => (pick(dataHooksOf(d)) ? [pick(dataHooksOf(d)) as H] : [])))];
}

/** Refuse a deletion while any type's work for the person cannot be stopped. */
export async function assertErasable(ctx: HandlerContext, personId: string): Promise<void> {
  for (const hook of distinct((d) => d.erasure)) await hook.assertErasable?.(ctx, personId);
}

/** Carry out a deletion in every type that declares an erasure. */
export async function eraseEverywhere(ctx: HandlerContext, subject: DataSubject, actor: Actor): Promise<void> {
  for (const hook of distinct((d) => d.erasure)) await hook.erase(ctx, subject, actor);
}

/** Everything the types hold about a person, section by section. */
export async function exportEverywhere(ctx: HandlerContext, subject: DataSubject): Promise<ExportSection[]> {
  const out: ExportSection[] = [];
  for (const hook of distinct((d) => d.dataExport)) out.push(...(await hook(ctx, subject)));
  return out;
}

/**
 * An export hook for a type whose cases hold everything it keeps about the person: each of their cases of `type`
 * with its headline, state and submission as they see it on their case page (declared fields only).
 */
export function ownCasesExport(type: string): ExportHook {
  return async (ctx, subject) => {
    const decl = caseTypes().find((d) => d.type === type);
    if (!decl) return [];
    const own = await readAll<CaseDoc>(ctx.db, CASES, { type, personId: subject.personId });
    const placeName = placeNamer(await gridIndex(ctx.db));
    return own
      .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
      .map((c) => ({
        title: `${decl.title} · ${c.title}`,
        lines: [
          { label: '提交时间', value: chinaMinute(new Date(c.createdAt)) },
          { label: '当前状态', value: decl.states[c.status]?.label ?? '' },
          ...describeSubmission(decl, c.form, { relation: 'applicant', placeName })
            .filter((l) => l.kind !== 'files')
            .map((l) => ({ label: l.label, value: l.value })),
        ],
      }));
  };
}
