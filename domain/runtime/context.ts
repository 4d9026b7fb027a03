/** What every handler receives besides its input: who calls, the database, the clock, a logger. */
import type * as cloudSdk from 'wx-server-sdk';
import type { Logger } from './log';
import type { Database } from './db';

export type { Database };

export type Cloud = typeof cloudSdk;

/** The caller as CloudBase tells us (never as the request body claims). */
export interface Identity {
  /** WeChat openid from `cloud.getWXContext()`; empty for timer and admin-script calls. */
  openid: string;
  appid: string;
  unionid: string;
  clientIp: string;
  /** CloudBase's `SOURCE`: e.g. `wx_client`, `wx_devtools`, `scf` (another function), `wx_http`. */
  source: string;
  /** True when a timer trigger invoked the function. */
  timer: boolean;
}

export interface HandlerContext {
  cloud: Cloud;
  db: Database;
  identity: Identity;
  /** Function name, for audit entries and logs. */
  functionName: string;
  /** Client request id, when the client sent one. */
  requestId?: string;
  /** The clock; tests replace it through the `clock` collection or environment, never by patching Date. */
  now(): Date;
  log: Logger;
}
