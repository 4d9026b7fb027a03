/**
 * The one wrapper every cloud function entry uses: initialise the SDK once, read identity from
 * `getWXContext()`, validate input against the action's schema, route, and map errors to tagged
 * results. Handlers never see the platform's event.
 */
import * as cloud from 'wx-server-sdk';
import { z } from 'zod';
import type { ApiEvent, ApiFailure, ApiResult, FunctionContract, OutputOf, ParsedInputOf } from '../../typings/api';
import { AppError } from './errors';
import type { Database, HandlerContext, Identity } from './context';
import { createLogger } from './log';
import { systemNow } from './clock';
import { MAX_EVENT_DEPTH, nestedDeeperThan, zodFailure } from './validation';
import { runIdempotent } from './idempotency';
import { looksLikeTimer, trustedTimer } from './trigger';

/** The handler of one action: parsed input and context in, output out (or an AppError thrown). */
export type Handler<C> = (input: ParsedInputOf<C>, ctx: HandlerContext) => Promise<OutputOf<C>>;
export type Handlers<C extends FunctionContract> = { [A in keyof C]: Handler<C[A]> };

export interface FunctionOptions {
  /** Actions whose `requestId` makes a retry return the first result (submissions). */
  idempotent?: readonly string[];
  /** Called for timer-trigger events (`{ Type: 'Timer', TriggerName }`). */
  onTimer?: (triggerName: string, ctx: HandlerContext) => Promise<unknown>;
}

let initialised = false;
function initCloud() {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
}

/**
 * Who calls, from one read of `getWXContext()`; `timer` from the one trusted-timer rule (`trigger.ts`), so a
 * timer-shaped event from any caller but the platform's timer is not a timer (the wrapper refuses it).
 */
function readIdentity(event: unknown): Identity {
  const wx = cloud.getWXContext();
  const openid = String(wx.OPENID ?? '');
  return {
    openid,
    appid: String(wx.APPID ?? ''),
    unionid: String(wx.UNIONID ?? ''),
    clientIp: String(wx.CLIENTIP ?? wx.CLIENTIPV6 ?? ''),
    source: String(wx.SOURCE ?? ''),
    timer: trustedTimer(event, openid) !== null,
  };
}

const EventSchema = z.object({
  action: z.string().min(1).max(64),
  input: z.unknown().optional(),
  requestId: z.string().min(8).max(80).optional(),
});

/** Build a cloud function's `main` from its contract and handlers. */
export function createFunction<C extends FunctionContract>(
  functionName: string,
  contract: C,
  handlers: Handlers<C>,
  options: FunctionOptions = {},
): (event: unknown, context?: unknown) => Promise<ApiResult<unknown> | unknown> {
  const log = createLogger(functionName);
  return async function main(event: unknown): Promise<ApiResult<unknown> | unknown> {
    // Before anything walks the event: a deeply nested one (even in a field no schema reads) is refused here.
    if (nestedDeeperThan(event, MAX_EVENT_DEPTH)) {
      return {
        ok: false,
        code: 'INVALID_INPUT',
        message: `请求内容层级过深（超过${MAX_EVENT_DEPTH}层），请检查后重试`,
      };
    }
    initCloud();
    const ctx: HandlerContext = {
      cloud,
      db: cloud.database() as unknown as Database,
      identity: readIdentity(event),
      functionName,
      now: systemNow,
      log,
    };
    try {
      if (looksLikeTimer(event)) {
        if (!ctx.identity.timer) throw new AppError('FORBIDDEN', '定时任务只能由定时触发器调用');
        if (!options.onTimer) throw new AppError('UNKNOWN_ACTION', '此函数没有定时任务');
        return { ok: true, data: await options.onTimer(event.TriggerName, ctx) };
      }
      const parsedEvent = EventSchema.safeParse(event);
      if (!parsedEvent.success) return zodFailure(parsedEvent.error, '');
      const { action, input, requestId } = parsedEvent.data as ApiEvent;
      const spec = Object.prototype.hasOwnProperty.call(contract, action) ? contract[action] : undefined;
      const handler = spec ? (handlers as Record<string, Handler<unknown>>)[action] : undefined;
      if (!spec || !handler) {
        return { ok: false, code: 'UNKNOWN_ACTION', message: `未知操作：${action}` } satisfies ApiFailure;
      }
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) return zodFailure(parsed.error, 'input');
      ctx.requestId = requestId;
      const run = async (): Promise<ApiResult<unknown>> => ({
        ok: true,
        data: await handler(parsed.data as never, ctx),
      });
      if (requestId && options.idempotent?.includes(action)) {
        return await runIdempotent(ctx, `${functionName}.${action}`, requestId, run);
      }
      return await run();
    } catch (error) {
      if (error instanceof AppError) return error.toFailure();
      log.error('unexpected failure', error);
      return { ok: false, code: 'INTERNAL', message: '系统繁忙，请稍后重试' } satisfies ApiFailure;
    }
  };
}
