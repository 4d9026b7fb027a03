/**
 * A union founding through the real functions: an enterprise's contact files the request, the town approves the
 * preparatory group, workers join through the group's link, the groups, the candidate list (published 7 days by
 * the timer), the election, the approval with its 文号 and 任期 (a PDF), the women workers' committee, the profile,
 * the registry and the legal-person certificate — with every rule refusing with its reason at the step it guards,
 * the refusal and return-for-information paths, and the attacks (someone else's case, a replay after a refusal,
 * fifty submissions at once, a form smuggled into an action, a timer step from a client).
 */
import type { TestCloud } from '../support/cloud';
import { seedRegistry } from '../../scripts/seed/registry';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { makeIdNumber } from '../../domain/security/validators';

jest.setTimeout(300_000);

const DAY = 86_400_000;
const CONTACT = 'demo-migrant-2';
const OTHER = 'demo-migrant-3';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t16';
const ADMIN = 'demo-admin';
const WORKERS = Array.from({ length: 26 }, (_, i) => `founding-worker-${String(i + 1).padStart(2, '0')}`);

const request = (over: Record<string, unknown> = {}) => ({
  unitName: '松滋示例机械有限公司',
  creditCode: '91421087MA4F00000N',
  townId: 't15',
  address: '万家乡工业园 8 号',
  legalRep: '张建国',
  industry: '机械制造',
  employees: 40,
  womenEmployees: 27,
  prepGroup: [
    { name: '王小红', post: '车间主任' },
    { name: '李明', post: '技术员' },
    { name: '赵强', post: '班组长' },
  ],
  reason: '职工有入会意愿，企业支持建会，请予批准。',
  partyOpinion: '企业党支部、行政同意建会',
  ...over,
});

const candidate = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  post: 'staff',
  kinship: 'none',
  foreign: false,
  ...extra,
});

