/** Field validators and their zod schemas (shared by the mini-program and the functions). */
import { z } from 'zod';
import {
  checkBankCard,
  checkCreditCode,
  checkIdNumber,
  checkMobile,
  checkPersonName,
  creditCheckChar,
  fenToYuan,
  idFacts,
  isFen,
  makeIdNumber,
  yuanToFen,
} from '../../domain/security/validators';
import {
  BankCard,
  CreditCode,
  creditCodeField,
  Fen,
  IdNumber,
  Mobile,
  PersonName,
  SaveProfileInput,
  ProfileFields,
} from '../../typings/people';
import '../../typings/api';

const TODAY = new Date(2026, 10, 30);

describe('citizen ID number', () => {
  it('accepts the GB 11643 example and upper-cases a trailing x', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber(' 11010519491231002x ', TODAY)).toEqual({ ok: true, value: '11010519491231002X' });
  });

  it('refuses a wrong check digit, a wrong length, letters inside and an unknown province', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('校验位'),
    });
    expect(checkIdNumber('1101051949123100', TODAY)).toMatchObject({ ok: false, message: '应为18位' });
    expect(checkIdNumber('11010519491231A02X', TODAY).ok).toBe(false);
    expect(checkIdNumber(makeIdNumber('991087', '19900101', 123), TODAY)).toMatchObject({
      ok: false,
      message: '地区码不正确',
    });
  });

  it('refuses birth dates that do not exist or lie in the future', () => {
    expect(checkIdNumber(makeIdNumber('421087', '19900230', 123), TODAY)).toMatchObject({
      ok: false,
      message: '出生日期不正确',
    });
    expect(checkIdNumber(makeIdNumber('421087', '18991231', 123), TODAY)).toMatchObject({
      ok: false,
      message: '出生日期不正确',
    });
    expect(checkIdNumber(makeIdNumber('421087', '20261201', 123), TODAY)).toMatchObject({
      ok: false,
      message: '出生日期不能晚于今天',
    });
    expect(checkIdNumber(makeIdNumber('421087', '20261130', 123), TODAY).ok).toBe(true);
  });

  it('refuses full-width digits, zero-width characters and emoji with a message saying which', () => {
    const id = '11010519491231002X';
    const fullWidth = id.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    expect(checkIdNumber(fullWidth, TODAY)).toMatchObject({ ok: false, message: expect.stringContaining('全角') });
    expect(checkIdNumber(`1101\u200B05194912310 02X`, TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('不可见字符'),
    });
    expect(checkIdNumber(`11010519491231002😀`, TODAY)).toMatchObject({
      ok: false,
      message: expect.stringContaining('表情'),
    });
  });

  it('derives gender (17th digit odd = male) and birth date', () => {
    expect(idFacts('11010519491231002X')).toEqual({ gender: 'female', birthDate: '1949-12-31' });
    expect(idFacts(makeIdNumber('421087', '19900101', 123))).toEqual({ gender: 'male', birthDate: '1990-01-01' });
  });
});

