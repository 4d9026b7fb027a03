/** Audit entries never carry personal data in `detail`. */
import { cleanAuditDetail } from '../../domain/audit/audit';

describe('audit detail', () => {
  const warnings: string[] = [];
  const ctx = { log: { info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined } };

  it('keeps ids, roles, flags and amounts as given', () => {
    const detail = {
      role: 'town_staff',
      gridNodeId: 't15',
      amountFen: 150000,
      approved: true,
      ids: ['a1', 'b2'],
      none: null,
    };
    expect(cleanAuditDetail(detail, ctx)).toEqual(detail);
    expect(warnings).toEqual([]);
  });

  it('redacts values shaped like an ID, phone or card number and reports the key, not the value', () => {
    const out = cleanAuditDetail(
      { note: '身份证 11010519491231002X', phone: '13812345678', cards: ['6222021234567890127'] },
      ctx,
    );
    expect(out).toEqual({ note: '身份证 [id]', phone: '[phone]', cards: ['[card]'] });
    expect(warnings.join('\n')).toContain('"note"');
    expect(warnings.join('\n')).not.toMatch(/\d{11}/);
  });
});
