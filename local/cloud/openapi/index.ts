import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeOpenApiRequest, encodeOpenApiResponse } from './protobuf';

/** One subscribe message recorded instead of being sent. */
export interface OutboxEntry {
  touser: string;
  templateId: string;
  page?: string;
  data: unknown;
  sentAt: string;
  miniprogramState?: string;
  msgid: string;
  /** Function that sent it, when known. */
  from?: string;
}

/** Local msgSecCheck word lists. */
export interface ContentRules {
  risky: string[];
  review: string[];
  /** Words that make the check itself fail (errcode -1 "system error"), to test fail-closed code. */
  error: string[];
}

/** Defaults: a few obvious risky words, a few review words, and a marker that forces a system error. */
export const DEFAULT_CONTENT_RULES: ContentRules = {
  risky: ['赌博', '毒品', '枪支', '色情', '诈骗', 'gambling', 'porn'],
  review: ['上访', '维权群', '代办', 'lottery'],
  error: ['__msgseccheck_error__'],
};

/** WeChat's label numbers for the strategies we emulate. */
const LABEL = { pass: 100, risky: 20006, review: 21000 } as const;

/** Why an openapi call is refused before it reaches a handler. */
export type OpenApiRefusal = 'API_NOT_FOUND' | 'NO_PERMISSION';

/** errorCode values the SDK maps (wx-server-sdk ERR_CODE). */
export const OPENAPI_SYSTEM_ERROR = { API_NOT_FOUND: -604100, NO_PERMISSION: -604101 } as const;

/** The caller of an openapi request, when it came from a function invocation. */
export interface OpenApiCaller {
  functionName?: string;
  /** permissions.openapi of that function. */
  allowed?: string[];
  openid?: string;
  appid?: string;
}

type Handler = (params: Record<string, unknown>, caller: OpenApiCaller) => unknown;

/**
 * Local answers for the WeChat open APIs the project uses: content security (word lists), subscribe messages
 * (an outbox persisted in the data dir), phone numbers (fake, or carried by the code as `phone:<number>`).
 */
export class OpenApiSink {
  private rules: ContentRules;
  private readonly outboxFile: string;
  private readonly entries: OutboxEntry[] = [];
  private readonly handlers: Record<string, Handler>;

  constructor(dataDir: string) {
    this.outboxFile = path.join(dataDir, 'outbox.jsonl');
    if (fs.existsSync(this.outboxFile)) {
      for (const line of fs.readFileSync(this.outboxFile, 'utf8').split('\n')) {
        if (line.trim()) this.entries.push(JSON.parse(line) as OutboxEntry);
      }
    }
    const rulesFile = path.join(dataDir, 'content-rules.json');
    const fromFile = fs.existsSync(rulesFile)
      ? (JSON.parse(fs.readFileSync(rulesFile, 'utf8')) as Partial<ContentRules>)
      : {};
    this.rules = { ...DEFAULT_CONTENT_RULES, ...fromFile };
    this.handlers = {
      'security.msgSecCheck': (p) => this.msgSecCheck(p),
      'security.imgSecCheck': (p) => this.imgSecCheck(p),
      'subscribeMessage.send': (p, c) => this.subscribeSend(p, c),
      'phonenumber.getPhoneNumber': (p, c) => this.getPhoneNumber(p, c),
    };
  }

  /** Replace word lists (unspecified lists keep their current value). */
  setContentRules(words: Partial<ContentRules>): void {
    this.rules = { ...this.rules, ...Object.fromEntries(Object.entries(words).filter(([, v]) => Array.isArray(v))) };
  }

  /** The word lists in force. */
  contentRules(): ContentRules {
    return { risky: [...this.rules.risky], review: [...this.rules.review], error: [...this.rules.error] };
  }

  /** Recorded subscribe messages, oldest first. */
  outbox(filter?: { openid?: string }): OutboxEntry[] {
    return this.entries.filter((e) => !filter?.openid || e.touser === filter.openid);
  }

  /** Names of the APIs answered locally. */
  supported(): string[] {
    return Object.keys(this.handlers);
  }

