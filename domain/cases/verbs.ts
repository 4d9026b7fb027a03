/**
 * The engine's common verbs and their labels: the actions most case types share. A type's own verbs (aid's
 * `publish`, a task's `sign`) are declared with their labels in the type's `verbs`; nothing here changes for them.
 */
import type { AnyCaseType } from './declaration';

/** Common verbs with the words people see on buttons and in the timeline. */
export const COMMON_VERBS = {
  submit: '提交',
  withdraw: '撤回',
  accept: '受理',
  request_info: '退回补充',
  resubmit: '补充后重新提交',
  approve: '审核通过',
  refuse: '不予通过',
  transfer: '转办',
  escalate: '上报上级',
  comment: '留言',
  reply: '答复',
  close: '办结',
  rate: '评价',
  reopen: '重新办理',
  correct: '更正信息',
} as const;
export type CommonVerb = keyof typeof COMMON_VERBS;

/** The label of `verb` for a case type: its own declaration first, then the common verbs. */
export function verbLabel(decl: AnyCaseType | undefined, verb: string): string {
  const own = decl?.verbs?.[verb]?.label;
  if (own) return own;
  return (COMMON_VERBS as Record<string, string>)[verb] ?? verb;
}

/** True when the engine or the type knows how to label `verb`. */
export function isLabelled(decl: AnyCaseType, verb: string): boolean {
  return Boolean(decl.verbs?.[verb]?.label) || verb in COMMON_VERBS;
}
