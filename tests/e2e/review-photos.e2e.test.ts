/**
 * A reviewer sees the photos they must judge: the village collector opens a hardship application waiting for
 * village verification, sees the home-visit photo as a thumbnail and opens it full size; the image comes through
 * a short-lived link from the function (the storage rules keep the file itself from every other phone). Town staff
 * of another town get "not found", and the applicant sees their own admission letter on their application page.
 */
import { openAs, screenshot, stepper, withPreview } from './support/harness';

const COLLECTOR = 'demo-collector-t15-v01';
const OTHER_TOWN = 'demo-town-t14';
const MIGRANT = 'demo-migrant-1';

const preview = withPreview();

interface StoredApplication {
  caseId: string;
  openid: string;
  homeVisits: { photoFileIds: string[] }[];
  child?: { admissionLetterFileId: string };
}

async function applications(): Promise<StoredApplication[]> {
  const res = await fetch(`${preview.cloud.url}/dev/collections/aid_applications?limit=100`);
  return ((await res.json()) as { documents: StoredApplication[] }).documents;
}

test('review photos: thumbnails that open full size, through the scope-checked function', async () => {
  const page = preview.page;
  await page.setViewportSize({ width: 1100, height: 900 });
  const step = stepper(() => page, 'review-photos');
  const visited = (await applications()).find((a) => a.homeVisits.length > 0);
  const lettered = (await applications()).find((a) => a.openid === MIGRANT && a.child);
  expect(visited && lettered).toBeTruthy();
  const photo = visited!.homeVisits[0].photoFileIds[0];

  const frame = await step('the collector opens the application waiting for village verification', async () => {
    const f = await openAs(page, preview.cloud.url, COLLECTOR, `/staff/pages/case/index?id=${visited!.caseId}`);
    await f.getByText('录取通知书和入户核实照片').first().waitFor({ timeout: 20_000 });
    return f;
  });

  await step('the home-visit photo shows as a thumbnail from a short-lived link', async () => {
    const thumb = frame.getByRole('button', { name: /^查看大图：入户核实照片/ });
    await thumb.waitFor({ timeout: 20_000 });
    const src = String(await thumb.locator('img').first().getAttribute('src'));
    expect(src).toMatch(/\/storage\/uploads\/.+\?e=\d+&sign=/);
    expect(src).not.toContain('cloud://');
    await thumb.scrollIntoViewIfNeeded();
  });
  await screenshot(page, 'review-photos-01-thumbnail');

  await step('tapping it opens the photo full size', async () => {
    await frame.getByRole('button', { name: /^查看大图：入户核实照片/ }).click();
    const preview = page.getByRole('dialog', { name: '图片预览' });
    await preview.waitFor();
    expect(await preview.locator('img').getAttribute('src')).toMatch(/\/storage\/uploads\/.+sign=/);
  });
  await screenshot(page, 'review-photos-02-full-size');

  await step('the file itself is the uploader’s alone: the storage rules refuse the reviewer', async () => {
    const direct = await fetch(
      `${preview.cloud.url}/wx/file?fileID=${encodeURIComponent(photo)}&openid=${encodeURIComponent(OTHER_TOWN)}`,
    );
    expect(direct.status).toBe(403);
  });

  await step('town staff of another town find nothing', async () => {
    const f = await openAs(page, preview.cloud.url, OTHER_TOWN, `/staff/pages/case/index?id=${visited!.caseId}`);
    await f.getByText(/没有找到这件事项/).waitFor({ timeout: 20_000 });
  });

  await step('the applicant sees their own admission letter on their application page', async () => {
    const f = await openAs(page, preview.cloud.url, MIGRANT, `/pages/aid-application/index?id=${lettered!.caseId}`);
    const letter = f.getByRole('button', { name: '查看大图：录取通知书' });
    await letter.waitFor({ timeout: 20_000 });
    await letter.scrollIntoViewIfNeeded();
  });
  await screenshot(page, 'review-photos-03-applicant-letter');
});
