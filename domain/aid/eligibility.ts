/**
 * Eligibility rules of the aid programmes, as versioned, pure functions of (round, poverty line, facts).
 * A case stores the rules version, the round snapshot and the reasons it was judged by, so a reviewer sees
 * exactly why and a later rule change never rewrites an old decision. A new rule set is a new entry in
 * {@link RULE_SETS}; rounds name the version they use.
 *
 * Money is integer fen and every comparison is done in integers (no division): "per-person monthly income
 * below the line" is `annualHouseholdIncome < line × 12 × members`.
 */
import type {
  AidRoundConfig,
  ApplicantType,
  EligibilityReason,
  EligibilityResult,
  HardshipCategory,
  SchoolLevel,
  StudentCategory,
  StudentExclusion,
} from '../../typings/aid';
import { LEVEL_GROUP, SCHOOL_LEVEL_NAMES, STUDENT_EXCLUSION_NAMES, APPLICANT_TYPE_NAMES } from '../../typings/aid';

/** The facts of one application that the rules look at (no names, no ID numbers). */
export interface EligibilityFacts {
  applicantType: ApplicantType;
  /** `YYYY-MM-DD` the migrant worker's current employment started. */
  employedSince?: string;
  /** The applicant is in the union's hardship archive (declared; cross-checked against the archive). */
  hasHardshipFile: boolean;
  /**
   * Why the file category and the archive check may seem to disagree: the archive has the applicant on file but
   * the form did not declare it (`archive_undeclared`), or the form declared a file the archive does not confirm
   * (`declared_unconfirmed`). Stated in the reasons so the category and the checks agree in words.
   */
  fileNote?: 'archive_undeclared' | 'declared_unconfirmed';
  householdSize: number;
  annualHouseholdIncomeFen: number;
  annualHardshipCostFen: number;
  hardshipCause?: string;
  child?: { level: SchoolLevel; declarations: readonly StudentExclusion[] };
}

export const CURRENT_RULES_VERSION = 'aid-rules/2026.1';

/** The sentences that say why an applicant counts as without a file although the archive was checked. */
const FILE_NOTES: Record<NonNullable<EligibilityFacts['fileNote']>, string> = {
  archive_undeclared:
    '工会困难职工档案中有申请人的在档记录，但申请表未填写困难职工档案号，本次按未建档标准认定；如需按建档标准资助，请补充档案号后重新提交',
  declared_unconfirmed: '申请表填写了困难职工档案号，但档案核查未能确认（见核查结果），本次按未建档标准认定',
};

type RuleSet = (
  round: AidRoundConfig,
  povertyLineFen: number | null,
  facts: EligibilityFacts,
  today: string,
) => EligibilityResult;

const yuan = (fen: number) => `${Math.floor(fen / 100)}${fen % 100 ? `.${String(fen % 100).padStart(2, '0')}` : ''}元`;

/** `YYYY-MM-DD` plus whole months (clamped to the month's last day). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function amountOf(round: AidRoundConfig, category: string): number | null {
  return round.amounts.find((a) => a.category === category)?.amountFen ?? null;
}

/** Per-person monthly income strictly below `multiple` × the line. */
function incomeBelow(facts: EligibilityFacts, lineFen: number, multiple: number): boolean {
  return facts.annualHouseholdIncomeFen < lineFen * multiple * 12 * Math.max(1, facts.householdSize);
}

function commonRules(round: AidRoundConfig, facts: EligibilityFacts, today: string, reasons: EligibilityReason[]) {
  const inWindow = today >= round.opensOn && today <= round.closesOn;
  reasons.push({
    code: 'window',
    passed: inWindow,
    message: inWindow
      ? `在申报期内（${round.opensOn}至${round.closesOn}）`
      : `不在申报期内（${round.opensOn}至${round.closesOn}）`,
  });
  const typeOk = round.applicantTypes.includes(facts.applicantType);
  reasons.push({
    code: 'applicant_type',
    passed: typeOk,
    message: typeOk
      ? `申请人类别“${APPLICANT_TYPE_NAMES[facts.applicantType]}”属于本批次资助对象`
      : `申请人类别“${APPLICANT_TYPE_NAMES[facts.applicantType]}”不属于本批次资助对象`,
  });
  if (facts.applicantType === 'migrant') {
    const since = facts.employedSince;
    const qualifiesOn = since ? addMonths(since, round.migrantMinMonths) : null;
    const ok = qualifiesOn !== null && qualifiesOn <= today;
    reasons.push({
      code: 'migrant_employment',
      passed: ok,
      message: !since
        ? '农民工须填写本次务工的开始日期'
        : ok
          ? `实际务工已满${round.migrantMinMonths}个月（自${since}起）`
          : `实际务工未满${round.migrantMinMonths}个月（自${since}起，${qualifiesOn}方满）`,
    });
  }
}

