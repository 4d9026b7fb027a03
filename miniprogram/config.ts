/**
 * Build-time settings of the mini-program.
 *
 * - `cloudEnv`: the CloudBase environment id. `undefined` = the environment selected in WeChat
 *   DevTools (and the local cloud in the browser preview).
 * - `subscribeTemplates`: subscribe-message template ids from the WeChat admin console
 *   (订阅消息 → 我的模板); the function side sends with the same ids. Placeholders until configured.
 */
export const config = {
  cloudEnv: undefined as string | undefined,
  subscribeTemplates: {
    /** 办件进度通知: a case moved (accepted, replied, needs more information, closed). */
    caseProgress: 'CASE_PROGRESS_TEMPLATE_ID',
    /** 审核结果通知: an aid application was approved, refused or paid. */
    aidResult: 'AID_RESULT_TEMPLATE_ID',
  },
};
