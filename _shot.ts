import { chromium } from 'playwright-core';
const [, , as, url, name, ...actions] = process.argv;
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 600, height: 900 }, locale: 'zh-CN' });
  await page.goto(`http://127.0.0.1:3105/?as=${as}&live=0&url=${encodeURIComponent(url)}`);
  for (let i = 0; i < 100; i++) {
    const f = page.frames().find((x) => /webview\.html/.test(x.url()));
    if (f && (await f.evaluate('document.documentElement.dataset.ready').catch(() => '')) === 'true') break;
    await page.waitForTimeout(200);
  }
  const frame = page.frames().find((x) => /webview\.html/.test(x.url()))!;
  await page.waitForTimeout(2500);
  for (const a of actions) {
    const [kind, arg] = a.split('=');
    if (kind === 'click') await frame.getByText(arg).first().click();
    if (kind === 'label') await frame.getByLabel(arg).first().click();
    if (kind === 'wait') await page.waitForTimeout(Number(arg));
    if (kind === 'scroll') await frame.evaluate(`window.scrollTo(0, ${arg})`);
  }
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/reg/shots/${name}.png` });
  const text = await frame.evaluate('document.body.innerText');
  console.log(String(text).slice(0, 1500));
  await browser.close();
})();
