/**
 * Build-time settings of the mini-program.
 *
 * `cloudEnv`: the CloudBase environment id the mini-program calls. Leave it `undefined` to use the
 * environment selected in WeChat DevTools (and the local cloud in the browser preview).
 */
export const config: { cloudEnv: string | undefined } = {
  cloudEnv: undefined,
};
