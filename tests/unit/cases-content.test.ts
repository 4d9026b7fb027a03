/** The content check and the outbox against a fake platform: fail closed, refuse risky, incidents after retries. */
import { checkTexts } from '../../domain/content/check';
import { deliver, newNotification } from '../../domain/notify/outbox';
import type { HandlerContext } from '../../domain/runtime/context';
import { AppError } from '../../domain/runtime/errors';

type Suggest = 'pass' | 'risky' | 'review';

function fakeCtx(opts: { msgSec?: (content: string) => Promise<unknown>; send?: () => Promise<unknown> } = {}) {
  const updates: Record<string, unknown>[] = [];
  const stored: Record<string, unknown> = { attempts: 0 };
  const calls: { openid: string; version: number; content: string }[] = [];
  const ctx = {
    identity: { openid: 'o-author', appid: '', unionid: '', clientIp: '', source: 'wx_client', timer: false },
    now: () => new Date('2026-11-30T02:00:00Z'),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    cloud: {
      openapi: {
        security: {
          msgSecCheck: (p: { openid: string; version: number; content: string }) => {
            calls.push(p);
            return (opts.msgSec ?? (async () => ({ errCode: 0, result: { suggest: 'pass' } })))(p.content);
          },
        },
        subscribeMessage: { send: opts.send ?? (async () => ({ errCode: 0 })) },
      },
    },
    // One stored notification: claims are conditional updates (`where().update()`), outcomes `doc().update()`
    // with atomic increments; `updates` records each outcome as the document then reads.
    db: {
      command: { inc: (n: number) => ({ inc: n }), remove: () => ({ remove: true }) },
      collection: () => ({
        where: () => ({ update: async () => ({ stats: { updated: 1 } }) }),
        doc: () => ({
          update: async ({ data }: { data: Record<string, unknown> }) => {
            const applied: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(data)) {
              const op = v as { inc?: number; remove?: boolean } | null;
              if (op && typeof op === 'object' && 'inc' in op)
                applied[k] = (Number(stored[k] ?? 0) || 0) + (op.inc ?? 0);
              else if (!(op && typeof op === 'object' && 'remove' in op)) applied[k] = v;
            }
            Object.assign(stored, applied);
            updates.push(applied);
          },
        }),
      }),
    },
  } as unknown as HandlerContext;
  return { ctx, updates, calls };
}

const by = (words: Record<string, Suggest>) => async (content: string) => {
  const hit = Object.entries(words).find(([w]) => content.includes(w));
  return { errCode: 0, result: { suggest: hit ? hit[1] : 'pass' } };
};

describe('checkTexts', () => {
  it('checks every text with the caller openid and version 2, skipping empty ones', async () => {
    const { ctx, calls } = fakeCtx();
    const verdict = await checkTexts(ctx, [
      { field: 'facts', text: '正常内容' },
      { field: 'comment', text: undefined },
    ]);
    expect(verdict).toEqual({ held: false, heldFields: [] });
    expect(calls).toEqual([expect.objectContaining({ openid: 'o-author', version: 2, content: '正常内容' })]);
  });

  it('refuses risky text naming the field', async () => {
    const { ctx } = fakeCtx({ msgSec: by({ 坏: 'risky' }) });
    const error = await checkTexts(ctx, [
      { field: 'form.employer', text: '好公司' },
      { field: 'form.facts', text: '坏事' },
    ]).catch((e: AppError) => e);
    expect(error).toMatchObject({ code: 'CONTENT_RISKY', field: 'form.facts' });
    expect((error as AppError).message).toContain('事实经过');
  });

  it('holds text for review, and fails closed on an error or a timeout', async () => {
    const review = await checkTexts(fakeCtx({ msgSec: by({ 审: 'review' }) }).ctx, [
      { field: 'comment', text: '待审' },
    ]);
    expect(review).toEqual({ held: true, heldFields: [{ field: 'comment', why: 'review' }] });
    const failing = await checkTexts(fakeCtx({ msgSec: async () => Promise.reject({ errCode: -1 }) }).ctx, [
      { field: 'comment', text: 'x' },
    ]);
    expect(failing.heldFields).toEqual([{ field: 'comment', why: 'error' }]);
    const hanging = await checkTexts(
      fakeCtx({ msgSec: () => new Promise(() => undefined) }).ctx,
      [{ field: 'comment', text: 'x' }],
      2,
      50,
    );
    expect(hanging.heldFields).toEqual([{ field: 'comment', why: 'error' }]);
    const unknown = await checkTexts(fakeCtx({ msgSec: async () => ({ errCode: 0, result: {} }) }).ctx, [
      { field: 'comment', text: 'x' },
    ]);
    expect(unknown.held).toBe(true);
  });
});

describe('deliver', () => {
  const doc = () =>
    newNotification(
      {
        purpose: 'case_status',
        touser: 'o-applicant',
        templateId: 'tpl',
        page: 'p',
        data: { thing1: { value: 'x' } },
        caseId: 'c1',
      },
      new Date(),
    );

  it('marks a sent message sent after one attempt', async () => {
    const { ctx, updates } = fakeCtx();
    expect(await deliver(ctx, doc())).toBe('sent');
    expect(updates[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: '' });
  });

  it('records an incident after three failed attempts, with the error code but no message data', async () => {
    let tries = 0;
    const { ctx, updates } = fakeCtx({
      send: async () => Promise.reject({ errCode: -1, errMsg: 'system error' }).finally(() => (tries += 1)),
    });
    expect(await deliver(ctx, doc())).toBe('failed');
    expect(tries).toBe(3);
    expect(updates[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: '-1 system error' });
  });

  it('does not retry what a retry cannot change: a bad template or data is an incident at once', async () => {
    for (const errCode of [40037, 47003]) {
      let tries = 0;
      const { ctx, updates } = fakeCtx({
        send: async () => Promise.reject({ errCode, errMsg: 'argument invalid!' }).finally(() => (tries += 1)),
      });
      expect(await deliver(ctx, doc())).toBe('failed');
      expect([errCode, tries, updates[0]?.status]).toEqual([errCode, 1, 'failed']);
    }
  });

  it('records a message to someone without a subscription left (43101) as unsubscribed, not as an incident', async () => {
    const { ctx, updates } = fakeCtx({
      send: async () => Promise.reject({ errCode: 43101, errMsg: 'user refuse to accept the msg' }),
    });
    expect(await deliver(ctx, doc())).toBe('unsubscribed');
    expect(updates[0]).toMatchObject({ status: 'unsubscribed', attempts: 1 });
  });

  it('recovers when a retry succeeds', async () => {
    let tries = 0;
    const { ctx, updates } = fakeCtx({
      send: async () => ((tries += 1) < 2 ? Promise.reject({ errCode: -1 }) : { errCode: 0 }),
    });
    expect(await deliver(ctx, doc())).toBe('sent');
    expect(updates[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});
