/**
 * The preview renders the real grid page: it loads the grid through the `grid` function as the selected person,
 * a tap on a town expands its villages, and the developer panel shows the invocation and the stored documents.
 */
import { openAs, screenshot, stepper, withPreview } from './support/harness';

const preview = withPreview();

test('grid page: loads the city grid, expands a town, shows the call in the developer panel', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'grid');
  const frame = await step('open the grid page as the city administrator', () =>
    openAs(page, preview.cloud.url, 'demo-admin', '/pages/grid/index'),
  );
  await step('the grid is loaded through the grid function', async () => {
    await frame.getByText('的服务网格').waitFor();
    await frame.getByText(/共 16 个乡镇/).waitFor();
    await page.locator('#nav-title').getByText('服务网格').waitFor();
  });
  await screenshot(page, 'grid-01-loaded');
  await step('a tap on a town shows its villages', async () => {
    const town = frame.getByRole('button', { name: /^南海镇/ });
    await town.click();
    await frame.getByText('柳坪村', { exact: true }).waitFor();
    await expectVisible(town, /收起/);
  });
  await screenshot(page, 'grid-02-town-open');
  await step('the developer panel lists the invocation and the grid documents', async () => {
    await page.getByRole('tab', { name: /Functions/ }).click();
    await page.locator('#invocations tr', { hasText: 'grid' }).first().waitFor();
    await page.getByRole('tab', { name: /Data/ }).click();
    await page.locator('#collections button', { hasText: /^grid_nodes$/ }).click();
    await page.locator('#documents .doc').first().waitFor();
  });
  await screenshot(page, 'grid-03-dev-panel');
});

async function expectVisible(locator: import('playwright-core').Locator, label: RegExp): Promise<void> {
  const text = (await locator.getAttribute('aria-label')) ?? '';
  expect(text).toMatch(label);
}