describe('mobile, bank card, credit code, name, money', () => {
  it('normalises a mobile by stripping +86 and spaces, and refuses other shapes', () => {
    expect(checkMobile('+86 138 1234 5678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkMobile('138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkMobile('12812345678').ok).toBe(false);
    expect(checkMobile('1381234567').ok).toBe(false);
    expect(checkMobile('１３８１２３４５６７８')).toMatchObject({
      ok: false,
      message: expect.stringContaining('全角'),
    });
  });

  it('accepts 15–19 digit cards, with a Luhn failure only as a warning', () => {
    expect(checkBankCard('6222 0212 3456 7890 127')).toEqual({
      ok: true,
      value: { number: '6222021234567890127', luhnWarning: true },
    });
    expect(checkBankCard('4111111111111111')).toEqual({
      ok: true,
      value: { number: '4111111111111111', luhnWarning: false },
    });
    expect(checkBankCard('41111111111111').ok).toBe(false);
    expect(checkBankCard('41111111111111112222').ok).toBe(false);
  });

  it('checks the GB 32100 check character, with a staff override for old codes', () => {
    expect(checkCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: { code: '91350100M000100Y43', checkOverridden: false },
    });
    const first17 = '91421087MA4C8XXXX'.replace(/X/g, '1');
    expect(checkCreditCode(first17 + creditCheckChar(first17)).ok).toBe(true);
    expect(checkCreditCode('91350100M000100Y44')).toMatchObject({
      ok: false,
      message: expect.stringContaining('校验位'),
    });
    expect(checkCreditCode('91350100M000100Y44', true)).toEqual({
      ok: true,
      value: { code: '91350100M000100Y44', checkOverridden: true },
    });
    expect(checkCreditCode('91350100I000100Y43').ok).toBe(false);
    expect(checkCreditCode('91350100m000100y43').ok).toBe(true);
  });

  it('accepts Chinese names with ·, Latin names, and refuses digits, emoji and lengths outside 2–20', () => {
    expect(checkPersonName('张三')).toEqual({ ok: true, value: '张三' });
    expect(checkPersonName('阿卜杜•热合曼')).toEqual({ ok: true, value: '阿卜杜·热合曼' });
    expect(checkPersonName('Ayixiamu Tuerxun')).toEqual({ ok: true, value: 'Ayixiamu Tuerxun' });
    expect(checkPersonName('张').ok).toBe(false);
    expect(checkPersonName('张三3').ok).toBe(false);
    expect(checkPersonName('张三😀')).toMatchObject({ ok: false, message: expect.stringContaining('表情') });
    expect(checkPersonName('张'.repeat(21)).ok).toBe(false);
    expect(checkPersonName('·张三').ok).toBe(false);
  });

  it('handles money as integer fen without floating point', () => {
    expect(yuanToFen('12.34')).toEqual({ ok: true, value: 1234 });
    expect(yuanToFen('0.1')).toEqual({ ok: true, value: 10 });
    expect(yuanToFen('1500')).toEqual({ ok: true, value: 150000 });
    expect(yuanToFen('1.234').ok).toBe(false);
    expect(fenToYuan(1234)).toBe('12.34');
    expect(isFen(12.5)).toBe(false);
    expect(Fen.safeParse(0.1 + 0.2).success).toBe(false);
    expect(Fen.safeParse(-1).success).toBe(false);
    expect(Fen.safeParse(30).success).toBe(true);
  });
});

describe('schemas refuse hostile input, naming the field', () => {
  const firstIssue = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    return r.success ? null : r.error.issues[0];
  };

  it.each([
    ['an operator object', { $ne: null }],
    ['an array', ['11010519491231002X']],
    ['a number', 110105],
    ['a 10,000-character string', '1'.repeat(10_000)],
  ])('ID number refuses %s', (_what, value) => {
    expect(firstIssue(IdNumber, value)?.message).toMatch(/^身份证号/);
  });

  it('every field schema names its field in the message', () => {
    expect(firstIssue(Mobile, { $ne: null })?.message).toMatch(/^手机号/);
    expect(firstIssue(PersonName, 'x'.repeat(10_000))?.message).toMatch(/^姓名/);
    expect(firstIssue(BankCard, ['1'])?.message).toMatch(/^银行卡号/);
    expect(firstIssue(CreditCode, '')?.message).toMatch(/^统一社会信用代码/);
    expect(creditCodeField(true).safeParse('91350100M000100Y44').success).toBe(true);
  });

  const valid = { name: '张测试', idNumber: '11010519491231002X', homeVillageId: 't15-v01', categories: ['migrant'] };

  it('accepts a valid profile and refuses unknown keys such as a forged openid or role', () => {
    expect(SaveProfileInput.safeParse(valid).success).toBe(true);
    expect(ProfileFields.safeParse({ ...valid, openid: 'someone-else' }).success).toBe(false);
    expect(ProfileFields.safeParse({ ...valid, role: 'city_admin' }).success).toBe(false);
  });

  it('refuses a phone and a phone code together, and free text with invisible characters', () => {
    expect(firstIssue(SaveProfileInput, { ...valid, phone: '13812345678', phoneCode: 'abc' })?.path).toEqual(['phone']);
    expect(firstIssue(SaveProfileInput, { ...valid, employer: '示例\u200B公司' })?.message).toMatch(/^工作单位/);
    expect(firstIssue(SaveProfileInput, { ...valid, employer: '示'.repeat(10_000) })?.message).toMatch(/^工作单位/);
    expect(firstIssue(SaveProfileInput, { ...valid, homeVillageId: { $ne: null } })?.path).toEqual(['homeVillageId']);
    expect(firstIssue(SaveProfileInput, { ...valid, categories: 'worker' })?.path).toEqual(['categories']);
  });
});
