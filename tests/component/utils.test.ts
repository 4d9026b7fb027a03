/**
 * @jest-environment node
 *
 * The mini-program's pure helpers: money typed in yuan → integer fen, fen → text, China time,
 * field-error keys, and the transport-failure mapping of callApi.
 */
import {
  formatDay,
  formatDays,
  formatDeadline,
  formatTime,
  formatWait,
  formatYuan,
  parseYuan,
} from '../../miniprogram/utils/format';
import { errorKey, failureToErrors, issuesToErrors } from '../../miniprogram/utils/form';
import { toResult, transportFailure, TRANSPORT_MESSAGES } from '../../miniprogram/services/results';

describe('money', () => {
  it.each([
    ['3500', 350000],
    ['3500.5', 350050],
    ['3,500.05', 350005],
    ['0.1', 10],
    ['12000元', 1200000],
    [' 7 ', 700],
  ])('should read %p yuan as %p fen without floating point', (text, fen) => {
    expect(parseYuan(text)).toBe(fen);
  });

  it.each(['', '一万', '1.234', '-5', '1e5', '12.3.4'])('should refuse %p', (text) => {
    expect(parseYuan(text)).toBeNull();
  });

  it('should print fen as yuan with thousands separators', () => {
    expect(formatYuan(0)).toBe('0.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(123456789)).toBe('1,234,567.89');
  });
});

describe('time', () => {
  it('should show China time whatever the phone’s zone', () => {
    expect(formatTime('2026-11-30T16:30:00.000Z')).toBe('2026-12-01 00:30');
    expect(formatTime(null)).toBe('');
    expect(formatTime('not a date')).toBe('');
  });

  it('should write a deadline as the day of the week, a midnight deadline without its time', () => {
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    expect(formatDeadline('2026-12-07T16:00:00.000Z', now)).toBe('12月8日（周二）前');
    expect(formatDeadline('2026-12-03T09:00:00.000Z', now)).toBe('12月3日（周四）17:00 前');
    expect(formatDeadline('2027-01-04T16:00:00.000Z', now)).toBe('2027年1月5日（周二）前');
    expect(formatDeadline(null, now)).toBe('');
  });

  it('should write a calendar date and a span of days in China time', () => {
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    expect(formatDay('2026-12-08', now)).toBe('12月8日（周二）');
    expect(formatDay('2026-11-30T16:30:00.000Z', now)).toBe('12月1日（周二）');
    expect(formatDays('2026-12-07', '2026-12-14', now)).toBe('12月7日（周一）至 12月14日（周一）');
    expect(formatDay('not a date', now)).toBe('');
  });

  it('should say how long someone waited in plain words', () => {
    expect(formatWait(5)).toBe('5 分钟');
    expect(formatWait(130)).toBe('2 小时');
    expect(formatWait(3 * 1440 + 5)).toBe('3 天');
  });
});

describe('field errors', () => {
  it('should key errors by path with underscores, first message wins', () => {
    expect(errorKey('applicant.idNumber')).toBe('applicant_idNumber');
    expect(
      issuesToErrors([
        { path: ['household', 'members', 0, 'annualIncomeFen'], message: '年收入不能为负数' },
        { path: ['household', 'members', 0, 'annualIncomeFen'], message: '年收入过大' },
      ]),
    ).toEqual({ household_members_0_annualIncomeFen: '年收入不能为负数' });
  });

  it('should never show zod’s own technical wording or a field path to a person', () => {
    expect(
      issuesToErrors([
        { path: ['applicant', 'name'], message: '无效输入：期望 string，实际接收 undefined' },
        { path: ['school'], message: '无效输入：期望 string，实际接收 number' },
        { path: ['x'], message: 'Invalid input' },
      ]),
    ).toEqual({
      applicant_name: '请填写姓名',
      school: '学校名称填写得不对，请检查',
      x: '有一项填写得不对，请检查后再提交',
    });
  });

  it('should place a server error at its field, stripping the form wrapper', () => {
    expect(failureToErrors({ ok: false, code: 'INVALID_INPUT', message: 'm', field: 'form.facts' }, 'form')).toEqual({
      facts: 'm',
    });
    expect(failureToErrors({ ok: false, code: 'CONFLICT', message: 'm' })).toEqual({ _: 'm' });
  });
});

describe('callApi results', () => {
  it('should keep a function’s tagged result and refuse anything else', () => {
    expect(toResult({ ok: true, data: 1 })).toEqual({ ok: true, data: 1 });
    expect(toResult({ ok: false, code: 'NOT_FOUND', message: '没有', field: 'caseId' })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '没有',
      field: 'caseId',
    });
    expect(toResult({ ok: false, code: 'SOMETHING_NEW', message: 'x' })).toMatchObject({ code: 'INTERNAL' });
    expect(toResult('<html>')).toEqual({ ok: false, code: 'INTERNAL', message: TRANSPORT_MESSAGES.server });
  });

  it('should map transport failures to plain messages', () => {
    expect(transportFailure({ errCode: -1, errMsg: 'cloud.callFunction:fail request:fail timeout' })).toEqual({
      ok: false,
      code: 'INTERNAL',
      message: TRANSPORT_MESSAGES.network,
    });
    expect(transportFailure({ errCode: -501009, errMsg: 'limit' })).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: TRANSPORT_MESSAGES.busy,
    });
    expect(transportFailure({ errCode: -504002, errMsg: 'functions execute fail' })).toEqual({
      ok: false,
      code: 'INTERNAL',
      message: TRANSPORT_MESSAGES.server,
    });
  });
});
