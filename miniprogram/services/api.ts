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

export { inputKey, newRequestId, requestIdFor } from '../utils/request-id';