describe('union founding', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `founding-${Date.now()}-${(seq += 1)}`;
  const call = (openid: string, fn: string, action: string, input?: unknown, requestId?: string): Promise<CallResult> =>
    callAs(cloud, openid, fn, action, input, requestId);
  const cases = (openid: string, action: string, input?: unknown) =>
    call(openid, 'cases', action, input, action === 'submit' || action === 'act' ? rid() : undefined);
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await cases(openid, 'get', { caseId });
    if (!current.ok) return current;
    return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra });
  };
  const submit = (openid: string, over: Record<string, unknown> = {}) =>
    cases(openid, 'submit', { type: 'union_founding', form: request(over) });
  const timer = async () => (await call(ADMIN, 'scheduler', 'run', { task: 'founding' })).data.founding;
  const setClock = (ms: number) => {
    process.env.UNION_CLOCK_OFFSET_MS = String(ms);
  };
  const messagesTo = (openid: string) => cloud.outbox({ openid }).length;

  beforeAll(async () => {
    cloud = await startSeededCloud();
    // the registry the union enters: every town's federation (its parent), the demo units
    await seedRegistry(cloud.sdkApp(), { keys: cloud.devKeys });
    subscribeAll(cloud, [CONTACT, OTHER, TOWN, ADMIN, ...WORKERS]);
    for (const [i, openid] of WORKERS.entries()) {
      const profile = {
        name: '吴示例',
        idNumber: makeIdNumber('421087', `1990${String((i % 12) + 1).padStart(2, '0')}15`, 300 + i),
        homeVillageId: 't15-v01',
        categories: ['worker'],
      };
      const saved = await call(openid, 'people', 'saveProfile', profile);
      expect(saved.ok).toBe(true);
    }
  });
  afterAll(async () => {
    delete process.env.UNION_CLOCK_OFFSET_MS;
    await cloud?.close();
  });

  let id = '';

  it('files the request about the enterprise; the town sees it in its queue with a deadline', async () => {
    const filed = await submit(CONTACT);
    expect(filed).toMatchObject({ ok: true, data: { status: 'town_review', applicantName: '松滋示例机械有限公司' } });
    id = filed.data._id;
    expect(filed.data.dueAt).toEqual(expect.any(String));
    const queue = await cases(TOWN, 'queue', { type: 'union_founding' });
    expect(queue.data.items.map((c: { _id: string }) => c._id)).toContain(id);
    const seen = await cases(TOWN, 'get', { caseId: id });
    const labels = seen.data.submission.map((l: { label: string }) => l.label);
    expect(labels).toEqual(expect.arrayContaining(['单位名称', '统一社会信用代码', '职工人数', '筹备组']));
    expect(JSON.stringify(seen.data.submission)).not.toContain('t15');
  });

  it('keeps one founding per enterprise: of fifty submissions at once none gets through while one is open', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => submit(OTHER)));
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(new Set(results.map((r) => r.code))).toEqual(new Set(['CONFLICT']));
    expect(results[0]).toMatchObject({ field: 'form.creditCode' });
  });

  it('lets fifty submissions of a new enterprise at once create exactly one case', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        submit(OTHER, { unitName: '松滋并发测试有限公司', creditCode: '91421087MA4F00001R' }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'CONFLICT')).toBe(true);
  });

  it('hides a founding from another enterprise and from another town', async () => {
    expect((await cases(OTHER, 'get', { caseId: id })).code).toBe('NOT_FOUND');
    expect((await act(OTHER, id, 'withdraw')).code).toBe('NOT_FOUND');
    expect((await cases(OTHER_TOWN, 'get', { caseId: id })).code).toBe('NOT_FOUND');
    expect((await call(OTHER, 'founding', 'joinLink', { caseId: id })).code).toBe('NOT_FOUND');
  });

  it('refuses a form smuggled into an approval, and an approval without an opinion', async () => {
    const smuggled = await act(TOWN, id, 'approve', {
      inputs: { opinion: '同意筹建' },
      form: request({ employees: 9 }),
    });
    expect(smuggled).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'form' });
    expect(await act(TOWN, id, 'approve')).toMatchObject({ ok: false, field: 'inputs.opinion' });
  });

  it('approves the preparatory group; the enterprise is told and starts recruiting', async () => {
    const before = messagesTo(CONTACT);
    const approved = await act(TOWN, id, 'approve', { inputs: { opinion: '材料齐全，同意成立筹备组' } });
    expect(approved.data).toMatchObject({ status: 'recruiting', statusLabel: '筹备组发展会员' });
    expect(messagesTo(CONTACT)).toBeGreaterThan(before);
  });

  it('gives the group a join link nobody else can get, and counts each worker once', async () => {
    expect((await call(TOWN, 'founding', 'joinLink', { caseId: id })).code).toBe('FORBIDDEN');
    const link = await call(CONTACT, 'founding', 'joinLink', { caseId: id });
    expect(link.data).toMatchObject({ unitName: '松滋示例机械有限公司', recruits: 0 });
    expect(link.data.path).toBe(`pages/join/index?code=${link.data.code}`);
    // the QR code the group shares carries the registered link with the same code
    expect(link.data.qrUrl).toMatch(new RegExp(`^https://[^?]+\\?code=${link.data.code}$`));
    expect(link.data.qr).toMatch(/^data:image\/gif;base64,/);
    const forged = await call(WORKERS[0], 'founding', 'join', { code: 'a'.repeat(32) });
    expect(forged.code).toBe('NOT_FOUND');
    const preview = await call(WORKERS[0], 'founding', 'joinPreview', { code: link.data.code });
    expect(preview.data).toMatchObject({ unitName: '松滋示例机械有限公司', open: true, joined: false });
    const joins = await Promise.all(WORKERS.map((w) => call(w, 'founding', 'join', { code: link.data.code })));
    expect(joins.every((j) => j.ok && j.data.joined)).toBe(true);
    const again = await Promise.all(
      [1, 2, 3].map(() => call(WORKERS[0], 'founding', 'join', { code: link.data.code })),
    );
    expect(again.every((j) => j.ok && !j.data.joined && j.data.recruits === 26)).toBe(true);
    expect((await call('demo-newcomer', 'founding', 'join', { code: link.data.code })).code).toBe('PROFILE_REQUIRED');
  });

  it('joins through the membership flow: a 入会申请 to the enterprise’s town as 预备会员 of its unit, followed on the case page', async () => {
    const link = await call(CONTACT, 'founding', 'joinLink', { caseId: id });
    const preview = await call(WORKERS[0], 'founding', 'joinPreview', { code: link.data.code });
    expect(preview.data).toMatchObject({
      joined: true,
      memberOf: null,
      application: { title: '入会申请', statusLabel: '待工会审核' },
    });
    const mine = await cases(WORKERS[0], 'mine', {});
    expect(mine.data.items).toEqual([expect.objectContaining({ type: 'member_join', status: 'review' })]);
    const detail = await cases(WORKERS[0], 'get', { caseId: preview.data.application.caseId });
    expect(detail.data.form).toMatchObject({ unitName: '松滋示例机械有限公司', pending: true });
    // its note passed the content check (the founding function may call msgSecCheck): staff see it at once
    expect(detail.data.held).toBe(false);
    expect(detail.data.nodeId).toBe('t15');
    // the town's union decides, in its queue
    const queue = await cases(TOWN, 'queue', { type: 'member_join', limit: 100 });
    expect(queue.data.items.length).toBeGreaterThanOrEqual(WORKERS.length);
  });

  it('attacks on joining: another town’s worker, fifty taps, a member of another union, a refusal then a rescan', async () => {
    const link = (await call(CONTACT, 'founding', 'joinLink', { caseId: id })).data as {
      code: string;
      recruits: number;
    };
    const before = link.recruits;
    const profile = (n: number, home: string) => ({
      name: '钱示例',
      idNumber: makeIdNumber('421087', `1991${String(n).padStart(2, '0')}20`, 600 + n),
      homeVillageId: home,
      categories: ['worker'],
    });
    const [far, burst, member] = ['join-far', 'join-burst', 'join-member'];
    expect((await call(far, 'people', 'saveProfile', profile(1, 't03-v01'))).ok).toBe(true);
    expect((await call(burst, 'people', 'saveProfile', profile(2, 't15-v02'))).ok).toBe(true);
    expect((await call(member, 'people', 'saveProfile', profile(3, 't15-v03'))).ok).toBe(true);
    subscribeAll(cloud, [far, burst, member]);

    // a worker whose home is in another town joins the enterprise's town's union, not their own
    const farJoin = await call(far, 'founding', 'join', { code: link.code });
    expect(farJoin.data).toMatchObject({ joined: true, recruits: before + 1 });
    const farCase = await cases(TOWN, 'get', { caseId: farJoin.data.application.caseId });
    expect(farCase.data).toMatchObject({ nodeId: 't15', type: 'member_join' });
    expect((await cases('demo-town-t03', 'get', { caseId: farJoin.data.application.caseId })).code).toBe('NOT_FOUND');
    // refused by the town: no longer counted, and the worker may scan again
    expect((await act(TOWN, farJoin.data.application.caseId, 'refuse', { reason: '经核实不是该单位职工' })).ok).toBe(
      true,
    );
    const afterRefusal = await call(far, 'founding', 'joinPreview', { code: link.code });
    expect(afterRefusal.data).toMatchObject({ joined: false, application: null });

    // fifty taps at once: one recruit, one 入会申请
    const taps = await Promise.all(
      Array.from({ length: 50 }, () => call(burst, 'founding', 'join', { code: link.code })),
    );
    expect(taps.filter((t) => t.ok && t.data.joined)).toHaveLength(1);
    expect(taps.every((t) => t.ok)).toBe(true);
    const burstCases = (await cases(burst, 'mine', {})).data.items as { _id: string; type: string }[];
    expect(burstCases.map((c) => c.type)).toEqual(['member_join']);
    expect(((await call(CONTACT, 'founding', 'joinLink', { caseId: id })).data as { recruits: number }).recruits).toBe(
      before + 1,
    );
    expect((await act(burst, burstCases[0]._id, 'withdraw')).ok).toBe(true);

    // a member of another union (here the town's union, joined without a unit) is offered a transfer
    const joined = await call(member, 'membership', 'join', {});
    expect((await act(TOWN, joined.data.caseId, 'approve')).ok).toBe(true);
    const offered = await call(member, 'founding', 'joinPreview', { code: link.code });
    expect(offered.data).toMatchObject({ joined: false, memberOf: expect.stringContaining('万家乡') });
    const refused = await call(member, 'founding', 'join', { code: link.code });
    expect(refused).toMatchObject({ ok: false, code: 'CONFLICT', field: 'transfer' });
    expect(refused.message).toContain('转入本单位工会');
    const moved = await call(member, 'founding', 'join', { code: link.code, transfer: true });
    expect(moved.data).toMatchObject({ joined: true, application: { title: '会员关系转接' } });
    const transfer = await cases(member, 'get', { caseId: moved.data.application.caseId });
    expect(transfer.data.form).toMatchObject({ to: 'unit', toUnitName: '松滋示例机械有限公司' });
    const membership = (await call(member, 'membership', 'mine', {})).data;
    expect(membership.membership).toMatchObject({ status: 'member' });
    expect((await act(member, moved.data.application.caseId, 'withdraw')).ok).toBe(true);

    // what was refused or withdrawn no longer counts
    expect(((await call(CONTACT, 'founding', 'joinLink', { caseId: id })).data as { recruits: number }).recruits).toBe(
      before,
    );
  });

  it('says the join link is not configured, instead of a QR code that opens nothing, when UNION_JOIN_QR_URL is unset', async () => {
    process.env.UNION_JOIN_QR_URL = '';
    try {
      const link = await call(CONTACT, 'founding', 'joinLink', { caseId: id });
      expect(link).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(link.message).toMatch(/入会二维码的链接地址（UNION_JOIN_QR_URL）尚未配置/);
    } finally {
      delete process.env.UNION_JOIN_QR_URL;
    }
    expect((await call(CONTACT, 'founding', 'joinLink', { caseId: id })).ok).toBe(true);
  });

  it('takes the members only as recorded, then the groups only when they add up', async () => {
    const wrong = await act(CONTACT, id, 'finish_recruiting', { inputs: { step: { members: 30 } } });
    expect(wrong).toMatchObject({ ok: false, field: 'inputs.step.members' });
    expect(wrong.message).toContain('26 人');
    const done = await act(CONTACT, id, 'finish_recruiting', { inputs: { step: { members: 26 } } });
    expect(done.data.status).toBe('groups');
    const link = await call(CONTACT, 'founding', 'joinLink', { caseId: id });
    expect(link.code).toBe('PRECONDITION_FAILED');
    const groups = (a: number, b: number) => ({
      inputs: {
        step: {
          groups: [
            { name: '一车间小组', leader: '李明', members: a },
            { name: '二车间小组', leader: '赵强', members: b },
          ],
        },
      },
    });
    expect(await act(CONTACT, id, 'report_groups', groups(10, 10))).toMatchObject({ field: 'inputs.step.groups' });
    expect((await act(CONTACT, id, 'report_groups', groups(14, 12))).data.status).toBe('candidates');
  });

  const list = (committee: unknown[]) => ({
    inputs: {
      step: {
        assembly: 'members',
        committeeSeats: 3,
        auditSeats: 1,
        committee,
        audit: [candidate('周杰')],
      },
    },
  });
  const eligible = [
    candidate('王小红', { forChairman: true }),
    candidate('李明'),
    candidate('赵强'),
    candidate('孙丽'),
  ];

  it('refuses a chairman candidate who is the enterprise’s HR head, and as many candidates as seats', async () => {
    const hr = await act(
      CONTACT,
      id,
      'report_candidates',
      list([candidate('钱多', { post: 'hr_head', forChairman: true }), ...eligible.slice(1)]),
    );
    expect(hr).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      field: 'inputs.step.committee.0',
      message: '钱多是人力资源部门负责人，不能作为工会主席候选人',
    });
    const equal = await act(CONTACT, id, 'report_candidates', list(eligible.slice(0, 3)));
    expect(equal).toMatchObject({ field: 'inputs.step.committee' });
    expect((await act(CONTACT, id, 'report_candidates', list(eligible))).data.status).toBe('candidates_review');
  });

  it('publishes the list for 7 days: a client cannot end it, the timer does on the 7th day', async () => {
    expect((await act(TOWN, id, 'publish_candidates', { inputs: { opinion: '同意公示' } })).data.status).toBe('notice');
    expect((await act(CONTACT, id, 'end_notice')).code).toBe('FORBIDDEN');
    expect((await act(TOWN, id, 'end_notice')).code).toBe('FORBIDDEN');
    setClock(6.9 * DAY);
    expect((await timer()).noticesEnded).toBe(0);
    setClock(7 * DAY + 60_000);
    expect((await timer()).noticesEnded).toBe(1);
    const seen = await cases(CONTACT, 'get', { caseId: id });
    expect(seen.data).toMatchObject({ status: 'notice_review' });
    expect(seen.data.timeline.at(-1)).toMatchObject({ action: 'end_notice', actorName: '系统' });
    expect((await timer()).noticesEnded).toBe(0);
    expect((await act(TOWN, id, 'approve_candidates', { inputs: { opinion: '公示无异议，批准' } })).data.status).toBe(
      'election',
    );
  });

  const election = (present: number, votes: number[]) => ({
    inputs: {
      step: {
        due: 26,
        present,
        womenMembers: 25,
        committee: ['王小红', '李明', '赵强', '孙丽'].map((name, i) => ({ name, votes: votes[i] })),
        audit: [{ name: '周杰', votes: 17 }],
        chairman: '王小红',
        heldOn: '2026-12-20',
      },
    },
  });

  it('refuses an election without more than 2/3 present, and a winner without a majority of all due', async () => {
    // 2/3 of 26 is 17.33: 17 present is not enough, 18 is.
    const few = await act(CONTACT, id, 'report_election', election(17, [17, 16, 15, 2]));
    expect(few).toMatchObject({ field: 'inputs.step.present' });
    expect(few.message).toContain('三分之二');
    // 13 of 26 due is not more than half, though it is of the 18 present.
    const thin = await act(CONTACT, id, 'report_election', election(18, [17, 16, 13, 12]));
    expect(thin).toMatchObject({ field: 'inputs.step.committee' });
    expect(thin.message).toContain('14 票');
    expect((await act(CONTACT, id, 'report_election', election(18, [17, 16, 14, 5]))).data.status).toBe(
      'result_review',
    );
  });

  it('approves the result with a 文号 and a term, and the enterprise opens the 批复 PDF', async () => {
    expect((await call(CONTACT, 'founding', 'approval', { caseId: id })).code).toBe('PRECONDITION_FAILED');
    // The staff page asks for each as a written field: no founding-specific screen is needed for the 批复.
    const offered = (await cases(TOWN, 'get', { caseId: id })).data.availableActions;
    const approve = offered.find((a: { action: string }) => a.action === 'approve_result');
    expect(approve.inputs.map((i: { name: string; kind: string }) => `${i.name}:${i.kind}`)).toEqual([
      'docNumber:text',
      'termYears:text',
      'opinion:text',
    ]);
    const badNumber = await act(TOWN, id, 'approve_result', {
      inputs: { docNumber: '15号', termYears: '5', opinion: '同意选举结果' },
    });
    expect(badNumber).toMatchObject({ field: 'inputs.docNumber', message: '文号格式应如“松工〔2026〕15号”' });
    const badTerm = await act(TOWN, id, 'approve_result', {
      inputs: { docNumber: '万工〔2026〕15号', termYears: '6', opinion: '同意选举结果' },
    });
    expect(badTerm).toMatchObject({ field: 'inputs.termYears' });
    const approved = await act(TOWN, id, 'approve_result', {
      inputs: { docNumber: '万工〔2026〕15号', termYears: '5', opinion: '同意选举结果' },
    });
    expect(approved.data.status).toBe('women_committee');
    const doc = await call(CONTACT, 'founding', 'approval', { caseId: id });
    expect(doc.data).toMatchObject({
      docNumber: '万工〔2026〕15号',
      title: '关于同意松滋示例机械有限公司工会委员会选举结果的批复',
    });
    const pdf = Buffer.from(await (await fetch(doc.data.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    expect((await call(OTHER, 'founding', 'approval', { caseId: id })).code).toBe('NOT_FOUND');
  });

  it('sets up the women workers’ committee (25 women members), the profile, the registry and the certificate', async () => {
    const women = { inputs: { step: { chair: '孙丽', members: ['王小红', '周敏'] } } };
    expect((await act(CONTACT, id, 'report_women', women)).data.status).toBe('profile');
    const profile = {
      inputs: {
        step: { unionName: '松滋示例机械有限公司工会委员会', address: '万家乡工业园 8 号', fullTimeStaff: 0 },
      },
    };
    expect((await act(CONTACT, id, 'report_profile', profile)).data.status).toBe('registering');
    expect((await act(TOWN, id, 'register', { inputs: { opinion: '已核对，录入工会组织库' } })).data.status).toBe(
      'legal_person',
    );
    // the union in the registry: the elected officers, the audit committee's and the women's committee's heads
    const union = await call(TOWN, 'registry', 'union', { unionId: `founding-${id}` });
    expect(union.data.chairman).toMatchObject({ name: '王小红', post: '主席' });
    expect(union.data.committee.map((o: { post: string; name: string }) => `${o.post} ${o.name}`)).toEqual([
      '委员 李明',
      '委员 赵强',
      '经审会主任 周杰',
      '女职委主任 孙丽',
    ]);
    expect(union.data).toMatchObject({ memberCount: 26, founding: expect.stringContaining('万工〔2026〕15号') });
    const board = await call(TOWN, 'founding', 'board', {});
    expect(board.data).toMatchObject({ scopeName: '万家乡', foundedOnline: 1 });
  });
});
