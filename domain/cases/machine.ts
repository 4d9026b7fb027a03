/**
 * The pure core of the engine: who may take which action now, what a transition changes, and
 * replaying the history. No database, no clock: everything is passed in, so it is unit-tested.
 */
import type { AvailableAction, CaseAction, CaseRole } from '../../typings/cases';
import { verbLabel } from './verbs';
import type { StaffRole } from '../../typings/people';
import type { GridLevel } from '../../typings/grid';
import { AppError, invalid } from '../runtime/errors';
import type { ActionArgs, ActionRule, AnyCaseType, CaseSnapshot, FormChange, NodeMove } from './declaration';
import { applicantPersonIds, staffInitiator, type CaseParties } from './parties';
import { inputInfo, parseInputs, type ParsedInputs } from './inputs';

/** The caller as the engine sees it (structurally the people module's `Actor`). */
export interface EngineActor {
  openid: string;
  personId: string | null;
  staff: { staffId: string; role: StaffRole; gridNodeId: string; gridPath: readonly string[]; name: string } | null;
  /** The timer scan. */
  system?: boolean;
}

/** The case facts the engine needs to decide (a subset of the stored document). */
export interface EngineCase extends CaseSnapshot, CaseParties {}

/** The grid level a staff role works at. */
export const ROLE_LEVEL: Record<StaffRole, GridLevel> = {
  city_admin: 'city',
  town_staff: 'town',
  village_collector: 'village',
};

/** The level of a node from its path (city → town → village). */
export function levelOfPath(path: readonly string[]): GridLevel {
  return path.length <= 1 ? 'city' : path.length === 2 ? 'town' : 'village';
}

/** True when the case's node lies inside the staff member's node (or is it). */
export function inStaffScope(staff: NonNullable<EngineActor['staff']>, nodePath: readonly string[]): boolean {
  return nodePath.includes(staff.gridNodeId);
}

/**
 * How the actor relates to this case:
 * - `applicant`: the person it is about, or a contact of the organisation it is about (never staff on it);
 * - `staff`: staff whose scope holds the case's node now;
 * - `proxy`: staff of the node whose member filed it for the person (代办): they act for the applicant;
 * - `initiator`: staff of the node that issued it (a task sent down): they act on what the issuer decides;
 * - `system`: the timer and the aid steps; `none`: nobody (NOT_FOUND, never the data).
 */
export type CaseRelation = 'applicant' | 'staff' | 'proxy' | 'initiator' | 'system' | 'none';

export function relation(c: EngineCase, actor: EngineActor): CaseRelation {
  if (actor.system) return 'system';
  if (actor.openid && actor.openid === c.applicantOpenid) return 'applicant';
  if (actor.personId && applicantPersonIds(c).includes(actor.personId)) return 'applicant';
  if (actor.staff && inStaffScope(actor.staff, c.nodePath)) return 'staff';
  const initiator = staffInitiator(c);
  if (actor.staff && initiator && initiator.nodeId === actor.staff.gridNodeId)
    return initiator.kind === 'proxy' ? 'proxy' : 'initiator';
  return 'none';
}

/** In what capacity an action is taken: its history role, and whether staff act for the applicant or as issuer. */
export interface Acting {
  role: CaseRole;
  capacity: Exclude<CaseRelation, 'none'>;
}

/** How the actor may take an action under `rule`, or null when the rule does not let them. */
export function actingFor(rule: ActionRule, c: EngineCase, actor: EngineActor): Acting | null {
  const rel = relation(c, actor);
  if (rule.by === 'system') return rel === 'system' ? { role: 'system', capacity: 'system' } : null;
  if (rel === 'applicant') return rule.by.includes('applicant') ? { role: 'applicant', capacity: 'applicant' } : null;
  const staff = actor.staff;
  if (!staff) return null;
  const atLevel = (rule.reach ?? 'node') !== 'node' || ROLE_LEVEL[staff.role] === c.level;
  if (rel === 'staff' && rule.by.includes(staff.role) && atLevel) return { role: staff.role, capacity: 'staff' };
  const initiator = staffInitiator(c);
  if (!initiator || initiator.nodeId !== staff.gridNodeId) return null;
  if (initiator.kind === 'proxy' && rule.by.includes('applicant')) return { role: 'applicant', capacity: 'proxy' };
  if (initiator.kind === 'node' && rule.by.includes('initiator')) return { role: staff.role, capacity: 'initiator' };
  return null;
}

