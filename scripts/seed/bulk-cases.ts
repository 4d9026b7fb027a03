/**
 * A year of cases at the article's scale for benchmarks (`scripts/bench/dashboards.ts`): appeals, consultations and
 * aid applications spread over every village and the last twelve months, in every state, with the fields the
 * dashboards count (status, open, deadline, overdue count, rating, first response, aid round and amount). Generated
 * deterministically; no history (a benchmark reads figures, not timelines), no personal data (masked fake names).
 */
import { chinaMonth } from '../../common/china-time';
import { APPEAL_CATEGORIES, APPEAL_CATEGORY_LABELS, CONSULTATION_CATEGORIES } from '../../typings/cases';
import type { GridNode } from '../../typings/grid';
import { dueKeyOf, scopeKeys, type CaseDoc } from '../../domain/cases/store';
import { levelOfPath } from '../../domain/cases/machine';

/** Cases per year at full scale. */
export const BULK_CASES = { appeal: 12_000, consultation: 8_000, student_aid: 2_000, hardship_aid: 973 } as const;

const STATES: Record<keyof typeof BULK_CASES, { status: string; open: boolean; weight: number }[]> = {
  appeal: [
    { status: 'submitted', open: true, weight: 3 },
    { status: 'handling', open: true, weight: 8 },
    { status: 'info_requested', open: true, weight: 2 },
    { status: 'replied', open: true, weight: 3 },
    { status: 'closed', open: false, weight: 30 },
    { status: 'rated', open: false, weight: 45 },
    { status: 'refused', open: false, weight: 5 },
    { status: 'withdrawn', open: false, weight: 4 },
  ],
  consultation: [
    { status: 'waiting', open: true, weight: 5 },
    { status: 'answered', open: true, weight: 15 },
    { status: 'closed', open: false, weight: 30 },
    { status: 'rated', open: false, weight: 45 },
    { status: 'withdrawn', open: false, weight: 5 },
  ],
  student_aid: [
    { status: 'village_review', open: true, weight: 5 },
    { status: 'town_review', open: true, weight: 5 },
    { status: 'city_review', open: true, weight: 5 },
    { status: 'approved', open: true, weight: 5 },
    { status: 'in_notice', open: true, weight: 10 },
    { status: 'notice_passed', open: true, weight: 5 },
    { status: 'paid', open: false, weight: 55 },
    { status: 'refused', open: false, weight: 10 },
  ],
  hardship_aid: [
    { status: 'village_review', open: true, weight: 5 },
    { status: 'town_review', open: true, weight: 5 },
    { status: 'city_review', open: true, weight: 5 },
    { status: 'in_notice', open: true, weight: 10 },
    { status: 'paid', open: false, weight: 65 },
    { status: 'refused', open: false, weight: 10 },
  ],
};

/** A small deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T extends { weight: number }>(r: number, list: T[]): T => {
  const total = list.reduce((s, x) => s + x.weight, 0);
  let x = r * total;
  for (const item of list) if ((x -= item.weight) < 0) return item;
  return list[list.length - 1];
};

export function bulkCases(grid: GridNode[], now: Date, scale = 1): CaseDoc[] {
  const villages = grid.filter((n) => n.level === 'village');
  const random = rng(20261207);
  const out: CaseDoc[] = [];
  const YEAR_MS = 365 * 24 * 3600_000;
  for (const [type, perYear] of Object.entries(BULK_CASES) as [keyof typeof BULK_CASES, number][]) {
    const n = Math.round(perYear * scale);
    for (let i = 0; i < n; i += 1) {
      const _id = `bulk-${type}-${String(i).padStart(6, '0')}`;
      const village = villages[Math.floor(random() * villages.length)];
      const createdAt = new Date(now.getTime() - Math.floor(random() * YEAR_MS));
      const state = pick(random(), STATES[type]);
      const dueAt = state.open ? new Date(createdAt.getTime() + Math.floor(random() * 40) * 24 * 3600_000) : null;
      const late = random() < 0.08;
      const rated = state.status === 'rated';
      const category =
        type === 'appeal'
          ? APPEAL_CATEGORIES[i % APPEAL_CATEGORIES.length]
          : type === 'consultation'
            ? CONSULTATION_CATEGORIES[i % CONSULTATION_CATEGORIES.length]
            : 'general';
      const responded = state.status !== 'submitted' && state.status !== 'waiting' && state.status !== 'withdrawn';
      const responseMs = Math.floor(random() * 48 * 3600_000);
      out.push({
        _id,
        type,
        category,
        categoryLabel: type === 'appeal' ? APPEAL_CATEGORY_LABELS[category as keyof typeof APPEAL_CATEGORY_LABELS] : '',
        title: `示例 · ${i}`,
        status: state.status,
        version: 3,
        open: state.open,
        applicantOpenid: '',
        personId: '',
        applicantName: '示*例',
        applicantNodeId: village._id,
        nodeId: village._id,
        nodePath: [...village.path],
        level: levelOfPath(village.path),
        ...scopeKeys(village.path),
        originNodeId: village._id,
        dueAt,
        dueKey: dueKeyOf(dueAt, _id, createdAt),
        createdKey: `${String(createdAt.getTime()).padStart(15, '0')}|${_id}`,
        createdMonth: chinaMonth(createdAt),
        overdueCount: late ? 1 : 0,
        remindedOn: '',
        held: false,
        heldFields: [],
        waitingSince: null,
        reopenCount: 0,
        rating: rated ? { score: random() < 0.9 ? 5 : 2, satisfied: random() < 0.9 } : null,
        ...(responded
          ? { firstResponseAt: new Date(createdAt.getTime() + responseMs), firstResponseMs: responseMs }
          : {}),
        form:
          type === 'student_aid' || type === 'hardship_aid'
            ? { roundId: `bulk-round-${type}`, amountFen: type === 'student_aid' ? 500_000 : 300_000 }
            : {},
        eligibility: null,
        data: {},
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  return out;
}
