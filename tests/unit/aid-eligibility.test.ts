/** The aid eligibility rules at their boundaries (pure, integer fen). */
import {
  addMonths,
  evaluateEligibility,
  CURRENT_RULES_VERSION,
  type EligibilityFacts,
} from '../../domain/aid/eligibility';
import { RoundConfigSchema, type AidRoundConfig } from '../../typings/aid';
import { hardshipRoundConfig, studentRoundConfig } from '../support/aid';

const LINE = 75_000; // 750 yuan a month per person

/** The shared test rounds (tests/support/aid.ts) with this file's windows, parsed as the function parses them. */
function studentRound(overrides: Partial<AidRoundConfig> = {}): AidRoundConfig {
  return {
    ...RoundConfigSchema.parse(studentRoundConfig({ opensOn: '2026-07-01', closesOn: '2026-09-30' })),
    ...overrides,
  };
}

function hardshipRound(): AidRoundConfig {
  return RoundConfigSchema.parse(hardshipRoundConfig({ title: '2026年困难帮扶', closesOn: '2026-12-31' }));
}

const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  applicantType: 'worker',
  hasHardshipFile: false,
  householdSize: 4,
  annualHouseholdIncomeFen: 0,
  annualHardshipCostFen: 0,
  ...over,
});
const child = (level: 'undergraduate' | 'senior_high' = 'undergraduate', declarations: never[] | string[] = []) =>
  ({ child: { level, declarations } }) as Pick<EligibilityFacts, 'child'>;

describe('student aid eligibility', () => {
  const today = '2026-08-01';

  it('should pay the hardship-file university amount (5000 yuan) to a filed family', () => {
    const r = evaluateEligibility(studentRound(), LINE, facts({ hasHardshipFile: true, ...child() }), today);
    expect(r).toMatchObject({
      eligible: true,
      category: 'university_file',
      amountFen: 500_000,
      rulesVersion: CURRENT_RULES_VERSION,
    });
    expect(r.reasons.every((x) => x.passed)).toBe(true);
  });

  it('should pay 3000/4000/2000 yuan for the other level and file combinations', () => {
    expect(
      evaluateEligibility(studentRound(), LINE, facts({ hasHardshipFile: true, ...child('senior_high') }), today)
        .amountFen,
    ).toBe(300_000);
    expect(evaluateEligibility(studentRound(), LINE, facts({ ...child() }), today).amountFen).toBe(400_000);
    expect(evaluateEligibility(studentRound(), LINE, facts({ ...child('senior_high') }), today).amountFen).toBe(
      200_000,
    );
  });

  it('should refuse a family without a file at exactly twice the line per person, and accept one fen below', () => {
    const atLimit = LINE * 2 * 12 * 4;
    const at = evaluateEligibility(
      studentRound(),
      LINE,
      facts({ annualHouseholdIncomeFen: atLimit, ...child() }),
      today,
    );
    expect(at.eligible).toBe(false);
    expect(at.reasons.find((x) => x.code === 'income')).toMatchObject({ passed: false });
    const below = evaluateEligibility(
      studentRound(),
      LINE,
      facts({ annualHouseholdIncomeFen: atLimit - 1, ...child() }),
      today,
    );
    expect(below).toMatchObject({ eligible: true, category: 'university_no_file' });
  });

  it('should refuse every listed exclusion with its name in the reasons', () => {
    for (const d of [
      'military_academy',
      'fee_free_teacher',
      'high_fee_private',
      'self_funded_abroad',
      'funded_elsewhere',
    ]) {
      const r = evaluateEligibility(
        studentRound(),
        LINE,
        facts({ hasHardshipFile: true, ...child('undergraduate', [d]) }),
        today,
      );
      expect(r.eligible).toBe(false);
      expect(r.reasons.find((x) => x.code === 'exclusions')?.message).toMatch(/不予资助/);
    }
  });

  it('should refuse a level the round does not cover', () => {
    const round = studentRound({ levels: ['undergraduate'] });
    expect(
      evaluateEligibility(round, LINE, facts({ hasHardshipFile: true, ...child('senior_high') }), today).eligible,
    ).toBe(false);
  });

  it('should accept on the first and last day of the window and refuse the day before and after', () => {
    const f = facts({ hasHardshipFile: true, ...child() });
    expect(evaluateEligibility(studentRound(), LINE, f, '2026-07-01').eligible).toBe(true);
    expect(evaluateEligibility(studentRound(), LINE, f, '2026-09-30').eligible).toBe(true);
    expect(evaluateEligibility(studentRound(), LINE, f, '2026-06-30').eligible).toBe(false);
    expect(
      evaluateEligibility(studentRound(), LINE, f, '2026-10-01').reasons.find((x) => x.code === 'window')?.passed,
    ).toBe(false);
  });

  it('should qualify a migrant worker on the day one year of employment is complete, not the day before', () => {
    const f = (since: string) =>
      facts({ applicantType: 'migrant', employedSince: since, hasHardshipFile: true, ...child() });
    expect(evaluateEligibility(studentRound(), LINE, f('2025-08-01'), today).eligible).toBe(true);
    const early = evaluateEligibility(studentRound(), LINE, f('2025-08-02'), today);
    expect(early.eligible).toBe(false);
    expect(early.reasons.find((x) => x.code === 'migrant_employment')?.message).toContain('2026-08-02');
    expect(
      evaluateEligibility(
        studentRound(),
        LINE,
        facts({ applicantType: 'migrant', hasHardshipFile: true, ...child() }),
        today,
      ).eligible,
    ).toBe(false);
  });

  it('should refuse an applicant type the round does not list', () => {
    const round = studentRound({ applicantTypes: ['hardship_worker'] });
    expect(evaluateEligibility(round, LINE, facts({ hasHardshipFile: true, ...child() }), today).eligible).toBe(false);
  });

  it('should refuse without a configured poverty line when the family has no file', () => {
    const r = evaluateEligibility(studentRound(), null, facts({ ...child() }), today);
    expect(r.eligible).toBe(false);
    expect(r.reasons.find((x) => x.code === 'income')?.message).toContain('低保标准');
  });
});

