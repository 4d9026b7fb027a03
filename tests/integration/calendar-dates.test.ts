/**
 * Impossible dates are refused by the functions, naming the field, and nothing is written: the city
 * administrator's holiday calendar, a home visit's date, a round's dates.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';

jest.setTimeout(60_000);

const ADMIN = 'demo-admin';
const IMPOSSIBLE = ['2026-02-30', '2026-13-01', '2025-02-29', '0000-00-00'];

describe('calendar dates in the functions', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
  });
  afterAll(async () => {
    await cloud?.close();
  });

  test.each(IMPOSSIBLE)('cases.setHoliday refuses %p and stores nothing', async (date) => {
    const r = await callAs(cloud, ADMIN, 'cases', 'setHoliday', { date, kind: 'holiday', name: '测试假日' });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'date' });
    expect(r.message).toMatch(/日期/);
    expect(await cloud.db.find('holidays', { limit: 10 })).toEqual([]);
  });

  test('cases.setHoliday takes a real day, 2028-02-29 included', async () => {
    const r = await callAs(cloud, ADMIN, 'cases', 'setHoliday', {
      date: '2028-02-29',
      kind: 'holiday',
      name: '测试假日',
    });
    expect(r).toMatchObject({ ok: true, data: { date: '2028-02-29' } });
  });

  test.each(IMPOSSIBLE)('aid.addHomeVisit refuses the visit date %p before anything else', async (visitedOn) => {
    const r = await callAs(cloud, 'demo-collector-t15-v01', 'aid', 'addHomeVisit', {
      caseId: 'no-such-case',
      visitedOn,
      findings: '家中实际情况与申报一致',
      photoFileIds: [],
    });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'visitedOn' });
  });
});
