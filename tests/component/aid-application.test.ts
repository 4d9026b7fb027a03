/** An aid application as its applicant sees it; correcting the bank card after a failed payment. */
import { fail, loadPage, ok, type ApiTable } from './support';
import { aidApplication } from './fixtures';

const load = (api: ApiTable) => loadPage('pages/aid-application/index', { query: { id: 'a1' }, api });

describe('aid application page', () => {
  it('should show the stage, amount, reasons and each step as sent (masked)', async () => {
    const page = load({
      'aid.application': ok(
        aidApplication({
          steps: [
            { at: '2026-11-30T02:00:00.000Z', label: '提交申请' },
            { at: '2026-12-01T02:00:00.000Z', label: '村（社区）初审通过' },
          ],
        }),
      ),
    });
    await page.settle();
    expect(page.wx.calls[0].input).toEqual({ caseId: 'a1' });
    const text = page.text();
    expect(text).toContain('审核中');
    expect(text).toContain('3,000.00 元');
    expect(text).toContain('✓ 家庭人均月收入低于低保标准的2倍');
    expect(text).toContain('4210**********1237');
    expect(text).toContain('农业银行 尾号 1234');
    expect(page.count('#timeline >>> .step')).toBe(2);
    expect(text).toContain('村（社区）初审通过');
    expect(page.exists('.correct')).toBe(false);
  });

  it('should show the reference-data checks and home visits reviewers rely on', async () => {
    const page = load({
      'aid.application': ok(
        aidApplication({
          verification: [
            {
              dataset: 'household',
              datasetName: '户籍信息',
              subject: 'applicant',
              status: 'match',
              differences: [],
              message: '与户籍信息一致',
              datasetImportedAt: '2026-11-01T00:00:00.000Z',
            },
            {
              dataset: 'civil_affairs',
              datasetName: '民政低保/特困名单',
              subject: 'applicant',
              status: 'not_found',
              differences: [],
              message: '未在名单中',
              datasetImportedAt: null,
              explanation: {
                result: '不在民政低保或特困供养名单内。',
                effect: '不影响申请，按家庭收入审核。',
                todo: '如果您在领低保或特困供养，请带上低保证或特困证。',
              },
            },
          ],
          homeVisits: [
            {
              visitedOn: '2026-11-29',
              findings: '家庭情况属实',
              photoFileIds: ['cloud://e.b/1.jpg'],
              byName: '罗*',
              at: '2026-11-29T08:00:00.000Z',
            },
          ],
        }),
      ),
    });
    await page.settle();
    // Each check in words, not a bare red "!" (issue 12 item 3): what was found, whether it matters, what to bring.
    expect(page.text()).toContain('✓ 一致 · 户籍信息（申请人）与户籍信息一致');
    expect(page.text()).toContain('需核实 · 民政低保/特困名单（申请人）不在民政低保或特困供养名单内。');
    expect(page.text()).toContain('不影响申请，按家庭收入审核。');
    expect(page.text()).toContain('请带上低保证或特困证');
    expect(page.text()).not.toContain('! ');
    expect(page.text()).toContain('2026-11-29 罗*：家庭情况属实（照片 1 张）');
    expect(page.text()).toContain('家庭 3 人，年收入 30,000.00 元');
  });

  it('should let the applicant correct the bank card after a failed payment', async () => {
    const failed = aidApplication({
      stage: 'payment_failed',
      stageLabel: '发放失败，请更正银行卡',
      payments: [
        {
          paymentId: 'p1',
          batchId: 'b1',
          amountFen: 300000,
          status: 'failed',
          paidOn: null,
          failureReason: '户名不符',
          cardLast4: '1234',
        },
      ],
    });
    const page = load({
      'aid.application': ok(failed),
      'aid.correctBankCard': ok(aidApplication({ stage: 'notice_passed', stageLabel: '公示期满，待发放' })),
    });
    await page.settle();
    expect(page.text()).toContain('失败：户名不符');
    await page.tap('.correct-submit');
    expect(page.instance.data.errors.bankCard_number).toMatch(/银行卡号/);
    expect(page.wx.calls.filter((c) => c.action === 'correctBankCard')).toHaveLength(0);
    await page.type('#card-number', '6228480402564890018');
    await page.type('#card-bank', '农业银行');
    await page.type('#card-holder', '张三');
    await page.tap('.correct-submit');
    expect(page.wx.calls.find((c) => c.action === 'correctBankCard')).toMatchObject({
      action: 'correctBankCard',
      input: { caseId: 'a1', bankCard: { number: '6228480402564890018', bankName: '农业银行', holderName: '张三' } },
    });
    expect(page.text()).toContain('公示期满，待发放');
  });

  it('should say when the application does not exist', async () => {
    const page = load({ 'aid.application': fail('NOT_FOUND', 'x') });
    await page.settle();
    expect(page.text()).toContain('没有找到这份申请。');
  });

  it('should offer to correct and resubmit when a reviewer asked for more information', async () => {
    const page = load({
      'aid.application': ok(
        aidApplication({
          caseStatus: 'info_requested',
          resubmissions: [
            {
              revision: 1,
              at: '2026-12-01T02:00:00.000Z',
              changed: ['家庭成员及收入'],
              rulesVersion: 'v1',
              eligible: true,
              amountFen: 300000,
            },
          ],
        }),
      ),
    });
    await page.settle();
    expect(page.text()).toContain('需要您补充或更正材料');
    expect(page.text()).toContain('第 1 次更正：家庭成员及收入');
    await page.tap('.resubmit');
    expect(page.wx.navigations).toEqual([{ kind: 'navigateTo', url: '/pages/aid-apply/index?resubmit=a1' }]);
  });

  it('should not offer a resubmission while the application is in review', async () => {
    const page = load({ 'aid.application': ok(aidApplication()) });
    await page.settle();
    expect(page.exists('.resubmit')).toBe(false);
    expect(page.text()).not.toContain('需要您补充或更正材料');
  });
});
