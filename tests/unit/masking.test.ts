/** Server-side masking rules (`domain/security/mask.ts`). */
import { maskBankCard, maskIdNumber, maskName, maskPhone } from '../../domain/security/mask';

describe('masking', () => {
  it.each([
    ['张三', '张*'],
    ['张小三', '张*三'],
    ['张小小三', '张**三'],
    ['王五六七八', '王***八'],
  ])('masks the %s-style name as %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it.each([
    ['欧阳修', '欧阳*'],
    ['欧阳小明', '欧阳*明'],
    ['司马相如', '司马*如'],
    ['诸葛孔明亮', '诸葛**亮'],
  ])('keeps the compound surname of %s: %s', (name, masked) => expect(maskName(name)).toBe(masked));

  it('keeps the middle dots of minority names and shows only first and last characters', () => {
    expect(maskName('阿卜杜·热合曼')).toBe('阿**·**曼');
    expect(maskName('阿依·测试')).toBe('阿*·*试');
  });

  it('handles one-character and Latin names', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('Ayi Tursun')).toBe('A** *****n');
  });

  it('masks ID, phone and bank card numbers', () => {
    expect(maskIdNumber('420102199001011234')).toBe('4201**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskBankCard('6222021234567890128')).toBe('**** 0128');
    expect(maskBankCard('6222 0212 3456 7890')).toBe('**** 7890');
  });
});
