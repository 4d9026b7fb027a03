/**
 * The one rule that decides whether an invocation is a timer trigger. Every function gets it through the
 * wrapper (`createFunction`), so no function can forget it and no handler checks it again.
 *
 * Anyone can send `{ Type: 'Timer', TriggerName: 'x' }` as the data of a client call, an HTTP call or a call
 * from another function (with or without an OPENID). What a caller cannot set is the invocation's environment:
 * SCF sets `TRIGGER_SRC=timer` for a timer trigger only (the SDKs read the same variable to pick the trigger's
 * API token, `WX_TRIGGER_API_TOKEN_V0`), and a timer carries no WeChat user.
 */

/** The event SCF hands a function for a timer trigger. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time?: string;
  Message?: string;
}

/** True when the event is shaped like a timer trigger's (whoever sent it). */
export function looksLikeTimer(event: unknown): event is TimerEvent {
  return typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer';
}

/**
 * The trigger name when the platform ran this invocation as a timer trigger, else null: a timer-shaped event,
 * `TRIGGER_SRC=timer` in the invocation's environment, and no OPENID.
 */
export function trustedTimer(
  event: unknown,
  openid: string,
  env: Record<string, string | undefined> = process.env,
): string | null {
  if (!looksLikeTimer(event) || typeof event.TriggerName !== 'string' || !event.TriggerName) return null;
  if (env.TRIGGER_SRC !== 'timer' || openid !== '') return null;
  return event.TriggerName;
}
