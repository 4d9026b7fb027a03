/**
 * Validators of personal identifiers, pure (no Node APIs) so the mini-program can run them too:
 * citizen ID number (GB 11643: format, ISO 7064 MOD 11-2 check digit, real past birth date),
 * mobile, bank card (Luhn as a warning), unified social credit code (GB 32100), person name,
 * and money in integer fen.
 *
 * Decision on look-alike input (the security rules' fuzz cases): full-width digits, zero-width characters
 * and emoji are REFUSED with a message that says what is wrong, not silently normalised: a person
 * who typed with a full-width keyboard is told so, and what is stored is exactly what was checked.
 * Only ordinary surrounding whitespace is trimmed, `x` becomes `X`, and a mobile loses `+86`/spaces.
 */

/** A validation outcome: the normalised value, or a message in plain Chinese (without the field label). */
export type Checked<T = string> = { ok: true; value: T } | { ok: false; message: string };

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const ZERO_WIDTH = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/;
const EMOJI = /\p{Extended_Pictographic}|[\uD800-\uDFFF]|\uFE0F/u;
const CONTROL = /[\u0000-\u001F\u007F]/;

/** Refuse look-alike or invisible characters with a message saying which. */
function lookalike(value: string): string | null {
  if (ZERO_WIDTH.test(value)) return '含有不可见字符（如零宽空格），请删除后重新输入';
  if (FULL_WIDTH.test(value)) return '含有全角字符，请切换到半角（英文）输入法后重新输入';
  if (EMOJI.test(value)) return '不能包含表情符号';
  if (CONTROL.test(value)) return '含有控制字符';
  return null;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** First two digits of valid province-level codes. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
  '91',
]);

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/** Calendar date from `yyyymmdd`, or null when it is not a real date. */
export function parseYmd(ymd: string): { year: number; month: number; day: number } | null {
  if (!/^\d{8}$/.test(ymd)) return null;
  const year = Number(ymd.slice(0, 4));
  const month = Number(ymd.slice(4, 6));
  const day = Number(ymd.slice(6, 8));
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Years a calendar date in this system may fall in (birth dates, rounds, visits, payments, holidays). */
export const CALENDAR_YEARS = { min: 1900, max: 2100 } as const;

/**
 * Check a calendar date written `YYYY-MM-DD`: the format, then that the day exists (no 2月30日, no 13th month,
 * 2月29日 only in a leap year) and that the year is between 1900 and 2100. Full-width digits and invisible
 * characters get their own message.
 */
export function checkCalendarDate(raw: string): Checked {
  const bad = lookalike(raw);
  if (bad) return { ok: false, message: bad };
  const value = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return { ok: false, message: '应写成“年-月-日”，如 2026-03-01' };
  const ymd = parseYmd(value.replace(/-/g, ''));
  if (!ymd) return { ok: false, message: '不是日历上存在的日期（请核对月份和当月的天数）' };
  if (ymd.year < CALENDAR_YEARS.min || ymd.year > CALENDAR_YEARS.max) {
    return { ok: false, message: `的年份应在${CALENDAR_YEARS.min}到${CALENDAR_YEARS.max}年之间` };
  }
  return { ok: true, value };
}

/**
 * Check a citizen ID number: 18 characters `^\d{17}[\dX]$` (`x` → `X`), valid province code, real birth
 * date between 1900 and `today`, and the MOD 11-2 check digit.
 */
export function checkIdNumber(raw: string, today: Date = new Date()): Checked {
  const bad = lookalike(raw);
  if (bad) return { ok: false, message: bad };
  const value = raw.trim().replace(/x$/, 'X');
  if (value.length !== 18) return { ok: false, message: '应为18位' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, message: '只能是17位数字加1位数字或X' };
  if (!PROVINCES.has(value.slice(0, 2))) return { ok: false, message: '地区码不正确' };
  const birth = parseYmd(value.slice(6, 14));
  if (!birth || birth.year < 1900) return { ok: false, message: '出生日期不正确' };
  const todayYmd = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
  if (birth.year * 10000 + birth.month * 100 + birth.day > todayYmd)
    return { ok: false, message: '出生日期不能晚于今天' };
  if (idCheckChar(value) !== value[17]) return { ok: false, message: '校验位不正确，请核对号码' };
  return { ok: true, value };
}

/** Gender and birth date (`YYYY-MM-DD`) derived from a valid ID number. */
export function idFacts(idNumber: string): { gender: 'male' | 'female'; birthDate: string } {
  const ymd = idNumber.slice(6, 14);
  return {
    gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
    birthDate: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`,
  };
}

/** Build a valid ID number from an area code, a birth date `yyyymmdd` and a 3-digit sequence (odd = male). */
export function makeIdNumber(area: string, ymd: string, sequence: number): string {
  const first17 = `${area}${ymd}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Check a mainland mobile number: strip `+86`/`0086` and spaces or dashes, then `^1[3-9]\d{9}$`. */
export function checkMobile(raw: string): Checked {
  const bad = lookalike(raw);
  if (bad) return { ok: false, message: bad };
  const value = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!/^\d+$/.test(value)) return { ok: false, message: '只能包含数字' };
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, message: '应为11位手机号，以13-19开头' };
  return { ok: true, value };
}

/** Luhn check (most, not all, UnionPay cards pass it). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Check a bank-card number: 15–19 digits (spaces dropped); a Luhn failure is a warning, not a refusal. */
export function checkBankCard(raw: string): Checked<{ number: string; luhnWarning: boolean }> {
  const bad = lookalike(raw);
  if (bad) return { ok: false, message: bad };
  const value = raw.replace(/\s/g, '');
  if (!/^\d+$/.test(value)) return { ok: false, message: '只能包含数字' };
  if (value.length < 15 || value.length > 19) return { ok: false, message: '应为15至19位数字' };
  return { ok: true, value: { number: value, luhnWarning: !luhnValid(value) } };
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character of the first 17 characters of a unified social credit code. */
export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += CREDIT_CHARS.indexOf(first17[i]) * CREDIT_WEIGHTS[i];
  return CREDIT_CHARS[(31 - (sum % 31)) % 31];
}

/**
 * Check a unified social credit code: 18 characters of `0-9A-HJ-NPQRTUWXY` (upper-cased) and the GB 32100
 * check character. `override` (a staff decision for old codes) accepts a failing check character and
 * reports `checkOverridden: true`.
 */
export function checkCreditCode(raw: string, override = false): Checked<{ code: string; checkOverridden: boolean }> {
  const bad = lookalike(raw);
  if (bad) return { ok: false, message: bad };
  const value = raw.trim().toUpperCase();
  if (value.length !== 18) return { ok: false, message: '应为18位' };
  if (![...value].every((c) => CREDIT_CHARS.includes(c)))
    return { ok: false, message: '只能包含数字和大写字母（不含I、O、S、V、Z）' };
  if (creditCheckChar(value) !== value[17]) {
    if (!override) return { ok: false, message: '校验位不正确；如为旧代码，请工作人员确认后提交' };
    return { ok: true, value: { code: value, checkOverridden: true } };
  }
  return { ok: true, value: { code: value, checkOverridden: false } };
}

const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
const HAN_NAME = new RegExp(`^[${HAN}]+(·[${HAN}]+)*$`);
const LATIN_NAME = /^[A-Za-z]+([ '.-][A-Za-z]+)*$/;

/**
 * Check a person's name: 2–20 Chinese characters, parts joined by the middle dot `·` for minority
 * names (`•`, `・`, `．` and a full-width `·` are normalised to `·`), or 2–40 Latin letters with
 * single spaces, apostrophes, dots or hyphens.
 */
export function checkPersonName(raw: string): Checked {
  const bad = lookalike(raw.replace(/[\uFF0E\u30FB]/g, '·'));
  if (bad) return { ok: false, message: bad };
  const value = raw.trim().replace(/[•・．\u30FB\u2027\u2219]/g, '·');
  if (HAN_NAME.test(value)) {
    const length = [...value].length;
    if (length < 2 || length > 20) return { ok: false, message: '应为2至20个汉字' };
    return { ok: true, value };
  }
  if (LATIN_NAME.test(value)) {
    if (value.length < 2 || value.length > 40) return { ok: false, message: '应为2至40个字母' };
    return { ok: true, value };
  }
  return { ok: false, message: '只能包含汉字（少数民族姓名用“·”分隔）或英文字母' };
}

/** Largest amount accepted anywhere: 10 million yuan, in fen. */
export const MAX_FEN = 1_000_000_000;

/** True for a non-negative integer amount of fen within {@link MAX_FEN}. */
export function isFen(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_FEN;
}

/** Parse a yuan amount typed by a person (`"12"`, `"12.3"`, `"12.34"`) into integer fen, exactly (no floats). */
export function yuanToFen(text: string): Checked<number> {
  const bad = lookalike(text);
  if (bad) return { ok: false, message: bad };
  const m = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return { ok: false, message: '金额格式不正确，最多两位小数' };
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!isFen(fen)) return { ok: false, message: '金额过大' };
  return { ok: true, value: fen };
}

/** Format integer fen as yuan text, `1234` → `"12.34"`. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
