/** What a public notice and a bank file may contain. */
import { noticeEntry, noticeView } from '../../domain/aid/notices';
import { bankFile } from '../../domain/aid/payments';
import { stageOf } from '../../domain/aid/applications';
import { encryptField } from '../../domain/security/crypto';
import { generateKeys } from '../../domain/security/crypto';
import type { ApplicationDoc, NoticeDoc, PaymentDoc } from '../../domain/aid/store';

const keys = generateKeys();
process.env.UNION_DATA_KEY = keys.dataKey;
process.env.UNION_INDEX_KEY = keys.indexKey;

function app(over: Partial<ApplicationDoc['applicant']> = {}, consent = true): ApplicationDoc {
  return {
    _id: 'a1',
    caseId: 'c1',
    roundId: 'r1',
    roundTitle: '2026年金秋助学',
    programme: 'student_aid',
    openid: 'o1',
    personId: 'p1',
    applicant: {
      name: '欧阳测明',
      nameMasked: '欧阳*明',
      idEnc: encryptField('421087196601011008'),
      idIndex: 'x',
      idMasked: '4210**********1008',
      mobileEnc: encryptField('13800138000'),
      mobileMasked: '138****8000',
      type: 'migrant',
      villageId: 't15-v01',
      villagePath: ['city', 't15', 't15-v01'],
      villageName: '翠林山村',
      townName: '万家乡',
      unitName: null,
      unitCreditCode: null,
      employedSince: '2020-01-01',
      hardshipFileNo: null,
      ...over,
    },
    child: {
      name: '欧阳小明',
      nameMasked: '欧阳*明',
      idEnc: 'e',
      idIndex: 'i',
      idMasked: 'm',
      school: '武汉示例大学',
      level: 'undergraduate',
      admissionLetterFileId: 'cloud://x/y',
      declarations: [],
    },
    household: { members: [], annualHardshipCostFen: 0, size: 4, annualIncomeFen: 0 },
    hardshipCause: { kind: 'illness', description: '肺癌晚期' },
    bankCard: {
      numberEnc: encryptField('6222020000000000018'),
      last4: '0018',
      bankName: '农行',
      holderName: '欧阳测明',
      luhnWarning: false,
      updatedAt: new Date(),
    },
    consents: { sensitiveData: true, publicNotice: consent, guardian: true },
    eligibility: { eligible: true, rulesVersion: 'v', category: 'university_file', amountFen: 500_000, reasons: [] },
    verification: [],
    homeVisits: [],
    category: 'university_file',
    amountFen: 500_000,
    noticeId: null,
    objectionUpheld: false,
    held: false,
    submittedAt: new Date(),
    updatedAt: new Date(),
  };
}

describe('a notice entry', () => {
  it('should show only masked name, village or unit, programme and amount', () => {
    const entry = noticeEntry(app(), 'c1');
    const notice = {
      _id: 'n1',
      title: 't',
      programme: 'student_aid',
      publishedOn: '2026-12-01',
      endsOn: '2026-12-07',
      howToObject: '联系市总工会',
      entries: [entry],
    } as unknown as NoticeDoc;
    const view = noticeView(notice);
    expect(view.entries[0]).toEqual({
      entryId: entry.entryId,
      maskedName: '欧阳*明',
      place: '万家乡翠林山村',
      programme: '金秋助学',
      amountFen: 500_000,
    });
    const text = JSON.stringify(view);
    for (const pattern of [/\d{17}[\dX]/, /1[3-9]\d{9}/, /\d{15,19}/]) expect(text).not.toMatch(pattern);
    for (const secret of ['欧阳测明', '欧阳小明', '武汉示例大学', '肺癌', '0018', 'c1'])
      expect(text).not.toContain(secret);
  });

  it('should name the unit for a local worker', () => {
    expect(noticeEntry(app({ type: 'worker', unitName: '松滋示例机械有限公司' }), 'c1').place).toBe(
      '松滋示例机械有限公司',
    );
  });
});

describe('the bank file', () => {
  const payment = (n: number): PaymentDoc => ({
    _id: `pay${n}`,
    batchId: 'b',
    caseId: `c${n}`,
    applicationId: 'a',
    amountFen: 500_001,
    status: 'pending',
    activeKey: `c${n}`,
    cardEnc: encryptField('6222020000000000018'),
    cardLast4: '0018',
    bankName: '农行',
    holderName: '欧阳测明',
    maskedName: '欧阳*明',
    pendingResult: null,
    paidOn: null,
    failureReason: null,
    recordedAt: null,
    createdAt: new Date(),
  });

  it('should carry the full account number and the amount in yuan, exactly', async () => {
    const csv = (await bankFile([payment(1)], 'csv', '工会帮扶资金')).toString('utf8');
    expect(csv.split('\r\n')[1]).toBe('1,欧阳测明,="6222020000000000018",农行,5000.01,工会帮扶资金,pay1');
    const xlsx = await bankFile([payment(1), payment(2)], 'xlsx', '工会帮扶资金');
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('the aid stage', () => {
  it('should follow the case status and the payments', () => {
    const a = app();
    expect(stageOf(a, 'town_review', [])).toBe('in_review');
    expect(stageOf(a, 'notice_passed', [{ status: 'pending' }])).toBe('payment_pending');
    expect(stageOf(a, 'payment_failed', [{ status: 'failed' }])).toBe('payment_failed');
    expect(stageOf({ objectionUpheld: true }, 'refused', [])).toBe('objection_upheld');
    expect(stageOf(a, 'refused', [])).toBe('closed');
  });
});
