/** City admin rounds: list with status, open/close, create with validation and amounts in fen. */
import { fail, loadPage, ok, type ApiTable } from './support';
import { round } from './fixtures';

const load = (api: ApiTable = {}) =>
  loadPage('staff/pages/rounds/index', {
    api: {
      'aid.allRounds': ok({
        rounds: [round(), round({ status: 'closed', acceptingApplications: false }, 'hardship_aid')],
      }),
      ...api,
    },
  });

describe('rounds page', () => {
  it('should list rounds with status and amounts', async () => {
    const page = load();
    await page.settle();
    expect(page.count('.round')).toBe(2);
    expect(page.text()).toContain('申报中');
    expect(page.text()).toContain('已结束');
    expect(page.text()).toContain('3,000.00 元');
  });

  it('should close an open round after confirming, keeping its config', async () => {
    const page = load({ 'aid.saveRound': (input) => ok({ ...round(), status: input.status }) });
    await page.settle();
    await page.tap('.close-round');
    await page.settle();
    const save = page.wx.calls.find((c) => c.action === 'saveRound');
    expect(save?.input).toEqual({ roundId: 'r-student-2026', status: 'closed', config: round().config });
  });

  it('should validate a new round and send amounts in fen', async () => {
    const page = load({ 'aid.saveRound': ok(round()) });
    await page.settle();
    await page.tap('.create');
    await page.tap('.save-open');
    const { errors } = page.instance.data;
    expect(errors.title).toMatch(/批次名称/);
    expect(errors.opensOn).toMatch(/申报开始日期/);
    expect(errors.amounts).toBe('请设置资助标准');
    await page.type('#title', '2027年金秋助学');
    await page.fire('#opensOn', 'change', { value: '2027-07-01' });
    await page.fire('#closesOn', 'change', { value: '2027-09-30' });
    await page.type('.amount-university_file', '3000');
    await page.type('.amount-high_school_file', '1500.5');
    await page.type('#contact', '市总工会 0716-1234567');
    await page.tap('.save-open');
    const save = page.wx.calls.find((c) => c.action === 'saveRound');
    expect(save?.input).toMatchObject({
      status: 'open',
      config: {
        programme: 'student_aid',
        title: '2027年金秋助学',
        opensOn: '2027-07-01',
        closesOn: '2027-09-30',
        amounts: [
          { category: 'university_file', amountFen: 300000 },
          { category: 'high_school_file', amountFen: 150050 },
        ],
        objectionContact: '市总工会 0716-1234567',
      },
    });
    expect(page.instance.data.mode).toBe('list');
  });

  it('should set the year’s poverty line in fen', async () => {
    const page = loadPage('staff/pages/rounds/index', {
      modalContent: '720.5',
      api: {
        'aid.allRounds': ok({ rounds: [round({ povertyLineFen: null })] }),
        'aid.setPovertyLine': (input) => ok(input),
      },
    });
    await page.settle();
    expect(page.text()).toContain('2026年低保标准未设置');
    await page.tap('.poverty');
    await page.settle();
    expect(page.wx.calls.find((c) => c.action === 'setPovertyLine')?.input).toEqual({ year: 2026, monthlyFen: 72050 });
  });

  it('should explain a refusal to someone who is not the city administrator', async () => {
    const page = load({ 'aid.allRounds': fail('FORBIDDEN', 'x') });
    await page.settle();
    expect(page.text()).toContain('只有市总工会管理员可以管理批次。');
  });
});