describe('hardship assistance categories', () => {
  const today = '2026-05-01';
  const round = hardshipRound();
  const perPersonYear = LINE * 12;

  it('should be 深度困难 just below the line and 相对困难 exactly at it', () => {
    const deep = evaluateEligibility(
      round,
      LINE,
      facts({ householdSize: 3, annualHouseholdIncomeFen: perPersonYear * 3 - 1 }),
      today,
    );
    expect(deep).toMatchObject({ eligible: true, category: 'deep', amountFen: 300_000 });
    const at = evaluateEligibility(
      round,
      LINE,
      facts({ householdSize: 3, annualHouseholdIncomeFen: perPersonYear * 3 }),
      today,
    );
    expect(at).toMatchObject({ eligible: true, category: 'relative', amountFen: 200_000 });
  });

  it('should be 相对困难 just below twice the line and not at twice the line', () => {
    const below = evaluateEligibility(
      round,
      LINE,
      facts({ householdSize: 2, annualHouseholdIncomeFen: perPersonYear * 2 * 2 - 1 }),
      today,
    );
    expect(below.category).toBe('relative');
    const at = evaluateEligibility(
      round,
      LINE,
      facts({ householdSize: 2, annualHouseholdIncomeFen: perPersonYear * 2 * 2 }),
      today,
    );
    expect(at.eligible).toBe(false);
  });

  it('should be 意外致困 when illness costs exceed 80% of income, and not at exactly 80%', () => {
    const income = 20_000_000; // far above twice the line
    const over = evaluateEligibility(
      round,
      LINE,
      facts({ annualHouseholdIncomeFen: income, annualHardshipCostFen: 16_000_001, hardshipCause: 'illness' }),
      today,
    );
    expect(over).toMatchObject({ eligible: true, category: 'accident', amountFen: 500_000 });
    const at = evaluateEligibility(
      round,
      LINE,
      facts({ annualHouseholdIncomeFen: income, annualHardshipCostFen: 16_000_000, hardshipCause: 'illness' }),
      today,
    );
    expect(at.eligible).toBe(false);
    const wrongCause = evaluateEligibility(
      round,
      LINE,
      facts({ annualHouseholdIncomeFen: income, annualHardshipCostFen: 19_000_000, hardshipCause: 'unemployment' }),
      today,
    );
    expect(wrongCause.eligible).toBe(false);
  });

  it('should use the line of the configured year (a higher line makes the same family deep)', () => {
    const f = facts({ householdSize: 1, annualHouseholdIncomeFen: 900_000 });
    expect(evaluateEligibility(round, 75_000, f, today).category).toBe('relative');
    expect(evaluateEligibility(round, 80_000, f, today).category).toBe('deep');
  });
});

describe('addMonths', () => {
  it('should clamp to the last day of a shorter month', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2025-08-01', 12)).toBe('2026-08-01');
  });
});
