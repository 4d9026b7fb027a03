/**
 * The one typed way the mini-program talks to its cloud functions.
 *
 * `callApi('grid', 'tree', {})` is typed from `typings/` (the shared contracts): the action name,
 * its input and its output. It never throws: a transport failure (no network, function crashed,
 * rate limited) comes back as an `ApiFailure` with a plain-Chinese message, so every page
 * handles every outcome in one `switch` on `code`.
 */
import type { ActionName, ApiResult, Contracts, FunctionName, InputOf, OutputOf } from '@union/contracts';
import { toResult, transportFailure } from './results';

export { toResult, transportFailure, TRANSPORT_MESSAGES } from './results';

/** The contract of one action of one function. */
export type ContractOf<F extends FunctionName, A extends ActionName<F>> = Contracts[F][A];
/** What an action takes (before parsing: what the user typed). */
export type CallInput<F extends FunctionName, A extends ActionName<F>> = InputOf<ContractOf<F, A>>;
/** What an action answers when it succeeds. */
export type CallOutput<F extends FunctionName, A extends ActionName<F>> = OutputOf<ContractOf<F, A>>;

export interface CallOptions {
  /** Client request id for a submission: the same for a retry of the same input (see `requestIdFor`). */
  requestId?: string;
}

/** Call `fn.action(input)`; resolves to the function's tagged result or a transport failure. */
export async function callApi<F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: CallInput<F, A>,
  opts: CallOptions = {},
): Promise<ApiResult<CallOutput<F, A>>> {
  const data: Record<string, unknown> = { action, input };
  if (opts.requestId) data.requestId = opts.requestId;
  try {
    const res = await wx.cloud.callFunction({ name: fn, data });
    return toResult<CallOutput<F, A>>(res.result);
  } catch (err) {
    return transportFailure(err);
  }
}

/**
 * A new client request id for one submission. Create it when the person taps submit and keep it
 * for every retry of that submission, so the server makes exactly one record.
 */
export function newRequestId(): string {
  const rand = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return `${Date.now().toString(36)}-${rand()}${rand()}`;
}

/**
 * The request id to send `input` with, given the one kept (in the page and its draft) from the last send:
 * the kept id while the input is exactly what it was sent with (a retry: the server answers with the first
 * success), a new id once the input changed (a corrected form is a new submission). The id carries a
 * fingerprint of its input after a `~`, so a draft keeps one string.
 */
export function requestIdFor(kept: string | undefined, input: unknown): string {
  const key = inputKey(input);
  if (kept && kept.endsWith(`~${key}`)) return kept;
  return `${newRequestId()}~${key}`;
}

/** A short fingerprint of a value (key order ignored): two 32-bit FNV-1a hashes of its canonical JSON. */
export function inputKey(input: unknown): string {
  const text = canonical(input);
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}`;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
