/**
 * Demo appeals, consultations, FAQ entries and holidays, written through the real
 * @cloudbase/node-sdk after the people seed (it reads the demo people and staff back). Every
 * case is built by applying its steps through the engine's own `planTransition`, so its history
 * replays to its stored state exactly as a case made through the functions would.
 */
import type { AdminApp } from '../../local/cloud/sdk';
import '../../domain/catalog';
import { findCaseType } from '../../domain/cases/registry';
import { addWorkingDays, EMPTY_CALENDAR, chinaMonth } from '../../common/china-time';
import { levelOfPath, planTransition, type EngineActor } from '../../domain/cases/machine';
import {
  dueKeyOf,
  historyEntry,
  submissionEntry,
  historyId,
  scopeKeys,
  type CaseDoc,
  type HistoryDoc,
  type MessageDoc,
} from '../../domain/cases/store';
import { timeLimitDays } from '../../domain/cases/registry';
import { stepMarks } from '../../domain/stats/marks';
import { maskName } from '../../domain/security/mask';
import type { CaseAction } from '../../typings/cases';
import type { GridNode } from '../../typings/grid';
import { buildGrid } from '../../domain/grid/data';

const HOUR = 3600_000;

interface StaffRow {
  _id: string;
  openid: string;
  name: string;
  role: 'city_admin' | 'town_staff' | 'village_collector';
  gridNodeId: string;
  gridPath: string[];
}
interface PersonRow {
  _id: string;
  openid: string;
  name: string;
  homeVillageId: string;
  homePath: string[];
  categories: string[];
  employerTownId?: string;
}

/** One step of a demo case: who (a staff openid, or the applicant), what, and the text. */
interface Step {
  by: string | 'applicant';
  action: Exclude<CaseAction, 'submit'>;
  comment?: string;
  reason?: string;
  targetNodeId?: string;
  rating?: { score: number; satisfied: boolean; comment?: string };
  /** Structured inputs the action declares (an opinion). */
  inputs?: Record<string, unknown>;
  /** Hours after the previous step. */
  after: number;
}

interface DemoCase {
  type: 'appeal' | 'consultation';
  openid: string;
  form: Record<string, unknown>;
  /** Hours before now the case was submitted. */
  ageHours: number;
  steps: Step[];
}

