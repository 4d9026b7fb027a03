/** The aid demo seed: applications at every step, through the real code, readable by the demo people. */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud } from '../support/people';
import { seedAid } from '../../scripts/seed/aid';

jest.setTimeout(120_000);

describe('aid demo seed', () => {
  let cloud: TestCloud;
  beforeAll(async () => {
    cloud = await startSeededCloud();
    await seedAid(cloud.sdkApp(), cloud.devKeys);
  });
  afterAll(async () => cloud?.close());

  it('shows each demo applicant a different step, and the public one notice', async () => {
    const stage = async (openid: string) =>
      (await callAs(cloud, openid, 'aid', 'mine')).data.items.map((i: { stage: string }) => i.stage);
    expect(await stage('demo-migrant-1')).toEqual(['paid']);
    expect(await stage('demo-hardship-1')).toEqual(['in_notice']);
    expect(await stage('demo-hardship-2')).toEqual(['in_review']);
    expect(await stage('demo-worker-1')).toEqual(['in_review']);
    const notices = await callAs(cloud, 'o-anyone', 'aid', 'notices');
    expect(notices.data.notices).toHaveLength(1);
    const rounds = await callAs(cloud, 'demo-migrant-3', 'aid', 'rounds');
    expect(rounds.data.rounds).toHaveLength(2);
    const visited = (await callAs(cloud, 'demo-worker-1', 'aid', 'mine')).data.items[0].caseId;
    expect(
      (await callAs(cloud, 'demo-collector-t15-v01', 'aid', 'application', { caseId: visited })).data.homeVisits,
    ).toHaveLength(1);
  });
});
