/**
 * Labour-contract signing, workers' congresses (with their rules: size, front-line ≥ 50%, managers ≤ 20%,
 * quorum, resolutions passed by a majority of all delegates), proposals (提案) through to the proposer's
 * satisfaction, and the views per town and for the city with their export — each inside the caller's scope.
 */
import ExcelJS from 'exceljs';
import type { TestCloud } from '../support/cloud';
import { startSeededCloud } from '../support/people';
import { ADMIN, COLLECTOR, OTHER_TOWN, TOWN, addUnits, agreementCalls, dayClock } from '../support/agreements';

jest.setTimeout(300_000);

const { today } = dayClock();

describe('congresses, labour contracts, proposals and the views', () => {
  let cloud: TestCloud;
  const { agreements, cases, act, rid } = agreementCalls(() => cloud, 'cv');
  const session = (extra: Record<string, unknown> = {}) => ({
    unitId: 'unit-t15-a',
    termNo: 3,
    sessionNo: 1,
    heldOn: today(),
    form: 'delegates',
    delegatesTotal: 30,
    present: 25,
    frontLine: 16,
    managers: 6,
    women: 10,
    agenda: ['审议工资专项集体合同草案', '听取厂务公开情况报告'],
    resolutions: [{ title: '通过 2027 年工资专项集体合同', inFavour: 22, against: 2, abstain: 1 }],
    openAffairs: [{ item: '2026 年度职工福利费使用情况', disclosedOn: today() }],
    ...extra,
  });

  beforeAll(async () => {
    cloud = await startSeededCloud();
    await addUnits(cloud, [
      {
        id: 'unit-t15-a',
        name: '松滋示例机械有限公司',
        townId: 't15',
        employees: 260,
        creditCode: '91421087MA0000011X',
      },
      { id: 'unit-t15-b', name: '松滋示例食品厂', townId: 't15', employees: 60, creditCode: '91421087MA0000012X' },
      {
        id: 'unit-t14-a',
        name: '松滋示例纺织有限公司',
        townId: 't14',
        employees: 500,
        creditCode: '91421087MA0000013X',
      },
    ]);
  });
  afterAll(async () => {
    await cloud?.close();
  });

  it('records labour-contract signing inside the scope, with the rate', async () => {
    const rec = { unitId: 'unit-t15-a', recordedOn: today(), employees: 260, signed: 256 };
    expect(await agreements(TOWN, 'recordLabour', rec)).toMatchObject({ ok: true, data: { rate: '98.5%' } });
    expect(await agreements(TOWN, 'recordLabour', { ...rec, signed: 261 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'signed',
    });
    expect(await agreements(OTHER_TOWN, 'recordLabour', rec)).toMatchObject({ code: 'INVALID_INPUT', field: 'unitId' });
    expect((await agreements('demo-migrant-1', 'recordLabour', rec)).code).toBe('FORBIDDEN');
  });

  it('checks a congress session’s rules and keeps one record per 届/次', async () => {
    const refused = async (extra: Record<string, unknown>) => agreements(TOWN, 'recordSession', session(extra));
    expect(await refused({ delegatesTotal: 29, present: 25, frontLine: 15, managers: 5 })).toMatchObject({
      field: 'delegatesTotal',
      message: '职工 260 人的单位，职工代表不少于 30 名',
    });
    expect(await refused({ frontLine: 14 })).toMatchObject({
      field: 'frontLine',
      message: '一线职工代表 14 名，不足代表总数的 50%（至少 15 名）',
    });
    expect((await refused({ frontLine: 15 })).ok).toBe(true);
    expect(await refused({ sessionNo: 2, managers: 7 })).toMatchObject({
      field: 'managers',
      message: '中层以上管理人员代表 7 名，超过代表总数的 20%（至多 6 名）',
    });
    expect(await refused({ sessionNo: 2, present: 19 })).toMatchObject({ field: 'present' });
    expect(await refused({ sessionNo: 2, present: 20, resolutions: [] })).toMatchObject({ ok: true });
    expect(await refused({ sessionNo: 2 })).toMatchObject({ code: 'DUPLICATE' });
    // A small unit meets as an assembly of all workers.
    expect(await refused({ unitId: 'unit-t15-b', delegatesTotal: 60, present: 45 })).toMatchObject({ field: 'form' });
    const assembly = await refused({ unitId: 'unit-t15-b', form: 'assembly', delegatesTotal: 60, present: 45 });
    expect(assembly.data.lines[0]).toContain('职工大会：应到 60 人，实到 45 人（75%）');
    expect(await agreements(OTHER_TOWN, 'recordSession', session({ sessionNo: 9 }))).toMatchObject({ field: 'unitId' });
    const view = await agreements(TOWN, 'enterprise', { unitId: 'unit-t15-a' });
    expect(view.data.sessions[0].lines).toEqual(
      expect.arrayContaining([
        '决议“通过 2027 年工资专项集体合同”：赞成 22，反对 2，弃权 1，通过',
        `厂务公开：${today()} 2026 年度职工福利费使用情况`,
      ]),
    );
    expect(view.data.labour[0].line).toBe(`${today()}：职工 260 人，已签订劳动合同 256 人，签订率 98.5%`);
  });

  it('takes a proposal from collection through its reply to the proposer’s satisfaction (unsatisfied redoes it)', async () => {
    const filed = await cases(
      TOWN,
      'submit',
      {
        type: 'congress_proposal',
        form: {
          unitId: 'unit-t15-a',
          title: '改善夜班职工就餐条件',
          measures: '夜班增设热食窗口，延长食堂供餐时间至 24 时',
          proposer: '张测试',
          seconders: '李测试、王测试',
        },
      },
      rid(),
    );
    expect(filed.data).toMatchObject({ status: 'collected', applicantName: '松滋示例机械有限公司' });
    const id = filed.data._id as string;
    expect((await act(OTHER_TOWN, id, 'accept_proposal', { inputs: { opinion: '同意立案' } })).code).toBe('NOT_FOUND');
    await act(TOWN, id, 'accept_proposal', { inputs: { opinion: '符合提案条件，同意立案' } });
    await act(TOWN, id, 'assign', { inputs: { opinion: '转后勤部办理，30 日内书面答复' } });
    await act(TOWN, id, 'answer_proposal', { inputs: { opinion: '已增设热食窗口，供餐延长至 23 时' } });
    const back = await act(TOWN, id, 'unsatisfied', { reason: '供餐时间未达到提案要求' });
    expect(back.data.status).toBe('assigned');
    await act(TOWN, id, 'answer_proposal', { inputs: { opinion: '供餐时间已延长至 24 时' } });
    const done = await act(TOWN, id, 'satisfied');
    expect(done.data.statusLabel).toBe('提案人满意，已办结');
    // The enterprise's page lists it, in words; another town's staff do not see the enterprise at all.
    const view = await agreements(TOWN, 'enterprise', { unitId: 'unit-t15-a' });
    expect(view.data.proposals).toEqual([
      {
        caseId: id,
        title: '改善夜班职工就餐条件',
        statusLabel: '提案人满意，已办结',
        line: `提案人 张测试 · ${today()} 登记`,
      },
    ]);
    expect((await agreements(OTHER_TOWN, 'enterprise', { unitId: 'unit-t15-a' })).ok).toBe(false);
  });

  it('shows each town its enterprises and the city all, and exports within scope (audited)', async () => {
    const town = await agreements(TOWN, 'board', {});
    expect(town.data.summary).toBe(
      `万家乡企业 2 家：集体合同有效 0 家，无有效合同 2 家；60 天内到期 0 份，逾期未办 0 份；${today().slice(0, 4)} 年未召开职代会 0 家`,
    );
    expect(town.data.rows.map((r: { name: string }) => r.name)).toEqual(['松滋示例机械有限公司', '松滋示例食品厂']);
    expect(town.data.rows[0]).toMatchObject({ contracts: '无集体合同', flags: ['no_contract'] });
    expect((await agreements(TOWN, 'board', { nodeId: 't14' })).code).toBe('FORBIDDEN');
    expect((await agreements(TOWN, 'board', { nodeId: 'city' })).code).toBe('FORBIDDEN');
    expect((await agreements(COLLECTOR, 'board', {})).data.rows).toEqual([]);
    const city = await agreements(ADMIN, 'board', {});
    expect(city.data.counts).toMatchObject({ enterprises: 3, noContract: 3, noCongress: 1 });
    expect(city.data.summary.startsWith('全市企业 3 家')).toBe(true);

    expect((await agreements(OTHER_TOWN, 'exportBoard', { nodeId: 't15' })).code).toBe('FORBIDDEN');
    const out = await agreements(TOWN, 'exportBoard', {});
    expect(out.data.fileName).toMatch(/^万家乡集体合同和职代会-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await (await fetch(out.data.url)).arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('企业集体合同和职代会')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(6).value).toBe('无有效合同');
    const audit = await cloud
      .sdkApp()
      .database()
      .collection('audit_log')
      .where({ action: 'agreement.exportBoard' })
      .get();
    expect(audit.data).toHaveLength(1);
  });
});