function studentAid(
  round: AidRoundConfig,
  line: number | null,
  facts: EligibilityFacts,
  today: string,
): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  commonRules(round, facts, today, reasons);
  let category: StudentCategory | null = null;
  const child = facts.child;
  if (!child) {
    reasons.push({ code: 'child', passed: false, message: '金秋助学须填写子女就学信息' });
  } else {
    const levelOk = round.levels.includes(child.level);
    reasons.push({
      code: 'school_level',
      passed: levelOk,
      message: `${SCHOOL_LEVEL_NAMES[child.level]}${levelOk ? '在' : '不在'}本批次资助学段内`,
    });
    const excluded = child.declarations.filter((d) => round.exclusions.includes(d));
    reasons.push({
      code: 'exclusions',
      passed: excluded.length === 0,
      message: excluded.length
        ? `属于不予资助情形：${excluded.map((e) => STUDENT_EXCLUSION_NAMES[e]).join('、')}`
        : '不属于不予资助情形',
    });
    const group = LEVEL_GROUP[child.level];
    const note = facts.fileNote ? FILE_NOTES[facts.fileNote] : null;
    if (note && !facts.hasHardshipFile) reasons.push({ code: 'hardship_file_note', passed: true, message: note });
    if (facts.hasHardshipFile) {
      reasons.push({ code: 'hardship_file', passed: true, message: '申请人已建立困难职工档案，按建档标准资助' });
      category = group === 'university' ? 'university_file' : 'high_school_file';
    } else if (line === null) {
      reasons.push({ code: 'income', passed: false, message: `未配置${round.year}年度低保标准，无法认定家庭收入` });
    } else {
      const ok = incomeBelow(facts, line, round.noFileIncomeMultiple);
      reasons.push({
        code: 'income',
        passed: ok,
        message: `未建档：家庭人均月收入${ok ? '低于' : '不低于'}低保标准（${yuan(line)}）的${round.noFileIncomeMultiple}倍`,
      });
      if (ok) category = group === 'university' ? 'university_no_file' : 'high_school_no_file';
    }
  }
  return finish(round, category, reasons);
}

function hardshipAid(
  round: AidRoundConfig,
  line: number | null,
  facts: EligibilityFacts,
  today: string,
): EligibilityResult {
  const reasons: EligibilityReason[] = [];
  commonRules(round, facts, today, reasons);
  let category: HardshipCategory | null = null;
  if (line === null) {
    reasons.push({ code: 'income', passed: false, message: `未配置${round.year}年度低保标准，无法认定困难类别` });
  } else if (incomeBelow(facts, line, 1)) {
    category = 'deep';
    reasons.push({
      code: 'deep',
      passed: true,
      message: `深度困难：家庭人均月可支配收入低于低保标准（${yuan(line)}）`,
    });
  } else if (incomeBelow(facts, line, 2)) {
    category = 'relative';
    reasons.push({
      code: 'relative',
      passed: true,
      message: `相对困难：家庭人均月可支配收入低于低保标准的2倍（${yuan(line * 2)}）`,
    });
  } else {
    const cause = facts.hardshipCause === 'illness' || facts.hardshipCause === 'accident';
    // Costs above p% of income: cost × 100 > income × p, in integers.
    const heavy = facts.annualHardshipCostFen * 100 > facts.annualHouseholdIncomeFen * round.accidentCostPercent;
    const ok = cause && heavy;
    // Income above the relative line only refuses when the accident rule does not apply either.
    reasons.push({
      code: 'income',
      passed: ok,
      message: `家庭人均月可支配收入不低于低保标准的2倍（${yuan(line * 2)}）`,
    });
    if (ok) category = 'accident';
    reasons.push({
      code: 'accident',
      passed: ok,
      message: !cause
        ? '意外致困须因重大意外事故或重大疾病致困'
        : heavy
          ? `意外致困：因病因灾支出超过家庭年收入的${round.accidentCostPercent}%`
          : `因病因灾支出未超过家庭年收入的${round.accidentCostPercent}%`,
    });
  }
  return finish(round, category, reasons);
}

function finish(round: AidRoundConfig, category: string | null, reasons: EligibilityReason[]): EligibilityResult {
  let amountFen = 0;
  if (category) {
    const amount = amountOf(round, category);
    if (amount === null || amount <= 0) {
      reasons.push({ code: 'amount', passed: false, message: '本批次未设置该类别的资助标准' });
    } else {
      amountFen = amount;
      reasons.push({ code: 'amount', passed: true, message: `资助标准${yuan(amount)}` });
    }
  }
  const eligible = category !== null && reasons.every((r) => r.passed);
  return {
    eligible,
    rulesVersion: CURRENT_RULES_VERSION,
    category: eligible ? category : null,
    amountFen: eligible ? amountFen : 0,
    reasons,
  };
}

/** Every rule set ever used, by version. Old versions stay so recorded decisions can be re-derived. */
export const RULE_SETS: Record<string, RuleSet> = {
  [CURRENT_RULES_VERSION]: (round, line, facts, today) =>
    round.programme === 'student_aid' ? studentAid(round, line, facts, today) : hardshipAid(round, line, facts, today),
};

/**
 * Judge an application under the round's rules version. `today` is the China-time date of submission;
 * `povertyLineFen` the monthly 低保 line of the round's year (null when not configured).
 */
export function evaluateEligibility(
  round: AidRoundConfig & { rulesVersion?: string },
  povertyLineFen: number | null,
  facts: EligibilityFacts,
  today: string,
): EligibilityResult {
  const rules = RULE_SETS[round.rulesVersion ?? CURRENT_RULES_VERSION];
  if (!rules) throw new Error(`unknown rules version ${round.rulesVersion}`);
  return rules(round, povertyLineFen, facts, today);
}
