/**
 * Build-time settings of the mini-program.
 *
 * - `cloudEnv`: the CloudBase environment id. `undefined` = the environment selected in WeChat
 *   DevTools (and the local cloud in the browser preview).
 * - `subscribeTemplates`: subscribe-message template ids from the WeChat admin console
 *   (订阅消息 → 我的模板). The functions read the same ids from UNION_TPL_CASE_STATUS and
 *   UNION_TPL_STAFF_REMINDER (domain/notify/outbox.ts); the placeholders match their defaults.
 */
export const config = {
  cloudEnv: undefined as string | undefined,
  subscribeTemplates: {
    /** 办件进度通知: a case moved (accepted, replied, needs more information, closed). */
    caseProgress: 'CASE_PROGRESS_TEMPLATE_ID',
    /** 待办提醒 (staff): a case waits for me or is about to be overdue. */
    staffTodo: 'STAFF_TODO_TEMPLATE_ID',
  },
};
