/** City admin: publishing notices, settling objections, payment batches. */
import type { AdminNoticeItem, PaymentBatchView } from '@union/contracts';
import { fail, loadPage, ok, type ApiTable } from './support';
import { round } from './fixtures';

const objection = {
  objectionId: 'o1',
  noticeId: 'n1',
  entryId: 'e1',
  reason: '此人家境较好',
  status: 'open' as const,
  reply: null,
  filedAt: '2026-11-21T00:00:00.000Z',
  resolvedAt: null,
  noticeTitle: '2026年金秋助学拟资助名单公示',
  entryName: '张*三',
  entryPlace: '万家乡翠林山村',
};

describe('notices and objections (admin)', () => {
  const load = (api: ApiTable = {}) =>
    loadPage('staff/pages/notices/index', {
      api: { 'aid.allRounds': ok({ rounds: [round()] }), 'aid.objections': ok({ items: [objection] }), ...api },
    });

  it('should publish a round’s notice after confirming, keeping nothing about it on the phone', async () => {
    const page = load({
      'aid.publishNotice': ok({
        noticeId: 'n9',
        title: '2026年金秋助学公示',
        programme: '金秋助学',
        publishedOn: '2026-11-30',
        endsOn: '2026-12-07',
        howToObject: 'x',
        entries: [
          { entryId: 'e1', maskedName: '张*三', place: '万家乡翠林山村', programme: '金秋助学', amountFen: 300000 },
        ],
        caseCount: 2,
      }),
    });
    await page.settle();
    expect(page.wx.calls[1].input).toEqual({ status: 'open' });
    await page.tap('.publish');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'publishNotice')?.input).toEqual({ roundId: 'r-student-2026' });
    expect(page.wx.modals.at(-1)?.title).toBe('已发布');
    expect(page.wx.modals.at(-1)?.content).toContain(
      '2 份申请进入公示期，名单列出 1 人（另 1 人没有同意公示姓名，不列出）',
    );
    expect(page.wx.storage.has('admin:notices')).toBe(false);
  });

  it('should say why nothing was put up when nobody consented to be named', async () => {
    const page = load({
      'aid.publishNotice': ok({
        noticeId: 'n9',
        title: '2026年金秋助学公示',
        programme: '金秋助学',
        publishedOn: '2026-11-30',
        endsOn: '2026-12-07',
        howToObject: 'x',
        entries: [],
        caseCount: 1,
      }),
    });
    await page.settle();
    await page.tap('.publish');
    await page.settle();
    expect(page.wx.modals.at(-1)?.title).toBe('已进入公示期，未对外公示');
    expect(page.wx.modals.at(-1)?.content).toContain('1 份申请进入公示期');
    expect(page.wx.modals.at(-1)?.content).toContain('没有同意公示姓名');
    expect(page.wx.modals.at(-1)?.content).not.toContain('共 0 人');
  });

  it('should settle an objection only with a reply', async () => {
    const page = load({
      'aid.resolveObjection': (input) => ok({ ...objection, status: input.outcome, reply: input.reply }),
    });
    await page.settle();
    expect(page.text()).toContain('此人家境较好');
    await page.tap('.handle');
    await page.tap('.uphold');
    expect(page.text()).toContain('请填写处理意见');
    await page.type('.reply', '经核实，情况属实');
    await page.tap('.uphold');
    expect(page.wx.calls.find((c) => c.action === 'resolveObjection')?.input).toEqual({
      objectionId: 'o1',
      outcome: 'upheld',
      reply: '经核实，情况属实',
    });
    expect(page.text()).toContain('没有待处理的异议');
  });
});

