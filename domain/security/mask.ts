/**
 * Server-side masking for every response to a role that does not need the full value
 * (the project's security rules): name `张*` / `张*三` / first + `*`… + last, ID `4201**********1234`,
 * phone `138****5678`, bank card `**** 1234`. Pure: the mini-program may reuse it for display.
 */

/** Two-character (compound) surnames kept whole when masking. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '申屠',
  '万俟',
  '闻人',
  '澹台',
  '公冶',
  '太史',
  '仲孙',
  '濮阳',
  '淳于',
  '单于',
  '呼延',
  '赫连',
  '拓跋',
  '百里',
  '东郭',
  '司空',
  '第五',
  '羊舌',
  '微生',
  '梁丘',
  '左丘',
  '谷梁',
]);

/**
 * Mask a name: 2 characters → `张*`; 3 → `张*三`; longer → first + `*`… + last. A compound surname
 * (`欧阳`) is kept whole: `欧阳*`, `欧阳*明`. In names with `·` (阿卜杜·热合曼) the dots stay and only
 * the first and last characters show: `阿**·**曼`. Latin names keep their first and last letters.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  const letters = chars.filter((c) => c !== '·' && c !== ' ');
  if (letters.length === 0) return '';
  if (letters.length === 1) return '*';
  if (chars.includes('·') || chars.includes(' ')) {
    const last = chars.length - 1;
    return chars.map((c, i) => (i === 0 || i === last || c === '·' || c === ' ' ? c : '*')).join('');
  }
  if (chars.length === 2) return `${chars[0]}*`;
  const surname = COMPOUND_SURNAMES.has(chars[0] + chars[1]) ? 2 : 1;
  const given = chars.length - surname;
  if (given <= 1) return chars.slice(0, surname).join('') + '*';
  return chars.slice(0, surname).join('') + '*'.repeat(given - 1) + chars[chars.length - 1];
}

/** `420102199001011234` → `4201**********1234` (the birth date never shows). */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length < 8) return '*'.repeat(idNumber.length);
  return idNumber.slice(0, 4) + '*'.repeat(idNumber.length - 8) + idNumber.slice(-4);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Any card number → `**** 1234` (last four only). */
export function maskBankCard(card: string): string {
  const digits = card.replace(/\s/g, '');
  return `**** ${digits.slice(-4)}`;
}
