/** The city administrator's round form: a few plain fields → the contract's round config. */
import {
  CATEGORY_NAMES,
  HARDSHIP_CATEGORIES,
  SaveRoundInput,
  SCHOOL_LEVELS,
  SCHOOL_LEVEL_NAMES,
  STUDENT_CATEGORIES,
  type Programme,
  type SchoolLevel,
} from '@union/contracts';
import { check, type FieldErrors } from '../utils/form';
import { parseYuan } from '../utils/format';
import type { SaveRoundInput as SaveRoundCall } from './aid';

export interface RoundFormState {
  programme: Programme;
  year: string;
  title: string;
  opensOn: string;
  closesOn: string;
  levels: SchoolLevel[];
  /** Amount in yuan as typed, by category. */
  amounts: Record<string, string>;
  objectionContact: string;
}

export const emptyRoundForm = (year: number): RoundFormState => ({
  programme: 'student_aid',
  year: String(year),
  title: '',
  opensOn: '',
  closesOn: '',
  levels: [...SCHOOL_LEVELS],
  amounts: {},
  objectionContact: '',
});

export const categoriesOf = (programme: Programme) =>
  (programme === 'student_aid' ? STUDENT_CATEGORIES : HARDSHIP_CATEGORIES).map((value) => ({
    value,
    label: CATEGORY_NAMES[value],
  }));
export const levelOptions = SCHOOL_LEVELS.map((value) => ({ value, label: SCHOOL_LEVEL_NAMES[value] }));

/** Validate and build the `saveRound` input. */
export function checkRound(
  f: RoundFormState,
  status: 'draft' | 'open',
): { ok: true; input: SaveRoundCall } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const amounts = categoriesOf(f.programme)
    .filter((c) => (f.amounts[c.value] ?? '').trim())
    .map((c) => {
      const fen = parseYuan(f.amounts[c.value]);
      if (fen === null) errors[`amount_${c.value}`] = '请填写正确的金额（元）';
      return { category: c.value, amountFen: fen ?? 0 };
    });
  const input = {
    status,
    config: {
      programme: f.programme,
      year: Number(f.year),
      title: f.title,
      opensOn: f.opensOn,
      closesOn: f.closesOn,
      applicantTypes: ['worker', 'migrant', 'hardship_worker'],
      levels: f.programme === 'student_aid' ? f.levels : [],
      amounts,
      objectionContact: f.objectionContact,
    },
  } as SaveRoundCall;
  const checked = check(SaveRoundInput, input);
  if (!checked.ok) for (const [k, v] of Object.entries(checked.errors)) errors[k.replace(/^config_/, '')] ??= v;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, input };
}