/** The role an actor takes an action in, or null when the rule does not let them. */
export function roleFor(rule: ActionRule, c: EngineCase, actor: EngineActor): CaseRole | null {
  return actingFor(rule, c, actor)?.role ?? null;
}

function ruleOf(decl: AnyCaseType, status: string, action: CaseAction): ActionRule | undefined {
  const state = decl.states[status];
  return state ? state.actions[action] : undefined;
}

/** The actions the actor may take on the case now, as offered with the case detail. */
export function availableActions(decl: AnyCaseType, c: EngineCase, actor: EngineActor): AvailableAction[] {
  const state = decl.states[c.status];
  if (!state) return [];
  const out: AvailableAction[] = [];
  for (const [name, rule] of Object.entries<ActionRule | undefined>(state.actions)) {
    if (!rule || !actingFor(rule, c, actor)) continue;
    if (rule.offered && !rule.offered(c)) continue;
    if (rule.move === 'up' && c.nodePath.length <= 1) continue;
    const inputs = inputInfo(rule);
    out.push({
      action: name,
      label: verbLabel(decl, name),
      needs: needsOf(name, rule),
      ...(inputs.length ? { inputs } : {}),
    });
  }
  return out;
}

function needsOf(action: CaseAction, rule: ActionRule): AvailableAction['needs'] {
  const needs = new Set(rule.needs ?? []);
  if (action === 'refuse' || rule.form === 'correct') needs.add('reason');
  if (rule.form === 'correct') needs.add('form');
  if (rule.move === 'target') needs.add('targetNode');
  return [...needs];
}

/** A resolved target node for a transfer. */
export interface TargetNode {
  nodeId: string;
  path: readonly string[];
}

/** What a transition changes, decided before anything is written. */
export interface TransitionPlan {
  action: CaseAction;
  role: CaseRole;
  /** Staff acting for the applicant (`proxy`) or as the issuer (`initiator`), else as themselves. */
  capacity: Acting['capacity'];
  from: string;
  to: string;
  nodeId: string;
  nodePath: readonly string[];
  level: GridLevel;
  /** True when the node or state changed (deadlines restart). */
  moved: boolean;
  reopened: boolean;
  terminal: boolean;
  /** Set when the action carries a form (the declared `resubmit` or staff `correct`). */
  formChange?: FormChange;
  /** The action's structured inputs, validated. */
  inputs: ParsedInputs;
}

/**
 * Decide a transition or refuse it with a clear error. `target` is the resolved transfer target.
 * Throws FORBIDDEN when the actor may not take the action here, PRECONDITION_FAILED when the
 * state does not allow it, INVALID_INPUT naming the missing field.
 */
