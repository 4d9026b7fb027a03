/**
 * An import above 20,000 rows: the finishing step counts every row from the outcomes stored on the chunks (without
 * decrypting them) and the result workbook lists only the rows refused or with a warning, each with its line in
 * the uploaded file — chunks where every row went through are not decrypted at all. Counts and the listed rows
 * must be exactly those of the file, wherever in it the problem rows are (first chunk, a middle one, the last).
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { creditCode, importUntilDone, readSheet, rowOf, uploadBytesAs, workbookOf } from '../support/registry';
import { fakeIdNumber, fakeName, fakePhone } from '../../scripts/seed/people';
import { FULL_RESULT_ROWS, LINE_COLUMN } from '../../domain/registry/import/result';

jest.setTimeout(600_000);

const ADMIN = 'demo-admin';
const ROWS = FULL_RESULT_ROWS + 1_500;

describe('registry import: a result workbook of only the problem rows', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => cloud?.close());

  it('counts every row and lists exactly the refused and warned rows with their lines', async () => {
    const base = 700_000;
    const person = (i: number) => ({
      姓名: fakeName(base + i),
      身份证号: fakeIdNumber(base + i),
      手机号: fakePhone(base + i),
      户籍乡镇: '万家乡',
      '户籍村（社区）': '翠林山村',
      务工城市: '深圳',
    });
    const rows = Array.from({ length: ROWS }, (_, i) => rowOf('migrants', person(i)));
    // Sheet line = index + 2 (line 1 is the header). Problems in the first chunk, a middle one and the last.
    rows[3] = rowOf('migrants', { ...person(3), 身份证号: '421087199901011234' }); // wrong check digit
    rows[12_345] = rowOf('migrants', person(7)); // repeats line 9
    rows[ROWS - 1] = rowOf('migrants', { ...person(ROWS - 1), 单位统一社会信用代码: creditCode(9876) }); // warning
    const fileID = await uploadBytesAs(cloud, ADMIN, await workbookOf('migrants', rows));
    const started = await callAs(cloud, ADMIN, 'registry', 'startImport', { kind: 'migrants', fileID });
    expect(started.ok).toBe(true);
    const done = await importUntilDone(cloud, ADMIN, started.data.jobId, 400);
    expect(done.data).toMatchObject({ status: 'done' });
    expect(done.data.counts).toEqual({
      rows: ROWS,
      added: ROWS - 2,
      updated: 0,
      unchanged: 0,
      refused: 2,
      warnings: 1,
    });
    const people = await cloud
      .sdkApp()
      .database()
      .collection('people')
      .where({ importJobId: started.data.jobId })
      .count();
    expect(people.total).toBe(ROWS - 2);

    const result = await readSheet(
      (await callAs(cloud, ADMIN, 'registry', 'importResult', { jobId: started.data.jobId })).data.tempFileURL,
    );
    const header = result[0];
    const line = header.indexOf(LINE_COLUMN);
    expect(line).toBeGreaterThan(0);
    const listed = result.slice(1).map((r) => ({ line: Number(r[line]), outcome: r[header.indexOf('结果')] }));
    expect(listed).toEqual([
      { line: 5, outcome: '未导入' },
      { line: 12_347, outcome: '未导入' },
      { line: ROWS + 1, outcome: '新增' },
    ]);
    const reasons = result.slice(1).map((r) => r[header.indexOf('原因')]);
    expect(reasons[0]).toContain('身份证号');
    expect(reasons[1]).toContain('与第 9 行的身份证号重复');
    expect(reasons[2]).toContain('单位统一社会信用代码');
  });
});
