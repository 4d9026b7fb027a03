/**
 * Demo collective contracts, labour-contract signing and workers' congresses, written through the real
 * @cloudbase/node-sdk after the people seed (and the registry's units, when there are any). Every record is
 * GENERATED and marked `demo: true`; units made here (when the registry seeded none) carry 示例 in their names.
 *
 * `demo` (default): a handful of 万家乡's enterprises — a wage contract in force expiring within 60 days, one in
 * draft, an offer left unanswered past its 20 days, a contract signed and due for filing — with a congress and
 * labour-contract figures. `full`: the article's figures, 442 enterprises with contract records and 344 units with a
 * congress this year.
 */
import { randomBytes } from 'crypto';
import type { AdminApp } from '../../local/cloud/sdk';
import '../../domain/catalog';
import { addDays, chinaDate, chinaDayStart, EMPTY_CALENDAR } from '../../common/china-time';
import { buildGrid } from '../../domain/grid/data';
import { newCaseDoc } from '../../domain/cases/new-case';
import { isOpen } from '../../domain/cases/lifecycle';
import { historyId, submissionEntry, type CaseDoc, type HistoryDoc } from '../../domain/cases/store';
import { UNIT_CONTACTS } from '../../domain/agreements/contacts';
import { agreementCaseType } from '../../domain/agreements/case-type';
import type { AgreementData } from '../../domain/agreements/inputs';
import type { AgreementRecord } from '../../domain/agreements/records';
import { dues } from '../../domain/agreements/deadlines';
import { termEndsOn } from '../../domain/agreements/rules';
import type { Enterprise } from '../../domain/agreements/enterprises';
import type { SessionDoc } from '../../domain/agreements/congress';
import type { LabourDoc } from '../../domain/agreements/labour';
import { AGREEMENT_KIND_LABELS, type AgreementKind } from '../../typings/agreements';
import type { GridNode } from '../../typings/grid';
/** Insert documents in batches of at most 1000 (the SDK's limit per call). */
async function insertMany(app: AdminApp, collection: string, docs: object[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000)
    await app
      .database()
      .collection(collection)
      .add(docs.slice(i, i + 1000));
}

/** The article's figures for `--scale full`. */
export const FULL_AGREEMENTS = { contracts: 442, congresses: 344 } as const;

interface StaffRow {
  _id: string;
  openid: string;
  name: string;
  role: string;
  gridNodeId: string;
  gridPath: string[];
}

type Step = { action: string; to: string; inputs?: Record<string, unknown>; daysAfter: number };