const DEMO_CASES: DemoCase[] = [
  {
    type: 'appeal',
    openid: 'demo-migrant-1',
    ageHours: 2,
    form: {
      category: 'wage_arrears',
      facts: '在深圳龙华区某工地做木工，包工头拖欠2026年8月至10月工资共一万八千元，多次讨要无果。',
      employer: '深圳示例建筑劳务有限公司',
      workCity: '深圳',
      attachments: [],
      contactPreference: 'phone',
      amountOwedFen: 1_800_000,
    },
    steps: [],
  },
  {
    type: 'appeal',
    openid: 'demo-migrant-2',
    ageHours: 30,
    form: {
      category: 'work_injury',
      facts: '在东莞电子厂操作冲压机时右手受伤，工厂不给申报工伤，只支付了部分医药费。',
      employer: '东莞示例电子有限公司',
      workCity: '东莞',
      attachments: [],
      contactPreference: 'wechat',
    },
    steps: [
      { by: 'demo-collector-t15-v01', action: 'accept', after: 3 },
      {
        by: 'demo-collector-t15-v01',
        action: 'escalate',
        inputs: { opinion: '涉及外省企业，需乡镇工会协调异地维权。' },
        after: 5,
      },
    ],
  },
  {
    type: 'appeal',
    openid: 'demo-migrant-3',
    ageHours: 24 * 12,
    form: {
      category: 'social_insurance',
      facts: '在武汉务工三年，公司一直没有给我缴纳社会保险，要求补缴被拒绝。',
      employer: '武汉示例物流有限公司',
      workCity: '武汉',
      attachments: [],
      contactPreference: 'phone',
    },
    steps: [
      { by: 'demo-collector-t15-v01', action: 'accept', after: 4 },
      {
        by: 'demo-collector-t15-v01',
        action: 'reply',
        comment: '已联系武汉市总工会协调，公司同意补缴近两年社保，请保持电话畅通。',
        after: 60,
      },
      { by: 'demo-collector-t15-v01', action: 'close', after: 24 },
      { by: 'applicant', action: 'rate', rating: { score: 5, satisfied: true, comment: '谢谢村里帮忙' }, after: 6 },
    ],
  },
  {
    type: 'appeal',
    openid: 'demo-worker-1',
    ageHours: 26,
    form: {
      category: 'labor_contract',
      facts: '入职一年多公司一直不签书面劳动合同，现在要辞退我也不给经济补偿。',
      employer: '松滋示例机械有限公司',
      workCity: '松滋',
      attachments: [],
      contactPreference: 'visit',
    },
    steps: [
      { by: 'demo-town-t15', action: 'accept', after: 2 },
      { by: 'demo-town-t15', action: 'request_info', comment: '请补充入职时间证明（工资条或考勤记录）。', after: 20 },
    ],
  },
  {
    type: 'consultation',
    openid: 'demo-migrant-1',
    ageHours: 5,
    form: { category: 'school', question: '孩子明年想回松滋读初中，随迁子女入学需要准备哪些材料？' },
    steps: [],
  },
  {
    type: 'consultation',
    openid: 'demo-hardship-1',
    ageHours: 50,
    form: { category: 'hardship', question: '家里老人住院花了很多钱，可以申请困难职工帮扶吗？' },
    steps: [
      {
        by: 'demo-collector-t15-v01',
        action: 'reply',
        comment: '可以。请准备住院发票和家庭收入情况，到村委会找信息采集员登记。',
        after: 6,
      },
      { by: 'applicant', action: 'comment', comment: '发票丢了一张，复印件可以吗？', after: 3 },
    ],
  },
  {
    type: 'consultation',
    openid: 'demo-worker-2',
    ageHours: 24 * 6,
    form: { category: 'employment', question: '想在镇上开一家小超市，有没有创业担保贷款？' },
    steps: [
      {
        by: 'staff-by-node',
        action: 'reply',
        comment: '有，个人最高可申请30万元创业担保贷款，请携带营业执照到人社局申请。',
        after: 10,
      },
      { by: 'applicant', action: 'close', after: 2 },
      { by: 'applicant', action: 'rate', rating: { score: 4, satisfied: true }, after: 1 },
    ],
  },
];

const FAQ: { title: string; body: string; category: string; keywords: string[]; scopeNodeId: string }[] = [
  {
    title: '农民工被拖欠工资怎么办？',
    body: '可通过本小程序提交“欠薪”诉求，村（社区）信息采集员1个工作日内受理；也可拨打12333或向劳动保障监察部门投诉。请保留考勤、工资条、聊天记录等证据。',
    category: 'rights',
    keywords: ['欠薪', '拖欠工资', '讨薪'],
    scopeNodeId: 'city',
  },
  {
    title: '随迁子女如何在松滋就读义务教育？',
    body: '持户口簿、居住证明和务工证明，向居住地所在乡镇中心学校申请，教育局统筹安排学位。',
    category: 'school',
    keywords: ['入学', '随迁子女', '读书'],
    scopeNodeId: 'city',
  },
  {
    title: '困难职工帮扶的申请条件',
    body: '家庭人均收入低于当地最低生活保障标准，或因大病、子女上学、意外灾害导致生活困难的职工，可向所在村（社区）申请，经村核实、乡镇审核、市总工会审批。',
    category: 'hardship',
    keywords: ['困难', '帮扶', '救助'],
    scopeNodeId: 'city',
  },
  {
    title: '金秋助学政策简介',
    body: '每年7—9月开展，资助困难职工和农民工家庭中考上高中、中职及大学的子女，资助标准和名单经公示后打卡发放。',
    category: 'policy',
    keywords: ['助学', '金秋助学', '上学'],
    scopeNodeId: 'city',
  },
  {
    title: '创业担保贷款怎么申请？',
    body: '符合条件的返乡创业农民工个人最高可申请30万元创业担保贷款，财政贴息，携带身份证、营业执照到人社部门申请。',
    category: 'employment',
    keywords: ['创业', '贷款', '就业'],
    scopeNodeId: 'city',
  },
  {
    title: '万家乡工会服务站办公时间',
    body: '万家乡工会服务站周一至周五 8:30—17:30 办公，节假日可通过小程序留言咨询。',
    category: 'policy',
    keywords: ['办公时间', '服务站'],
    scopeNodeId: 't15',
  },
];

