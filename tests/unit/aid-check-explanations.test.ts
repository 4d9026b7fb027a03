/** Every automatic check reads as words for its reader: what was found, whether it matters, what to do. */
import { explainCheck } from '../../domain/aid/check-explanations';
import type { VerificationCheck } from '../../typings/aid';

const combos: Array<Pick<VerificationCheck, 'dataset' | 'subject'>> = [
  { dataset: 'household', subject: 'applicant' },
  { dataset: 'household', subject: 'child' },
  { dataset: 'civil_affairs', subject: 'applicant' },
  { dataset: 'hardship_archive', subject: 'applicant' },
  { dataset: 'business', subject: 'unit' },
];
const outcomes: VerificationCheck['status'][] = ['match', 'mismatch', 'not_found', 'not_loaded'];

describe('reference checks in words', () => {
  it.each(combos.flatMap((c) => outcomes.map((status) => ({ ...c, status }))))(
    '$dataset/$subject $status explains itself',
    (c) => {
      const check = { ...c, differences: c.status === 'mismatch' ? ['name'] : [] };
      const person = explainCheck(check, 'person');
      const staff = explainCheck(check, 'staff');
      expect(person.result).toMatch(/[\u4e00-\u9fff）]。$/);
      if (c.status !== 'match') {
        expect(person.effect).toMatch(/不影响|不会因此不予通过|金额|人工核实/);
        expect(staff.todo).not.toBe('');
      }
      if (c.status === 'mismatch') expect(person.result).toContain('姓名');
      expect(`${person.result}${person.effect}${person.todo}`).not.toMatch(/[a-z_]{4,}|\{diff\}/);
    },
  );

  it('tells the applicant what to bring and staff what to verify', () => {
    const check = {
      dataset: 'household' as const,
      subject: 'child' as const,
      status: 'not_found' as const,
      differences: [],
    };
    expect(explainCheck(check, 'person').todo).toContain('请准备');
    expect(explainCheck(check, 'staff').todo).toContain('入户核实时');
  });
});
