/**
 * Activity posts (工作动态): a village posts a visit with photos and a video; the town reviews it — the video first
 * watched by a person (WeChat cannot check video), then published, featured or recommended to the city; risky text
 * is refused; the poster publishes directly only where the level above allows it and never with a video; the
 * monthly table counts posts, featured posts and the units that posted nothing.
 */
import type { TestCloud } from '../support/cloud';
import { callAs, startSeededCloud, subscribeAll, type CallResult } from '../support/people';
import { uploadAs } from '../support/uploads';

jest.setTimeout(300_000);

const TOWN = 'demo-town-t15';
const OTHER_TOWN = 'demo-town-t14';
const COLLECTOR = 'demo-collector-t15-v01';
const NEIGHBOUR = 'demo-collector-t15-v02';
const ADMIN = 'demo-admin';
const WORKER = 'demo-migrant-1';
/** The stored "video" (the local cloud does not decode it): its size is what the server reads back. */
const CLIP = Buffer.alloc(5_000_000, 7);

describe('activity posts', () => {
  let cloud: TestCloud;
  let seq = 0;
  const rid = () => `post-${Date.now()}-${(seq += 1)}-req`;
  const cases = (openid: string, action: string, input?: unknown): Promise<CallResult> =>
    callAs(cloud, openid, 'cases', action, input, rid());
  const act = async (openid: string, caseId: string, action: string, extra: Record<string, unknown> = {}) => {
    const current = await callAs(cloud, openid, 'cases', 'get', { caseId });
    if (!current.ok) return current;
    return cases(openid, 'act', { caseId, action, version: current.data.version, ...extra });
  };
  const video = async (openid: string) => {
    const p = await callAs(cloud, openid, 'cases', 'uploadPath', { ext: 'mp4' });
    const res = await fetch(`${cloud.url}/wx/uploadFile?cloudPath=${encodeURIComponent(p.data.cloudPath)}`, {
      method: 'POST',
      headers: { 'x-wx-openid': openid },
      body: CLIP,
    });
    return ((await res.json()) as { fileID: string }).fileID;
  };
  const post = (openid: string, form: Record<string, unknown>) =>
    cases(openid, 'submit', {
      type: 'post',
      form: {
        kind: 'visit',
        title: '走访困难职工',
        text: '村工会走访了三户困难职工家庭，送去米面油和慰问金。',
        ...form,
      },
    });
  let withVideo = '';

  beforeAll(async () => {
    cloud = await startSeededCloud();
    subscribeAll(cloud, [TOWN, COLLECTOR, ADMIN]);
    cloud.setContentRules({ risky: ['违禁词'] });
  });
  afterAll(async () => {
    delete process.env.UNION_POST_DIRECT_REVIEWERS;
    await cloud?.close();
  });

  it('lets a village post photos and a filmed video to its town, and nobody else post or see it', async () => {
    expect((await post(WORKER, {})).code).toBe('FORBIDDEN');
    expect(
      await post(COLLECTOR, { video: { fileID: await video(COLLECTOR), durationS: 75, sizeBytes: 1000 } }),
    ).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'form.video.durationS',
    });
    expect((await post(COLLECTOR, { photos: [await uploadAs(cloud, NEIGHBOUR)] })).field).toBe('form.photos.0');
    // A modified client claiming a smaller size than the file it stored is refused: the server reads the size back.
    expect(
      await post(COLLECTOR, { video: { fileID: await video(COLLECTOR), durationS: 42, sizeBytes: 1_000_000 } }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'form.video.sizeBytes' });
    const photos = [await uploadAs(cloud, COLLECTOR, '走访1'), await uploadAs(cloud, COLLECTOR, '走访2')];
    const created = await post(COLLECTOR, {
      photos,
      video: { fileID: await video(COLLECTOR), durationS: 42, sizeBytes: CLIP.length },
    });
    expect(created).toMatchObject({ ok: true, data: { status: 'in_review', statusLabel: '待审核' } });
    withVideo = created.data._id;
    expect((await callAs(cloud, OTHER_TOWN, 'cases', 'get', { caseId: withVideo })).code).toBe('NOT_FOUND');
    expect((await callAs(cloud, NEIGHBOUR, 'cases', 'get', { caseId: withVideo })).code).toBe('NOT_FOUND');
    const review = await callAs(cloud, TOWN, 'posts', 'list', { box: 'review' });
    expect(review.data.items).toEqual([
      expect.objectContaining({ caseId: withVideo, poster: '翠林山村', videoStatus: '视频待人工审核', photos: 2 }),
    ]);
  });

  it('holds the video for a person: no publishing before the town watched it, then published and featured', async () => {
    expect(await act(TOWN, withVideo, 'publish')).toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: '视频尚未人工审核，请先观看并确认',
    });
    expect((await act(COLLECTOR, withVideo, 'check_video', { inputs: { review: { watched: true } } })).code).toBe(
      'FORBIDDEN',
    );
    expect((await act(ADMIN, withVideo, 'publish')).code).toBe('FORBIDDEN');
    expect(await act(TOWN, withVideo, 'check_video', { inputs: { review: { watched: false } } })).toMatchObject({
      field: 'inputs.review.watched',
    });
    await act(TOWN, withVideo, 'check_video', { inputs: { review: { watched: true } } });
    expect((await callAs(cloud, TOWN, 'posts', 'list', { box: 'review' })).data.items[0].videoStatus).toBe('');
    expect((await act(TOWN, withVideo, 'publish')).data.status).toBe('published');
    const featured = await act(TOWN, withVideo, 'feature');
    expect(featured.data).toMatchObject({ status: 'featured', statusLabel: '已精选' });
    const feed = await callAs(cloud, ADMIN, 'posts', 'list', { box: 'feed' });
    expect(feed.data.items.map((p: { caseId: string }) => p.caseId)).toContain(withVideo);
  });

  it('refuses risky text, publishes directly only where allowed and without video, recommends up to the city', async () => {
    expect(await post(COLLECTOR, { text: '这是一段包含 违禁词 的测试内容，应当被拦截。' })).toMatchObject({
      code: 'CONTENT_RISKY',
    });
    const plain = await post(COLLECTOR, { kind: 'meeting', title: '月度例会' });
    expect((await act(COLLECTOR, plain.data._id, 'publish_direct')).code).toBe('PRECONDITION_FAILED');
    process.env.UNION_POST_DIRECT_REVIEWERS = 't15';
    const direct = await post(COLLECTOR, { kind: 'training', title: '安全生产培训' });
    // Functions read the variable at every call in the local cloud (same process).
    const published = await act(COLLECTOR, direct.data._id, 'publish_direct');
    expect(published.data.status).toBe('published');
    const recommended = await act(TOWN, direct.data._id, 'recommend');
    expect(recommended.data).toMatchObject({ status: 'recommended', statusLabel: '已推荐至市总' });
    expect((await act(TOWN, direct.data._id, 'feature')).code).toBe('FORBIDDEN');
    expect((await act(ADMIN, direct.data._id, 'feature')).data.status).toBe('featured');
    delete process.env.UNION_POST_DIRECT_REVIEWERS;
    const back = await act(TOWN, plain.data._id, 'return_post', { reason: '照片太少，请补充后重新发布' });
    expect(back.data.statusLabel).toBe('已退回');
  });

  it('counts a month per town: posts, featured, and the units that posted nothing', async () => {
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    expect((await callAs(cloud, COLLECTOR, 'posts', 'monthly', { month })).code).toBe('FORBIDDEN');
    const town = await callAs(cloud, TOWN, 'posts', 'monthly', { month });
    expect(town.data.towns).toHaveLength(1);
    expect(town.data.towns[0]).toMatchObject({ name: '万家乡', posts: 3, published: 2, featured: 2, units: 15 });
    expect(town.data.towns[0].silent).toHaveLength(14);
    expect(town.data.towns[0].silent).not.toContain('翠林山村');
    const city = await callAs(cloud, ADMIN, 'posts', 'monthly', { month });
    expect(city.data.towns.length).toBeGreaterThan(10);
    expect(city.data.summary).toMatch(/^\d{4}年\d+月：动态 3 条，精选 2 条，零报送 \d+ 个单位$/);
  });
});