/** Holidays and adjusted working days (demo: replace with the State Council's notice each year). */
const HOLIDAYS: { date: string; kind: 'holiday' | 'workday'; name: string }[] = [
  ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({
    date,
    kind: 'holiday' as const,
    name: '国庆节',
  })),
  { date: '2027-01-01', kind: 'holiday', name: '元旦' },
];

async function all<T>(app: AdminApp, collection: string, where: object): Promise<T[]> {
  const { data } = (await app.database().collection(collection).where(where).limit(1000).get()) as { data: T[] };
  return data;
}

/** Seed the demo cases, FAQ and holidays (after `seedPeople`). */
export async function seedCases(app: AdminApp, now = new Date()): Promise<{ cases: number }> {
  const grid = new Map<string, GridNode>(buildGrid().map((n) => [n._id, n]));
  const openids = [...new Set(DEMO_CASES.map((c) => c.openid))];
  const people = await all<PersonRow>(app, 'people', { ownerKey: app.database().command.in(openids) });
  const staff = await all<StaffRow>(app, 'staff', { active: true });
  const staffByOpenid = new Map(staff.map((s) => [s.openid, s]));
  const personByOpenid = new Map(people.map((p) => [p.openid, p]));
  const cases: CaseDoc[] = [];
  const history: HistoryDoc[] = [];
  const messages: MessageDoc[] = [];
  DEMO_CASES.forEach((demo, index) => {
    const person = personByOpenid.get(demo.openid);
    if (!person) return;
    const decl = findCaseType(demo.type)!;
    const form = decl.formSchema.parse(demo.form) as Record<string, unknown>;
    const casePerson = { ...person, personId: person._id, maskedName: maskName(person.name) };
    const nodeId = (decl.route(form, casePerson) as { nodeId: string }).nodeId;
    const node = grid.get(nodeId)!;
    const _id = `demo-case-${String(index + 1).padStart(2, '0')}`;
    let at = new Date(now.getTime() - demo.ageHours * HOUR);
    const category = decl.category(form);
    const c: CaseDoc = {
      _id,
      type: decl.type,
      category: category.value,
      categoryLabel: category.label,
      title: decl.headline(form),
      status: decl.initialState,
      version: 1,
      open: true,
      applicantOpenid: person.openid,
      personId: person._id,
      applicantName: casePerson.maskedName,
      applicantNodeId: person.homeVillageId ?? node._id,
      nodeId: node._id,
      nodePath: [...node.path],
      level: levelOfPath(node.path),
      ...scopeKeys(node.path),
      originNodeId: node._id,
      dueAt: null,
      dueKey: '',
      createdKey: `${String(at.getTime()).padStart(15, '0')}|${_id}`,
      createdMonth: chinaMonth(at),
      overdueCount: 0,
      remindedOn: '',
      held: false,
      heldFields: [],
      waitingSince: decl.states[decl.initialState]?.awaitingStaff ? at : null,
      reopenCount: 0,
      rating: null,
      form,
      eligibility: null,
      data: {},
      createdAt: at,
      updatedAt: at,
    };
    const setDue = (state: string, since: Date) => {
      const days = timeLimitDays(decl, state);
      const s = decl.states[state];
      c.open = Boolean(s && !s.terminal && !s.settled);
      c.dueAt = c.open && days !== undefined ? addWorkingDays(since, days, EMPTY_CALENDAR) : null;
      c.dueKey = dueKeyOf(c.dueAt, _id, since);
    };
    setDue(c.status, at);
    history.push(submissionEntry(_id, c.status, node, { actorId: person._id, actorName: casePerson.maskedName }, at));
    for (const step of demo.steps) {
      at = new Date(at.getTime() + step.after * HOUR);
      const staffRow =
        step.by === 'applicant'
          ? null
          : step.by === 'staff-by-node'
            ? staff.find((s) => s.gridNodeId === c.nodeId)
            : staffByOpenid.get(step.by);
      const actor: EngineActor = staffRow
        ? {
            openid: staffRow.openid,
            personId: null,
            staff: {
              staffId: staffRow._id,
              role: staffRow.role,
              gridNodeId: staffRow.gridNodeId,
              gridPath: staffRow.gridPath,
              name: staffRow.name,
            },
          }
        : { openid: person.openid, personId: person._id, staff: null };
      const target = step.targetNodeId ? grid.get(step.targetNodeId) : undefined;
      const plan = planTransition(
        decl,
        c,
        step.action,
        step,
        actor,
        target ? { nodeId: target._id, path: target.path } : null,
      );
      const seq = c.version + 1;
      const actorName = plan.role === 'applicant' ? casePerson.maskedName : maskName(staffRow?.name ?? '');
      const text = step.comment ?? step.reason;
      if (text) {
        messages.push({
          _id: historyId(_id, seq),
          caseId: _id,
          seq,
          author: plan.role === 'applicant' ? 'applicant' : 'staff',
          authorName: actorName,
          authorOpenid: actor.openid,
          text,
          held: false,
          at,
        });
      }
      history.push(
        historyEntry({ _id, nodeId: c.nodeId }, plan, seq, {
          actorId: staffRow?._id ?? person._id,
          actorName,
          comment: step.comment,
          reason: step.reason,
          messageId: text ? historyId(_id, seq) : null,
          rating: step.rating ?? null,
          inputs: plan.inputs.values,
          at,
        }),
      );
      Object.assign(c, stepMarks(decl, c, plan, at));
      const awaiting = decl.states[plan.to]?.awaitingStaff;
      if (awaiting && !(c.waitingSince && decl.states[c.status]?.awaitingStaff)) c.waitingSince = at;
      if (!awaiting) c.waitingSince = null;
      Object.assign(c, {
        status: plan.to,
        version: seq,
        nodeId: plan.nodeId,
        nodePath: [...plan.nodePath],
        level: plan.level,
        ...scopeKeys(plan.nodePath),
        reopenCount: c.reopenCount + (plan.reopened ? 1 : 0),
        updatedAt: at,
      });
      if (step.rating) c.rating = step.rating;
      if (plan.moved) setDue(plan.to, at);
    }
    cases.push(c);
  });
  const db = app.database();
  if (cases.length) {
    await db.collection('cases').add(cases);
    await db.collection('case_history').add(history);
    if (messages.length) await db.collection('case_messages').add(messages);
  }
  const faq = FAQ.map((f, i) => {
    const _id = `faq-${String(i + 1).padStart(2, '0')}`;
    const node = grid.get(f.scopeNodeId)!;
    const updatedAt = new Date(now.getTime() - (i + 1) * 24 * HOUR);
    return {
      _id,
      ...f,
      scopePath: node.path,
      published: true,
      createdAt: updatedAt,
      updatedAt,
      updatedKey: `${String(updatedAt.getTime()).padStart(15, '0')}|${_id}`,
      updatedBy: 'staff-admin',
    };
  });
  await db.collection('faq').add(faq);
  await db.collection('holidays').add(HOLIDAYS.map((h) => ({ _id: h.date, ...h })));
  return { cases: cases.length };
}
