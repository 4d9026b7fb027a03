/**
 * Consultations and the policy & FAQ library through the real SDK: the library offered before a
 * question, the message thread between person and staff, the inbox with unanswered first, close and rate.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeDemoPeople, type CallResult } from '../support/people';

jest.setTimeout(120_000);

const PERSON = 'demo-migrant-3'; // home village t15-v01
const OTHER = 'demo-migrant-2';
const COLLECTOR = 'demo-collector-t15-v01';
const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t02';
const ADMIN = 'demo-admin';

describe('consultations and the FAQ library', () => {
  let cloud: TestCloud;
  let n = 0;
  const call = (openid: string, fn: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(
      cloud,
      openid,
      fn,
      action,
      input,
      fn === 'cases' && action === 'submit' ? `consult-${Date.now()}-${(n += 1)}` : undefined,
    );
  const ask = (openid: string, question: string, category = 'school') =>
    call(openid, 'cases', 'submit', { type: 'consultation', form: { category, question } });
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const { data } = await call(openid, 'cases', 'get', { caseId });
    return call(openid, 'cases', 'act', { caseId, action, version: data.version, ...extra });
  };

  beforeAll(async () => {
    cloud = await startSeededCloud();
    // Everyone accepted the subscribe dialog: these tests read the messages themselves.
    subscribeDemoPeople(cloud);
  });
  afterAll(async () => cloud?.close());

  it('lets staff maintain the library in scope and people search it before asking', async () => {
    const cityWide = await call(ADMIN, 'library', 'save', {
      title: '农民工子女如何在松滋就读义务教育？',
      body: '持居住证及务工证明，向居住地所在乡镇中心学校申请入学，教育局统筹安排学位。',
      category: 'school',
      keywords: ['入学', '随迁子女'],
      scopeNodeId: 'city',
    });
    expect(cityWide).toMatchObject({ ok: true, data: { scopeNodeId: 'city', published: true } });
    const townEntry = await call(TOWN, 'library', 'save', {
      title: '万家乡困难职工帮扶申请流程',
      body: '向村（社区）信息采集员提出申请，乡镇工会审核后报市总工会审批。',
      category: 'hardship',
      keywords: ['困难', '帮扶'],
    });
    expect(townEntry.data).toMatchObject({ scopeNodeId: 't15' });
    // Town staff cannot write city-wide entries or another town's; nor edit outside their scope.
    expect(
      await call(TOWN, 'library', 'save', {
        title: '全市通用条目标题',
        body: '这是一个全市通用的条目正文内容。',
        category: 'policy',
        scopeNodeId: 'city',
      }),
    ).toMatchObject({ code: 'FORBIDDEN', field: 'scopeNodeId' });
    expect(
      (
        await call(OTHER_TOWN, 'library', 'save', {
          faqId: townEntry.data._id,
          title: '改别人的条目标题',
          body: '试图修改其他乡镇的条目内容。',
          category: 'policy',
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await call(PERSON, 'library', 'save', {
          title: '普通群众不能写条目',
          body: '普通群众不能维护政策库内容。',
          category: 'policy',
        })
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await call(ADMIN, 'library', 'save', {
          title: '含有赌博内容的标题',
          body: '这是正文内容，长度足够十个字。',
          category: 'policy',
        })
      ).code,
    ).toBe('CONTENT_RISKY');

    const found = await call(PERSON, 'library', 'search', { q: '孩子 入学' });
    expect(found.ok).toBe(true);
    const byKeyword = await call(PERSON, 'library', 'search', { q: '入学' });
    // Newest first; every hit mentions the keyword.
    expect(byKeyword.data.items[0]._id).toBe(cityWide.data._id);
    expect(
      byKeyword.data.items.every((e: { title: string; body: string; keywords: string[] }) =>
        `${e.title}${e.body}${e.keywords.join('')}`.includes('入学'),
      ),
    ).toBe(true);
    expect(
      (await call(PERSON, 'library', 'search', { category: 'hardship' })).data.items.map((e: { _id: string }) => e._id),
    ).toContain(townEntry.data._id);
    expect((await call(PERSON, 'library', 'search', { q: '.*' })).data.items).toEqual([]);
    expect((await call(PERSON, 'library', 'search', { q: { $ne: null } })).field).toBe('q');

    // Text the check cannot clear is saved unpublished: staff see it, people do not.
    const held = await call(TOWN, 'library', 'save', {
      title: '关于代办服务的说明',
      body: '乡镇工会可以为行动不便的职工代办帮扶申请。',
      category: 'hardship',
    });
    expect(held.data).toMatchObject({ published: false });
    expect((await call(PERSON, 'library', 'get', { faqId: held.data._id })).code).toBe('NOT_FOUND');
    expect((await call(TOWN, 'library', 'get', { faqId: held.data._id })).ok).toBe(true);

    expect((await call(TOWN, 'library', 'remove', { faqId: townEntry.data._id })).ok).toBe(true);
    expect((await call(PERSON, 'library', 'get', { faqId: townEntry.data._id })).code).toBe('NOT_FOUND');
  });

  it('lists the case types people can submit with their categories', async () => {
    const types = (await call(PERSON, 'cases', 'types', {})).data.types as {
      type: string;
      categories: { label: string }[];
    }[];
    const consultation = types.find((t) => t.type === 'consultation');
    expect(consultation?.categories.map((c) => c.label)).toEqual([
      '政策咨询',
      '创业就业',
      '子女入学',
      '困难帮扶',
      '权益维护',
    ]);
    expect(types.find((t) => t.type === 'appeal')?.categories.map((c) => c.label)).toEqual([
      '欠薪',
      '劳动合同',
      '工伤',
      '社会保险',
      '劳动安全',
      '其他',
    ]);
  });

  it('runs a thread: question → staff answer → follow-up → answer → close → rate', async () => {
    const asked = await ask(PERSON, '孩子明年想在镇上读初中，需要准备哪些材料？');
    expect(asked.data).toMatchObject({
      status: 'waiting',
      type: 'consultation',
      nodeId: 't15-v01',
      waitingSince: expect.any(String),
    });
    const id = asked.data._id;

    const inbox = await call(COLLECTOR, 'cases', 'queue', { type: 'consultation' });
    const item = inbox.data.items.find((c: { _id: string }) => c._id === id);
    expect(item).toMatchObject({ waitingMinutes: expect.any(Number), statusLabel: '待答复' });

    // The town may answer a village consultation too (any staff in scope).
    const answered = await act(TOWN, id, 'reply', { comment: '请准备户口簿、居住证和务工证明，到乡镇中心学校登记。' });
    expect(answered.data).toMatchObject({ status: 'answered', waitingSince: null });
    const followUp = await act(PERSON, id, 'comment', { comment: '没有居住证怎么办？' });
    expect(followUp.data.status).toBe('waiting');
    await act(COLLECTOR, id, 'reply', { comment: '可以到村委会开具居住证明代替。' });
    const thread = (await call(PERSON, 'cases', 'get', { caseId: id })).data;
    expect(thread.messages.map((m: { author: string }) => m.author)).toEqual(['staff', 'applicant', 'staff']);
    expect(thread.messages.every((m: { authorName: string }) => m.authorName.includes('*'))).toBe(true);

    expect((await act(PERSON, id, 'close')).data).toMatchObject({ status: 'closed', open: false });
    const rated = await act(PERSON, id, 'rate', { rating: { score: 5, satisfied: true } });
    expect(rated.data).toMatchObject({ status: 'rated', rating: { score: 5, satisfied: true } });
    expect(
      cloud.outbox({ openid: PERSON }).filter((m) => String((m as { page?: string }).page).includes(id)).length,
    ).toBeGreaterThanOrEqual(5);
  });

  it('shows unanswered consultations first in the inbox, oldest waiting first', async () => {
    const first = await ask(PERSON, '创业担保贷款怎么申请，需要什么条件？', 'employment');
    const second = await ask(PERSON, '工伤认定要多长时间，需要哪些材料？', 'rights');
    const answered = await ask(PERSON, '职工医疗互助保障怎么参加？', 'policy');
    await act(COLLECTOR, answered.data._id, 'reply', { comment: '由单位工会统一办理参保。' });
    const inbox = (await call(COLLECTOR, 'cases', 'queue', { type: 'consultation', limit: 100 })).data.items as {
      _id: string;
      status: string;
    }[];
    const order = inbox.map((c) => c._id);
    expect(order.indexOf(first.data._id)).toBeLessThan(order.indexOf(second.data._id));
    expect(order.indexOf(second.data._id)).toBeLessThan(order.indexOf(answered.data._id));
    const firstAnswered = inbox.findIndex((c) => c.status === 'answered');
    expect(inbox.slice(firstAnswered).every((c) => c.status === 'answered')).toBe(true);
  });

  it('keeps a thread private to its person and the staff in scope', async () => {
    const asked = await ask(PERSON, '请问困难职工认定标准是什么？', 'hardship');
    const id = asked.data._id;
    expect((await call(OTHER, 'cases', 'get', { caseId: id })).code).toBe('NOT_FOUND');
    expect((await call(OTHER_TOWN, 'cases', 'get', { caseId: id })).code).toBe('NOT_FOUND');
    expect(
      (await call(OTHER_TOWN, 'cases', 'act', { caseId: id, action: 'reply', version: 1, comment: '越权答复' })).code,
    ).toBe('NOT_FOUND');
    expect(
      (await call(PERSON, 'cases', 'act', { caseId: id, action: 'reply', version: 1, comment: '自己答复自己' })).code,
    ).toBe('FORBIDDEN');
    expect(
      (await call(PERSON, 'cases', 'act', { caseId: id, action: 'comment', version: 1, comment: '😀'.repeat(5) })).ok,
    ).toBe(true);
    expect(
      (await call(PERSON, 'cases', 'act', { caseId: id, action: 'comment', version: 2, comment: '字'.repeat(10_000) }))
        .field,
    ).toBe('comment');
  });

  it('publishes a 5000-character policy entry: msgSecCheck takes 2500, so long bodies are checked in parts', async () => {
    const body = '根据《工会法》和本市帮扶办法，困难职工可以申请帮扶。'.repeat(200).slice(0, 5000);
    const saved = await call(ADMIN, 'library', 'save', {
      title: '困难职工帮扶政策全文',
      body,
      category: 'hardship',
      keywords: ['帮扶'],
      scopeNodeId: 'city',
    });
    expect(saved).toMatchObject({ ok: true, data: { published: true } });
    // A risky word in the second part is still found.
    const risky = await call(ADMIN, 'library', 'save', {
      title: '困难职工帮扶政策全文（二）',
      body: body.slice(0, 4000) + '赌博' + body.slice(4002),
      category: 'hardship',
      keywords: ['帮扶'],
      scopeNodeId: 'city',
    });
    expect(risky).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'body' });
  });
});
