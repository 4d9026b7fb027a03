/**
 * What each automatic check against another department's data means, in plain words, for its reader: what was
 * found, whether it stops the application (none of them does: a check informs the reviewers, who verify at the
 * home visit; only the hardship archive changes the amount group), and what to bring or do.
 *
 * Declared as data per dataset, whose data was checked and outcome; the applicant reads what to bring, staff
 * read what to verify.
 */
import type { VerificationCheck, VerificationSource } from '../../typings/aid';
import type { Reader } from '../runtime/readers';

/** A check's outcome in words. */
export interface CheckExplanation {
  /** What was found. */
  result: string;
  /** Whether it stops or changes the application. */
  effect: string;
  /** What the reader should bring or do ('' when nothing). */
  todo: string;
}

type Outcome = VerificationCheck['status'];
type Texts = { result: string; effect: string; todo: Record<Reader, string> };

const DIFFERENCE_NAMES: Record<string, string> = {
  name: '姓名',
  village: '户籍村（社区）',
  householdSize: '户内人数',
  fileNo: '档案号',
  fileStatus: '档案状态',
  status: '登记状态',
};

const NOT_LOADED: Texts = {
  result: '这项数据还没有接入，不能自动核对。',
  effect: '不影响申请，由工作人员人工核实。',
  todo: { person: '', staff: '请在入户核实时人工核对。' },
};

/** The words for one dataset, whose data, and outcome (`{diff}` = the fields that differ). */
const TEXTS: Partial<Record<`${VerificationSource}:${VerificationCheck['subject']}`, Partial<Record<Outcome, Texts>>>> =
  {
    'household:applicant': {
      match: { result: '姓名、户籍村和户内人数与户籍信息一致。', effect: '', todo: { person: '', staff: '' } },
      mismatch: {
        result: '填写的{diff}与户籍信息不一致。',
        effect: '不会因此不予通过，村（社区）核实时会问清楚。',
        todo: {
          person: '请准备户口本，核实时出示；如果是填错了，可以在“我的资料”里更正。',
          staff: '入户核实时请查看户口本，核对{diff}。',
        },
      },
      not_found: {
        result: '户籍信息里没有查到申请人（可能户口不在本市，或数据还没更新）。',
        effect: '不会因此不予通过，村（社区）会上门核实。',
        todo: { person: '请准备户口本或户籍证明，核实时出示。', staff: '入户核实时请查看户口本或户籍证明。' },
      },
    },
    'household:child': {
      match: { result: '子女的户籍信息一致。', effect: '', todo: { person: '', staff: '' } },
      mismatch: {
        result: '子女的{diff}与户籍信息不一致。',
        effect: '不会因此不予通过，核实时会问清楚。',
        todo: { person: '请准备户口本（子女那一页）或出生证明。', staff: '入户核实时请核对子女的户口本或出生证明。' },
      },
      not_found: {
        result: '户籍信息里没有查到子女。',
        effect: '不会因此不予通过，村（社区）会核实。',
        todo: { person: '请准备户口本（子女那一页）或出生证明。', staff: '入户核实时请核对子女的户口本或出生证明。' },
      },
    },
    'civil_affairs:applicant': {
      match: {
        result: '在民政低保或特困供养名单内。',
        effect: '可作为家庭困难的证明。',
        todo: { person: '', staff: '' },
      },
      mismatch: {
        result: '在民政名单内，但{diff}不一致。',
        effect: '不会因此不予通过。',
        todo: { person: '请带上低保证或特困证，核实时出示。', staff: '请核对低保证或特困证上的{diff}。' },
      },
      not_found: {
        result: '不在民政低保或特困供养名单内（多数申请人都不在这个名单里）。',
        effect: '不影响申请，按家庭收入审核。',
        todo: {
          person: '如果您在领低保或特困供养，请带上低保证或特困证。',
          staff: '按申报的家庭收入审核；申请人如有低保证或特困证请查看。',
        },
      },
    },
    'hardship_archive:applicant': {
      match: { result: '在工会困难职工档案内。', effect: '可按“建档”标准资助。', todo: { person: '', staff: '' } },
      mismatch: {
        result: '工会困难职工档案里的{diff}不一致。',
        effect: '档案对不上时按“未建档”标准审核，资助金额可能不同。',
        todo: {
          person: '如果您确实在档，请带上困难职工证或档案号，核实时出示。',
          staff: '请核对困难职工证或档案号；档案已脱困的按未建档审核。',
        },
      },
      not_found: {
        result: '工会困难职工档案里没有找到。',
        effect: '不影响申请，按“未建档”标准审核（资助金额可能不同）。',
        todo: {
          person: '如果您已建档，请带上困难职工证或档案号，核实时出示。',
          staff: '申请人如称已建档，请查看困难职工证或档案号。',
        },
      },
    },
    'business:unit': {
      match: { result: '工作单位的登记信息一致。', effect: '', todo: { person: '', staff: '' } },
      mismatch: {
        result: '工作单位的{diff}与市场主体登记不一致。',
        effect: '不会因此不予通过。',
        todo: {
          person: '请核对单位的统一社会信用代码，或带上劳动合同、工资流水。',
          staff: '请查看劳动合同或工资流水，核对工作单位。',
        },
      },
      not_found: {
        result: '没有查到填写的统一社会信用代码对应的单位。',
        effect: '不会因此不予通过。',
        todo: {
          person: '请核对单位的统一社会信用代码，或带上劳动合同、工资流水。',
          staff: '请查看劳动合同或工资流水，核对工作单位。',
        },
      },
    },
  };

/** A check in words for `reader`: what was found, whether it stops the application, what to bring or do. */
export function explainCheck(
  check: Pick<VerificationCheck, 'dataset' | 'subject' | 'status' | 'differences'>,
  reader: Reader,
): CheckExplanation {
  const texts = check.status === 'not_loaded' ? NOT_LOADED : TEXTS[`${check.dataset}:${check.subject}`]?.[check.status];
  if (!texts) return { result: '', effect: '', todo: '' };
  const others = check.differences.filter((d) => d !== 'fileStatus');
  const diff = others.map((d) => DIFFERENCE_NAMES[d] ?? '信息').join('、') || '信息';
  const fill = (s: string) => s.replace(/\{diff\}/g, diff);
  // A file marked 脱困 is not a difference in what was typed: say what it is.
  const result =
    check.dataset === 'hardship_archive' && check.differences.includes('fileStatus')
      ? `工会困难职工档案显示已经脱困，不再在档${others.length ? `；${fill('{diff}不一致')}` : ''}。`
      : fill(texts.result);
  return { result, effect: fill(texts.effect), todo: fill(texts.todo[reader]) };
}