export function planTransition(
  decl: AnyCaseType,
  c: EngineCase,
  action: CaseAction,
  args: ActionArgs,
  actor: EngineActor,
  target?: TargetNode | null,
): TransitionPlan {
  const rule = ruleOf(decl, c.status, action);
  if (!rule) {
    const rel = relation(c, actor);
    if (rel === 'none') throw new AppError('NOT_FOUND', '事项不存在');
    throw new AppError(
      'PRECONDITION_FAILED',
      `当前状态（${decl.states[c.status]?.label ?? c.status}）不能${verbLabel(decl, action)}`,
    );
  }
  const acting = actingFor(rule, c, actor);
  if (!acting) {
    if (relation(c, actor) === 'none') throw new AppError('NOT_FOUND', '事项不存在');
    throw new AppError('FORBIDDEN', `您不能对此事项进行“${verbLabel(decl, action)}”`);
  }
  // A form rides only on the action declared to carry it: nobody rewrites a case through a comment.
  if (args.form !== undefined && !rule.form) throw invalid('form', `“${verbLabel(decl, action)}”不能修改申请内容`);
  for (const need of needsOf(action, rule)) {
    if (need === 'reason' && !args.reason) throw invalid('reason', `${verbLabel(decl, action)}必须填写理由`);
    if (need === 'comment' && !args.comment) throw invalid('comment', '请填写内容');
    if (need === 'rating' && !args.rating) throw invalid('rating', '请先评分');
    if (need === 'form' && !args.form)
      throw invalid('form', rule.form === 'correct' ? '请填写更正后的内容' : '请补充材料');
    if (need === 'targetNode' && !args.targetNodeId) throw invalid('targetNodeId', '请选择转办到的网格');
  }
  const refusal = rule.guard?.(c, args);
  if (refusal) throw new AppError('PRECONDITION_FAILED', refusal);

  let nodeId = c.nodeId;
  let nodePath = c.nodePath;
  const move: NodeMove = rule.move ?? 'stay';
  if (typeof move === 'function') {
    nodePath = move(c);
    if (!nodePath.length) throw new AppError('PRECONDITION_FAILED', '事项的去向不明，不能办理');
    nodeId = nodePath[nodePath.length - 1];
  } else if (move === 'up') {
    if (c.nodePath.length <= 1) throw new AppError('PRECONDITION_FAILED', '已在市级，不能再上报');
    nodePath = c.nodePath.slice(0, -1);
    nodeId = nodePath[nodePath.length - 1];
  } else if (move === 'target') {
    if (!target) throw new AppError('NOT_FOUND', '转办目标网格不存在', 'targetNodeId');
    if (target.nodeId === c.nodeId) throw invalid('targetNodeId', '不能转办给当前网格');
    if (actor.staff && !inStaffScope(actor.staff, target.path)) {
      throw new AppError('FORBIDDEN', '只能转办到您管辖范围内的网格', 'targetNodeId');
    }
    nodeId = target.nodeId;
    nodePath = target.path;
  }
  // The step's own inputs once it is known to be possible here (an opinion is not asked of an impossible step).
  const inputs = parseInputs(rule, c, args.inputs);
  const to = typeof rule.to === 'function' ? rule.to(c, args) : rule.to;
  const toState = decl.states[to];
  if (!toState) throw new Error(`case type ${decl.type}: action ${action} in ${c.status} leads to unknown state ${to}`);
  const reopened = action === 'reopen' || (action === 'rate' && !toState.terminal);
  return {
    action,
    role: acting.role,
    capacity: acting.capacity,
    from: c.status,
    to,
    nodeId,
    nodePath,
    level: levelOfPath(nodePath),
    moved: to !== c.status || nodeId !== c.nodeId,
    reopened,
    terminal: Boolean(toState.terminal),
    inputs,
    ...(args.form !== undefined && rule.form ? { formChange: rule.form } : {}),
  };
}

/** The history fields replay needs. */
export interface HistoryStep {
  seq: number;
  action: CaseAction;
  from: string | null;
  to: string;
  toNodeId: string;
  toNodePath: readonly string[];
  reopened?: boolean;
  rating?: { score: number; satisfied: boolean } | null;
}

/** The state a case's history leads to. */
export interface ReplayedState {
  status: string;
  version: number;
  nodeId: string;
  nodePath: readonly string[];
  level: GridLevel;
  reopenCount: number;
  rating: { score: number; satisfied: boolean } | null;
}

/**
 * Replay a case's history (any order; sorted by `seq`) into its state. Throws when the history is
 * broken: a gap in `seq`, or an entry whose `from` is not the state before it.
 */
export function replay(history: readonly HistoryStep[]): ReplayedState {
  const steps = [...history].sort((a, b) => a.seq - b.seq);
  if (!steps.length || steps[0].action !== 'submit') throw new Error('history must start with submit');
  let state = undefined as ReplayedState | undefined;
  for (const [i, step] of steps.entries()) {
    if (step.seq !== i + 1) throw new Error(`history gap at seq ${i + 1}`);
    const prev: ReplayedState | undefined = state;
    if (prev && step.from !== prev.status)
      throw new Error(`history seq ${step.seq} starts from ${step.from}, not ${prev.status}`);
    state = {
      status: step.to,
      version: step.seq,
      nodeId: step.toNodeId,
      nodePath: step.toNodePath,
      level: levelOfPath(step.toNodePath),
      reopenCount: (prev?.reopenCount ?? 0) + (step.reopened ? 1 : 0),
      rating: step.rating ?? prev?.rating ?? null,
    };
  }
  return state as ReplayedState;
}
