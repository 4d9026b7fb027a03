/**
 * A student-aid category and the hardship-archive check agree, or a reason says why they differ: the archive has
 * the applicant on file but the form declared none, or the form declared a file the archive does not confirm.
 */
import { evaluateEligibility, type EligibilityFacts } from '../../domain/aid/eligibility';
import { RoundConfigSchema } from '../../typings/aid';
import { studentRoundConfig } from '../support/aid';

const round = RoundConfigSchema.parse(studentRoundConfig({ opensOn: '2026-07-01', closesOn: '2026-09-30' }));
const facts = (over: Partial<EligibilityFacts>): EligibilityFacts => ({
  applicantType: 'worker',
  hasHardshipFile: false,
  householdSize: 4,
  annualHouseholdIncomeFen: 0,
  annualHardshipCostFen: 0,
  child: { level: 'senior_high', declarations: [] },
  ...over,
});
const note = (over: Partial<EligibilityFacts>) =>
  evaluateEligibility(round, 75_000, facts(over), '2026-08-01').reasons.find((r) => r.code === 'hardship_file_note');

describe('category and archive check', () => {
  it('says why an applicant the archive has on file counts as without a file', () => {
    const r = evaluateEligibility(round, 75_000, facts({ fileNote: 'archive_undeclared' }), '2026-08-01');
    expect(r.category).toBe('high_school_no_file');
    expect(note({ fileNote: 'archive_undeclared' })).toMatchObject({ passed: true });
    expect(note({ fileNote: 'archive_undeclared' })?.message).toMatch(/档案中有申请人.*按未建档标准认定.*补充档案号/);
  });

  it('says why a declared file the archive does not confirm counts as none', () => {
    expect(note({ fileNote: 'declared_unconfirmed' })?.message).toMatch(/未能确认.*按未建档标准认定/);
  });

  it('adds nothing when category and archive agree', () => {
    expect(note({})).toBeUndefined();
    expect(note({ hasHardshipFile: true, fileNote: 'archive_undeclared' })).toBeUndefined();
  });
});
