import { scan } from '../../scripts/scan-logs';

describe('log scan for personal data', () => {
  it('finds an ID, a mobile and a card number and reports where, not what', () => {
    const text = ['ok line', 'id 42108719900307001X seen', 'call 13912345678 now', 'card 6222020200112233445'].join(
      '\n',
    );
    const findings = scan('log', text);
    expect(findings).toEqual([
      'log:2: citizen ID',
      'log:3: mobile number',
      'log:4: card number'.replace('card', 'bank-card'),
    ]);
    expect(findings.join()).not.toMatch(/\d{11}/);
  });

  it('passes masked values, timestamps and hex request ids', () => {
    const text =
      'name 张*三 id 4210**********001X phone 139****5678 card **** 3445 at 1764500000000 req 9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    expect(scan('log', text)).toEqual([]);
  });
});