/** A contract's story: its kind, how long ago it was offered, and its steps after the offer. */
function story(i: number, today: string): { kind: AgreementKind; offeredOn: string; steps: Step[] } {
  const scenario = i % 6;
  const draft = (on: string, kind: AgreementKind, years: number) => ({
    draftedOn: on,
    startsOn: addDays(on, 20),
    termYears: years,
    unionChief: '王示例',
    enterpriseChief: '李示例',
    highlights:
      kind === 'wage'
        ? '职工工资平均增长 6%，最低工资不低于当地标准 120%'
        : '劳动报酬、工作时间、休息休假、劳动安全卫生',
  });
  const full = (kind: AgreementKind, offeredOn: string, years: number): Step[] => {
    const on = (d: number) => addDays(offeredOn, d);
    return [
      {
        action: 'answer',
        to: 'negotiating',
        daysAfter: 10,
        inputs: { answer: { answeredOn: on(10), agreed: true, content: '同意协商' } },
      },
      ...(kind === 'wage'
        ? [
            {
              action: 'plan_meeting',
              to: 'negotiating',
              daysAfter: 12,
              inputs: { meeting: { meetingOn: on(20), place: '公司会议室' } },
            },
            {
              action: 'hand_over_data',
              to: 'negotiating',
              daysAfter: 13,
              inputs: { data: { handedOverOn: on(13), items: '上年度工资总额、职工平均工资' } },
            },
          ]
        : []),
      { action: 'submit_draft', to: 'draft', daysAfter: 25, inputs: { draft: draft(on(25), kind, years) } },
      {
        action: 'record_vote',
        to: 'approved',
        daysAfter: 30,
        inputs: { vote: { heldOn: on(30), delegatesTotal: 35, present: 32, inFavour: 30, against: 1, abstain: 1 } },
      },
      { action: 'sign', to: 'signed', daysAfter: 31, inputs: { signing: { signedOn: on(31) } } },
      {
        action: 'file',
        to: 'filed',
        daysAfter: 35,
        inputs: {
          filing: { filedOn: on(35), office: '松滋市人力资源和社会保障局', channel: 'counter', receiptNo: '' },
        },
      },
      { action: 'take_effect', to: 'in_force', daysAfter: 51, inputs: { effect: { effectiveOn: on(51) } } },
      {
        action: 'publish',
        to: 'published',
        daysAfter: 55,
        inputs: { publication: { publishedOn: on(55), method: '厂务公开栏张贴' } },
      },
    ];
  };
  const upTo = (steps: Step[], last: string) => steps.slice(0, steps.findIndex((s) => s.action === last) + 1);
  switch (scenario) {
    case 0: {
      // A wage contract in force whose year ends within 60 days (its 20-day start after the draft included).
      const offeredOn = addDays(today, -(365 - 40 + 45));
      return { kind: 'wage', offeredOn, steps: full('wage', offeredOn, 1) };
    }
    case 1: {
      const offeredOn = addDays(today, -200 - (i % 50));
      return { kind: 'comprehensive', offeredOn, steps: full('comprehensive', offeredOn, 3) };
    }
    case 2: {
      const offeredOn = addDays(today, -27);
      return { kind: 'wage', offeredOn, steps: upTo(full('wage', offeredOn, 1), 'submit_draft') };
    }
    case 3:
      return { kind: 'safety', offeredOn: addDays(today, -25), steps: [] };
    case 4: {
      const offeredOn = addDays(today, -36);
      return { kind: 'women', offeredOn, steps: upTo(full('women', offeredOn, 3), 'sign') };
    }
    default: {
      const offeredOn = addDays(today, -300 - (i % 40));
      return { kind: 'comprehensive', offeredOn, steps: full('comprehensive', offeredOn, 2) };
    }
  }
}

/** The case's `data` after its steps (what each step's record puts on the case). */
function dataAfter(steps: Step[]): AgreementData {
  const d: AgreementData = {};
  for (const s of steps) {
    const v = Object.values(s.inputs ?? {})[0] as Record<string, unknown>;
    if (s.action === 'answer') d.answeredOn = v.answeredOn as string;
    if (s.action === 'plan_meeting') d.meetingOn = v.meetingOn as string;
    if (s.action === 'hand_over_data') d.dataOn = v.handedOverOn as string;
    if (s.action === 'submit_draft') {
      Object.assign(d, { draftedOn: v.draftedOn, startsOn: v.startsOn, termYears: v.termYears });
      d.endsOn = termEndsOn(v.startsOn as string, v.termYears as number);
    }
    if (s.action === 'record_vote') d.votedOn = v.heldOn as string;
    if (s.action === 'record_vote') d.vote = { ...(v as unknown as NonNullable<AgreementData['vote']>), passed: true };
    if (s.action === 'sign') d.signedOn = v.signedOn as string;
    if (s.action === 'file') Object.assign(d, { filedOn: v.filedOn, office: v.office, filingLate: false });
    if (s.action === 'take_effect') d.effectiveOn = v.effectiveOn as string;
    if (s.action === 'publish') d.publishedOn = v.publishedOn as string;
  }
  return d;
}

/** Generated units (示例) when the registry seeded fewer than needed, spread over the towns. */
function generatedUnits(count: number, start: number, townIds: readonly string[]): Enterprise[] {
  const words = ['鑫达', '宏远', '华兴', '恒通', '金穗', '绿源', '鸿运', '荆楚', '江南', '楚天', '盛丰', '德胜'];
  return Array.from({ length: count }, (_, k) => {
    const n = start + k;
    const townId = townIds[n % townIds.length];
    return {
      _id: `agr-demo-unit-${String(n).padStart(4, '0')}`,
      name: `松滋示例${words[n % words.length]}${n >= words.length ? n : ''}有限公司`,
      creditCode: `9142108700A${String(n).padStart(6, '0')}X`,
      townId,
      villageId: null,
      path: ['city', townId],
      employees: 120 + ((n * 37) % 900),
      womenEmployees: 40 + ((n * 13) % 300),
      unionId: null,
      type: 'enterprise',
      demo: true,
    };
  });
}

