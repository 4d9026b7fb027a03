import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { decodeOpenApiRequest, encodeOpenApiResponse } from './protobuf';
import { checkTemplateData, SubscriptionBook, type ConsoleTemplate } from './subscribe';
import { imageInfo } from './image-info';

/** WeChat's limits the local answers enforce. */
export const OPENAPI_LIMITS = {
  /** msgSecCheck: at most 2500 characters of content. */
  msgSecCheckChars: 2500,
  /** imgSecCheck: PNG, JPEG or GIF, at most 1 MB and 750×1334 pixels. */
  imgSecCheckBytes: 1024 * 1024,
  imgSecCheckWidth: 750,
  imgSecCheckHeight: 1334,
  /** getPhoneNumber: a button code is good once, for 5 minutes. */
  phoneCodeTtlMs: 5 * 60_000,
} as const;

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
 * (an outbox persisted in the data dir, checked against the console's templates and the person's one-time
 * subscriptions), phone numbers (single-use, expiring codes issued by `issuePhoneCode`).
 */
export class OpenApiSink {
  private rules: ContentRules;
  private readonly outboxFile: string;
  private readonly entries: OutboxEntry[] = [];
  private readonly handlers: Record<string, Handler>;
  private readonly templates: Map<string, ConsoleTemplate>;
  private readonly subscriptions: SubscriptionBook;
  /** Issued getPhoneNumber codes: the number and when the button gave it (a code is deleted when used). */
  private readonly phoneCodes = new Map<string, { phone: string; issuedAt: number }>();

  /** `templates`: the subscribe-message templates the (local) WeChat console has. */
  constructor(dataDir: string, templates: readonly ConsoleTemplate[] = []) {
    this.templates = new Map(templates.map((t) => [t.id, t]));
    this.subscriptions = new SubscriptionBook(dataDir);
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

  /**
   * A person accepted these templates in `wx.requestSubscribeMessage` (one more message each); returns the
   * ids accepted, or null when one is not a template of the console (WeChat fails the request: 20001).
   */
  subscribe(openid: string, templateIds: readonly string[], times = 1): string[] | null {
    if (!openid || templateIds.some((id) => !this.templates.has(id))) return null;
    this.subscriptions.accept(openid, templateIds, times);
    return [...templateIds];
  }

  /** One-time subscriptions `openid` has left for a template. */
  subscriptionsLeft(openid: string, templateId: string): number {
    return this.subscriptions.count(openid, templateId);
  }

  /**
   * The code `<button open-type="getPhoneNumber">` hands the page for `phone` (what WeChat issues after the
   * person allows it). `issuedAt` lets a test age a code.
   */
  issuePhoneCode(phone: string, issuedAt = Date.now()): string {
    const code = crypto.randomBytes(16).toString('hex');
    this.phoneCodes.set(code, { phone, issuedAt });
    return code;
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
    if ([...content].length > OPENAPI_LIMITS.msgSecCheckChars)
      return { errcode: 47001, errmsg: `data format error: content longer than ${OPENAPI_LIMITS.msgSecCheckChars}` };
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
    const info = imageInfo(p.media);
    if (!['png', 'jpeg', 'gif'].includes(info.format))
      return { errcode: 40005, errmsg: 'invalid file type: only PNG, JPEG and GIF are checked' };
    if (
      p.media.length > OPENAPI_LIMITS.imgSecCheckBytes ||
      info.width > OPENAPI_LIMITS.imgSecCheckWidth ||
      info.height > OPENAPI_LIMITS.imgSecCheckHeight
    )
      return { errcode: 40006, errmsg: 'invalid media size' };
    const text = p.media.toString('utf8').toLowerCase();
    const hit = (words: string[]) => words.some((w) => w && text.includes(w.toLowerCase()));
    if (hit(this.rules.error)) return { errcode: -1, errmsg: 'system error' };
    return hit(this.rules.risky) ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' };
  }

  private subscribeSend(p: Record<string, unknown>, caller: OpenApiCaller): unknown {
    const touser = typeof p.touser === 'string' ? p.touser : '';
    const templateId = typeof p.template_id === 'string' ? p.template_id : '';
    if (!touser) return { errcode: 40003, errmsg: 'invalid openid' };
    const template = this.templates.get(templateId);
    if (!template) return { errcode: 40037, errmsg: 'invalid template_id' };
    const refused = checkTemplateData(template, p.data);
    if (refused) return refused;
    if (!this.subscriptions.take(touser, templateId))
      return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
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
    const issued = this.phoneCodes.get(code);
    // A code is good once and for five minutes, as WeChat's are.
    this.phoneCodes.delete(code);
    if (!issued || Date.now() - issued.issuedAt > OPENAPI_LIMITS.phoneCodeTtlMs)
      return { errcode: 40029, errmsg: 'invalid code' };
    const digits = issued.phone;
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
