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
  /** Client request id for a submission: reuse it for every retry of the same submit tap. */
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