export async function seedAgreements(app: AdminApp, options: { scale?: string } = {}): Promise<void> {
  const db = app.database();
  const full = options.scale === 'full';
  const now = new Date();
  const today = chinaDate(now);
  const grid = new Map<string, GridNode>(buildGrid().map((n) => [n._id, n]));
  const staff = ((await db.collection('staff').where({ role: 'town_staff' }).limit(1000).get()).data ??
    []) as StaffRow[];
  const townStaff = new Map(staff.map((s) => [s.gridNodeId, s]));
  const existing: Enterprise[] = [];
  for (let skip = 0; ; skip += 1000) {
    const { data } = await db.collection('units').orderBy('_id', 'asc').skip(skip).limit(1000).get();
    existing.push(...((data ?? []) as Enterprise[]));
    if (!data || data.length < 1000) break;
  }
  const contractsWanted = full ? FULL_AGREEMENTS.contracts : 4;
  // The demo keeps one enterprise without any contract, to show the gap (and to start one in the preview).
  const unitsWanted = full ? FULL_AGREEMENTS.contracts : 5;
  const candidates = full
    ? existing.filter((u) => !u.type || u.type === 'enterprise' || u.employees >= 100)
    : existing.filter((u) => u.townId === 't15' && (!u.type || u.type === 'enterprise'));
  const townIds = full ? [...grid.values()].filter((n) => n.level === 'town').map((n) => n._id) : ['t15'];
  const made = generatedUnits(Math.max(0, unitsWanted - candidates.length), existing.length, townIds);
  if (made.length) await insertMany(app, 'units', made);
  const units = [...candidates, ...made].slice(0, unitsWanted);

  const cases: CaseDoc[] = [];
  const history: HistoryDoc[] = [];
  const records: (AgreementRecord & { _id: string })[] = [];
  for (const [i, unit] of units.slice(0, contractsWanted).entries()) {
    const town = grid.get(unit.townId);
    const by = townStaff.get(unit.townId);
    if (!town || !by) continue;
    const { kind, offeredOn, steps } = story(i, today);
    const form = {
      kind,
      unitId: unit._id,
      offeredBy: 'union',
      offeredOn,
      summary: `就${AGREEMENT_KIND_LABELS[kind]}开展集体协商（示例数据）`,
      renews: null,
    };
    const _id = randomBytes(16).toString('hex');
    const at = (d: string) => new Date(chinaDayStart(d).getTime() + 10 * 3600_000);
    const doc = newCaseDoc(agreementCaseType, {
      _id,
      form,
      node: town,
      now: at(offeredOn),
      cal: EMPTY_CALENDAR,
      applicantOpenid: '',
      personId: '',
      applicantName: unit.name,
      applicantNodeId: town._id,
      initiator: {
        kind: 'node',
        nodeId: town._id,
        nodePath: [...town.path],
        staffId: by._id,
        staffName: by.name,
        role: 'town_staff',
        openid: by.openid,
      },
      subject: { kind: 'organisation', orgKind: 'unit', orgId: unit._id, name: unit.name, contactPersonIds: [] },
      verdict: { held: false, heldFields: [] } as never,
      eligibility: null,
    });
    history.push(
      submissionEntry(_id, 'offered', town, { actorId: by._id, actorName: by.name, role: 'town_staff' }, at(offeredOn)),
    );
    let from = 'offered';
    for (const [k, s] of steps.entries()) {
      const system = s.action === 'take_effect';
      history.push({
        _id: historyId(_id, k + 2),
        caseId: _id,
        seq: k + 2,
        action: s.action as never,
        from,
        to: s.to,
        fromNodeId: town._id,
        toNodeId: town._id,
        toNodePath: [...town.path],
        role: system ? 'system' : 'town_staff',
        actorId: system ? 'system' : by._id,
        actorName: system ? '系统' : by.name,
        comment: null,
        reason: null,
        messageId: null,
        reopened: false,
        rating: null,
        inputs: s.inputs,
        at: at(addDays(offeredOn, s.daysAfter)),
      });
      from = s.to;
    }
    const data = dataAfter(steps);
    Object.assign(doc, {
      status: from,
      version: steps.length + 1,
      open: isOpen(agreementCaseType, from),
      dueAt: null,
      data,
      demo: true,
      updatedAt: history[history.length - 1].at,
    });
    cases.push(doc);
    const next = dues({ status: from, form, data: data as Record<string, unknown> }, EMPTY_CALENDAR).find(
      (x) => !x.window,
    );
    records.push({
      _id,
      unitId: unit._id,
      unitName: unit.name,
      creditCode: unit.creditCode,
      townId: unit.townId,
      villageId: unit.villageId ?? null,
      path: unit.path,
      kind,
      kindLabel: AGREEMENT_KIND_LABELS[kind],
      status: from,
      statusLabel: agreementCaseType.states[from as keyof typeof agreementCaseType.states].label,
      ended: false,
      offeredOn,
      startsOn: data.startsOn ?? null,
      endsOn: data.endsOn ?? null,
      effectiveOn: data.effectiveOn ?? null,
      publishedOn: data.publishedOn ?? null,
      nextDueOn: next?.dueOn ?? null,
      nextDueLabel: next?.label ?? null,
      demo: true,
      updatedAt: now,
    });
  }
  await insertMany(app, 'cases', cases);
  await insertMany(app, 'case_history', history);
  await insertMany(app, 'agreement_records', records);

  const congresses = full ? FULL_AGREEMENTS.congresses : 2;
  const heldOn = addDays(today, -20).slice(0, 4) === today.slice(0, 4) ? addDays(today, -20) : today;
  const sessions: SessionDoc[] = units.slice(0, congresses).map((u) => {
    const total = Math.max(30, Math.min(60, Math.round(u.employees / 8)));
    return {
      _id: `${u._id}:2:1`,
      unitId: u._id,
      termNo: 2,
      sessionNo: 1,
      heldOn,
      form: u.employees >= 100 ? 'delegates' : 'assembly',
      delegatesTotal: u.employees >= 100 ? total : u.employees,
      present: u.employees >= 100 ? total - 2 : u.employees - 3,
      frontLine: Math.ceil(total * 0.6),
      managers: Math.floor(total * 0.15),
      women: Math.floor(total * 0.35),
      agenda: ['审议集体合同履行情况报告', '听取厂务公开情况报告'],
      resolutions: [{ title: '通过集体合同履行情况报告', inFavour: total - 4, against: 1, abstain: 1 }],
      openAffairs: [{ item: '年度职工福利费使用情况', disclosedOn: heldOn }],
      unitName: u.name,
      townId: u.townId,
      villageId: u.villageId ?? null,
      path: u.path,
      year: heldOn.slice(0, 4),
      recordedBy: townStaff.get(u.townId)?._id ?? '',
      demo: true,
      createdAt: now,
    };
  });
  await insertMany(app, 'congress_sessions', sessions);
  const labour: LabourDoc[] = units.slice(0, contractsWanted).map((u, i) => ({
    _id: `${u._id}:${today}`,
    unitId: u._id,
    recordedOn: today,
    employees: u.employees,
    signed: u.employees - (i % 5),
    unitName: u.name,
    townId: u.townId,
    villageId: u.villageId ?? null,
    path: u.path,
    recordedBy: townStaff.get(u.townId)?._id ?? '',
    demo: true,
    updatedAt: now,
  }));
  await insertMany(app, 'labour_contract_records', labour);

  // demo-worker-1 is the union contact of the first enterprise: its contract's countdowns reach them too.
  const { data: contact } = await db.collection('people').where({ ownerKey: 'demo-worker-1' }).limit(1).get();
  const first = units[0];
  const person = (contact?.[0] as { _id: string } | undefined)?._id;
  if (first && person)
    await insertMany(app, UNIT_CONTACTS, [
      {
        _id: first._id,
        personIds: [person],
        townId: first.townId,
        path: first.path,
        updatedAt: now,
        updatedBy: townStaff.get(first.townId)?._id ?? '',
      },
    ]);
}