  /**
   * Answer one `wx.openApi` admin request: decode the protobuf, check the caller's permissions, run the
   * handler, and encode the CommOpenApiResp.
   */
  handle(apiName: string, requestData: Buffer | undefined, caller: OpenApiCaller): Buffer {
    const handler = this.handlers[apiName];
    if (!handler) return encodeOpenApiResponse({ errorCode: OPENAPI_SYSTEM_ERROR.API_NOT_FOUND });
    if (caller.allowed && !caller.allowed.includes(apiName)) {
      return encodeOpenApiResponse({ errorCode: OPENAPI_SYSTEM_ERROR.NO_PERMISSION });
    }
    const { params } = requestData ? decodeOpenApiRequest(requestData) : { params: {} };
    return encodeOpenApiResponse({ json: handler(params, caller) });
  }

  private msgSecCheck(p: Record<string, unknown>): unknown {
    const content = String(p.content ?? '');
    const lower = content.toLowerCase();
    const hit = (words: string[]) => words.find((w) => w && lower.includes(w.toLowerCase()));
    if (hit(this.rules.error)) return { errcode: -1, errmsg: 'system error' };
    const traceId = crypto.randomBytes(8).toString('hex');
    const risky = hit(this.rules.risky);
    const review = risky ? undefined : hit(this.rules.review);
    const suggest = risky ? 'risky' : review ? 'review' : 'pass';
    if (Number(p.version) !== 2) {
      // v1: a plain verdict, errcode 87014 for risky content.
      return risky ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
    }
    if (!p.openid) return { errcode: 47001, errmsg: 'data format error: openid is required for version 2' };
    if (![1, 2, 3, 4].includes(Number(p.scene)))
      return { errcode: 47001, errmsg: 'data format error: scene must be 1-4' };
    const label = LABEL[suggest];
    return {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 },
        ...(risky || review
          ? [{ strategy: 'keyword', errcode: 0, suggest, label, level: 20, keyword: risky ?? review }]
          : []),
      ],
      trace_id: traceId,
    };
  }

  /** Images: the bytes are read as text against the same word lists (a test puts a word into a fake image). */
  private imgSecCheck(p: Record<string, unknown>): unknown {
    if (!Buffer.isBuffer(p.media)) return { errcode: 47001, errmsg: 'data format error: media is required' };
    const text = p.media.toString('utf8').toLowerCase();
    const hit = (words: string[]) => words.some((w) => w && text.includes(w.toLowerCase()));
    if (hit(this.rules.error)) return { errcode: -1, errmsg: 'system error' };
    return hit(this.rules.risky) ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
  }

  private subscribeSend(p: Record<string, unknown>, caller: OpenApiCaller): unknown {
    const touser = typeof p.touser === 'string' ? p.touser : '';
    const templateId = typeof p.template_id === 'string' ? p.template_id : '';
    if (!touser) return { errcode: 40003, errmsg: 'invalid openid' };
    if (!templateId) return { errcode: 40037, errmsg: 'invalid template_id' };
    if (!p.data || typeof p.data !== 'object') return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
    const msgid = String(Date.now()) + String(crypto.randomInt(1000, 9999));
    const entry: OutboxEntry = {
      touser,
      templateId,
      ...(typeof p.page === 'string' ? { page: p.page } : {}),
      data: p.data,
      sentAt: new Date().toISOString(),
      ...(typeof p.miniprogram_state === 'string' ? { miniprogramState: p.miniprogram_state } : {}),
      msgid,
      ...(caller.functionName ? { from: caller.functionName } : {}),
    };
    this.entries.push(entry);
    fs.appendFileSync(this.outboxFile, JSON.stringify(entry) + '\n');
    return { errcode: 0, errmsg: 'ok', msgid };
  }

  private getPhoneNumber(p: Record<string, unknown>, caller: OpenApiCaller): unknown {
    const code = typeof p.code === 'string' ? p.code : '';
    if (!code) return { errcode: 40029, errmsg: 'invalid code' };
    const carried = /^phone:(\+?\d{5,15})$/.exec(code)?.[1];
    const digits =
      carried ??
      `138${String(parseInt(crypto.createHash('sha256').update(code).digest('hex').slice(0, 8), 16) % 1e8).padStart(8, '0')}`;
    const pure = digits.replace(/^\+?86/, '');
    return {
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: pure,
        purePhoneNumber: pure,
        countryCode: '86',
        watermark: { timestamp: Math.floor(Date.now() / 1000), appid: caller.appid ?? 'wx0000000000local' },
      },
    };
  }
}
