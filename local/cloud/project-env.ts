/**
 * Stand-ins the local cloud gives every function for the project variables a deploy sets from the deploying shell
 * (`cloudbaserc.json`'s `{{env.NAME}}`), other than the keys (`dev-keys.ts`). A variable set in the host's
 * environment wins (the runtime passes the host's `UNION_*` over these).
 */
export const LOCAL_PROJECT_ENV: Readonly<Record<string, string>> = {
  /** The join QR code's link (`domain/founding/recruits.ts`): a host that does not exist, so nothing real opens. */
  UNION_JOIN_QR_URL: 'https://union-join.invalid/j',
};