describe('payment batches (admin)', () => {
  const batch = (over: Partial<PaymentBatchView> = {}): PaymentBatchView => ({
    batchId: 'b1',
    roundId: 'r1',
    noticeId: 'n1',
    status: 'exported',
    count: 2,
    totalFen: 500000,
    paidCount: 0,
    failedCount: 0,
    payments: [
      {
        paymentId: 'p1',
        batchId: 'b1',
        amountFen: 300000,
        status: 'pending',
        paidOn: null,
        failureReason: null,
        cardLast4: '1234',
        caseId: 'a1',
        maskedName: '张*三',
      },
      {
        paymentId: 'p2',
        batchId: 'b1',
        amountFen: 200000,
        status: 'pending',
        paidOn: null,
        failureReason: null,
        cardLast4: '5678',
        caseId: 'a2',
        maskedName: '李*',
      },
    ],
    createdAt: '2026-12-08T00:00:00.000Z',
    ...over,
  });

  const adminNotice = (over: Partial<AdminNoticeItem> = {}): AdminNoticeItem => ({
    noticeId: 'n1',
    roundId: 'r1',
    title: '2026年金秋助学拟资助名单公示',
    programme: '金秋助学',
    status: 'ended',
    publishedOn: '2026-11-20',
    endsOn: '2026-11-27',
    caseCount: 2,
    listedCount: 2,
    openObjections: 0,
    batch: null,
    ...over,
  });

  it('should list the server’s notices and make a batch from an ended one', async () => {
    const page = loadPage('staff/pages/payments/index', {
      api: {
        'aid.adminNotices': ok({
          items: [
            adminNotice({
              noticeId: 'n2',
              title: '困难帮扶公示',
              programme: '困难帮扶',
              status: 'running',
              openObjections: 1,
            }),
            adminNotice(),
          ],
          nextCursor: null,
        }),
        'aid.createPaymentBatch': ok(batch({ status: 'open' })),
      },
    });
    await page.settle();
    expect(page.wx.calls[0]).toMatchObject({ action: 'adminNotices', input: { limit: 20 } });
    expect(page.text()).toContain('困难帮扶公示');
    expect(page.text()).toContain('公示中');
    expect(page.text()).toContain('1 条异议待处理');
    // Each button says what it does (issue 12 item 15): the running one cannot be paid yet.
    expect(page.text()).toContain('公示期满后才能生成发放批次');
    expect(page.count('.notice')).toBe(1); // only the ended one can be acted on
    expect(page.exists('#notice-id')).toBe(false); // no typed notice number any more
    await page.tap('.create');
    expect(page.wx.modals.at(-1)?.title).toBe('生成发放批次');
    expect(page.wx.calls.find((c) => c.action === 'createPaymentBatch')?.input).toEqual({ noticeId: 'n1' });
    expect(page.text()).toContain('共 2 人，5,000.00 元');
    expect(page.text()).toContain('张*三 · 3,000.00 元 · 尾号 1234');
    expect(page.wx.storage.size).toBe(0);
  });

  it('should open the batch a notice already has instead of making one', async () => {
    const page = loadPage('staff/pages/payments/index', {
      api: {
        'aid.adminNotices': ok({
          items: [adminNotice({ batch: { batchId: 'pb-n1', status: 'exported' } })],
          nextCursor: null,
        }),
        'aid.paymentBatch': ok(batch()),
      },
    });
    await page.settle();
    expect(page.text()).toContain('发放批次已导出');
    expect(page.exists('.create')).toBe(false);
    expect(page.text()).toContain('打开发放批次');
    await page.tap('.open-batch');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'paymentBatch')?.input).toEqual({ batchId: 'pb-n1' });
    expect(page.wx.calls.some((c) => c.action === 'createPaymentBatch')).toBe(false);
    expect(page.text()).toContain('已到账 0');
  });

  it('should page to older notices with the cursor, and show a load error with retry', async () => {
    let failing = true;
    const page = loadPage('staff/pages/payments/index', {
      api: {
        'aid.adminNotices': (input) => {
          if (failing) return fail('INTERNAL', '网络不太好');
          return input.cursor
            ? ok({ items: [adminNotice({ noticeId: 'n0', title: '2025年公示' })], nextCursor: null })
            : ok({ items: [adminNotice()], nextCursor: '1700000000000|n1' });
        },
      },
    });
    await page.settle();
    expect(page.text()).toContain('网络不太好');
    failing = false;
    page.instance.onRetry();
    await page.settle();
    expect(page.count('.notice')).toBe(1);
    await page.tap('.more');
    await page.settle();
    expect(page.wx.calls.at(-1)?.input).toEqual({ cursor: '1700000000000|n1', limit: 20 });
    expect(page.count('.notice')).toBe(2);
    expect(page.text()).toContain('2025年公示');
    expect(page.exists('.more')).toBe(false);
  });

  it('should record one payment paid and another failed with its reason', async () => {
    const page = loadPage('staff/pages/payments/index', {
      query: { batchId: 'b1' },
      modalContent: '户名不符',
      api: {
        'aid.paymentBatch': ok(batch()),
        'aid.recordPayment': (input) =>
          ok({
            paymentId: input.paymentId,
            batchId: 'b1',
            amountFen: 1,
            status: input.result,
            paidOn: input.paidOn ?? null,
            failureReason: input.failureReason ?? null,
            cardLast4: '0000',
          }),
      },
    });
    await page.settle();
    await page.tap('.paid');
    const paid = page.wx.calls.find((c) => c.action === 'recordPayment');
    expect(paid?.input).toMatchObject({ paymentId: 'p1', result: 'paid' });
    expect((paid?.input as { paidOn: string }).paidOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.tap('.failed');
    await page.settle();
    expect(page.wx.calls.filter((c) => c.action === 'recordPayment')[1].input).toEqual({
      paymentId: 'p2',
      result: 'failed',
      failureReason: '户名不符',
    });
    expect(page.text()).toContain('失败：户名不符');
    expect(page.count('.payment-paid')).toBe(1);
    expect(page.wx.calls.filter((c) => c.action === 'paymentBatch')).toHaveLength(3); // open + refresh after each record
  });

  it('should refresh the batch totals after recording', async () => {
    let paid = 0;
    const page = loadPage('staff/pages/payments/index', {
      query: { batchId: 'b1' },
      api: {
        'aid.paymentBatch': () => ok(batch({ paidCount: paid, status: paid === 2 ? 'completed' : 'exported' })),
        'aid.recordPayment': (input) => {
          paid += 1;
          return ok({
            paymentId: input.paymentId,
            batchId: 'b1',
            amountFen: 1,
            status: 'paid',
            paidOn: '2026-12-09',
            failureReason: null,
            cardLast4: '0000',
          });
        },
      },
    });
    await page.settle();
    await page.tap('.paid');
    expect(page.text()).toContain('已到账 1');
  });

  it('should export the bank file and copy its link', async () => {
    const page = loadPage('staff/pages/payments/index', {
      query: { batchId: 'b1' },
      api: {
        'aid.paymentBatch': ok(batch()),
        'aid.exportBankFile': ok({
          fileID: 'cloud://x',
          tempFileURL: 'https://tmp/x.xlsx',
          count: 2,
          totalFen: 500000,
        }),
      },
    });
    await page.settle();
    await page.tap('.export');
    expect(page.wx.calls[1].input).toEqual({ batchId: 'b1', format: 'xlsx' });
    expect(page.wx.modals[0].content).toContain('共 2 笔，5,000.00 元');
  });

  describe('earlier exports', () => {
    const exported = batch({
      exports: [
        {
          fileID: 'cloud://env.b/aid-exports/b1/old.csv',
          format: 'csv',
          at: '2026-12-07T02:00:00.000Z',
          deletedAt: '2026-12-08T02:00:00.000Z',
        },
        {
          fileID: 'cloud://env.b/aid-exports/b1/new.xlsx',
          format: 'xlsx',
          at: '2026-12-08T02:00:00.000Z',
          deletedAt: null,
        },
      ],
    });

    it('should serve a stored export again with a fresh link, and none for a deleted one', async () => {
      const page = loadPage('staff/pages/payments/index', {
        query: { batchId: 'b1' },
        api: {
          'aid.paymentBatch': ok(exported),
          'aid.exportBankFile': (input) =>
            ok({
              fileID: input.fileID ?? 'x',
              tempFileURL: 'https://tmp/again.xlsx',
              count: 2,
              totalFen: 500000,
              deleteBy: '2026-12-09T02:00:00.000Z',
            }),
        },
      });
      await page.settle();
      expect(page.count('.export-item')).toBe(2);
      expect(page.count('.reserve')).toBe(1);
      expect(page.text()).toContain('删除，不能再下载');
      await page.tap('.reserve');
      expect(page.wx.calls.find((c) => c.action === 'exportBankFile')?.input).toEqual({
        batchId: 'b1',
        fileID: 'cloud://env.b/aid-exports/b1/new.xlsx',
      });
      expect(page.wx.modals[0].title).toBe('已重新提供下载');
      expect(page.wx.modals[0].content).toContain('2026-12-09 10:00');
    });

    it('should say plainly when the file was deleted meanwhile and point to a new export', async () => {
      let deleted = false;
      const page = loadPage('staff/pages/payments/index', {
        query: { batchId: 'b1' },
        api: {
          'aid.paymentBatch': () =>
            ok(
              deleted
                ? batch({ exports: exported.exports!.map((e) => ({ ...e, deletedAt: '2026-12-09T02:00:00.000Z' })) })
                : exported,
            ),
          'aid.exportBankFile': () => {
            deleted = true;
            return fail('PRECONDITION_FAILED', '该导出文件已删除，不能再次下载；如需发放请重新导出', 'fileID');
          },
        },
      });
      await page.settle();
      await page.tap('.reserve');
      await page.settle();
      expect(page.wx.modals[0]).toMatchObject({ title: '这份文件已删除' });
      expect(page.wx.modals[0].content).toContain('重新导出');
      expect(page.count('.reserve')).toBe(0);
      expect(page.exists('.export')).toBe(true);
    });
  });

  it('should show the error when the batch cannot be opened', async () => {
    const page = loadPage('staff/pages/payments/index', {
      query: { batchId: 'b1' },
      api: { 'aid.paymentBatch': fail('NOT_FOUND', '没有这个批次') },
    });
    await page.settle();
    expect(page.text()).toContain('没有这个批次');
  });
});
