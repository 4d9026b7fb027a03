/**
 * Every limited text field takes its limit from the contract, refuses input past it and shows a counter, so a
 * 6,400-character paste is never cut to 2,000 without the person seeing it (issue 12 item 17).
 */
import fs from 'fs';
import path from 'path';
import { loadPage, MINIPROGRAM_ROOT } from './support';

/** Every `.wxml` of the mini-program (pages and components). */
function wxmlFiles(dir = MINIPROGRAM_ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'miniprogram_npm' ? [] : wxmlFiles(full);
    return e.name.endsWith('.wxml') ? [full] : [];
  });
}

/** The opening tags of the text controls in a template. */
const controls = (wxml: string) => [...wxml.matchAll(/<(textarea|input)\b[^>]*?\/>/gs)].map((m) => m[0]);

describe('text limits', () => {
  it('every textarea and text input takes its limit from the contract (WeChat would cut at 140 otherwise)', () => {
    const missing: string[] = [];
    for (const file of wxmlFiles()) {
      const wxml = fs.readFileSync(file, 'utf8');
      for (const tag of controls(wxml)) {
        const fixedFormat = /type="(number|digit|idcard)"/.test(tag) || /maxlength="\d+"/.test(tag);
        if (/<input/.test(tag) && fixedFormat) continue;
        if (!/maxlength="\{\{[^}]*limits\.[A-Za-z]+/.test(tag))
          missing.push(`${path.relative(MINIPROGRAM_ROOT, file)}: ${tag.slice(0, 80)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every textarea has a counter', () => {
    for (const file of wxmlFiles()) {
      const wxml = fs.readFileSync(file, 'utf8');
      const areas = controls(wxml).filter((t) => t.startsWith('<textarea')).length;
      expect({
        file: path.relative(MINIPROGRAM_ROOT, file),
        counters: (wxml.match(/<char-count\b/g) ?? []).length >= areas,
      }).toEqual({
        file: path.relative(MINIPROGRAM_ROOT, file),
        counters: true,
      });
    }
  });

  it('the appeal’s facts refuse more than the contract’s 2,000 characters and say so at the limit', async () => {
    const page = loadPage('pages/appeal/index');
    await page.settle();
    expect(page.instance.data.limits).toEqual({ facts: 2000, employer: 60, workCity: 30 });
    expect(page.text()).toContain('0 / 2000');
    await page.type('#facts', '欠'.repeat(2000));
    expect(page.text()).toContain('2000 / 2000');
    expect(page.text()).toContain('已到字数上限');
  });

  it.each([
    ['pages/consult/index', ['question', 'q']],
    ['pages/notice/index', ['reason']],
    ['pages/profile/index', ['name', 'workCity', 'employer']],
    ['pages/my-data/index', ['workCity', 'employer', 'reason']],
    ['pages/aid-apply/index', ['applicantName', 'school', 'description', 'bankName', 'comment']],
    ['pages/case/index', ['comment']],
    ['staff/pages/case/index', ['comment', 'findings']],
    ['staff/pages/library/index', ['title', 'body']],
    ['staff/pages/rounds/index', ['title', 'objectionContact']],
    ['staff/pages/notices/index', ['reply']],
    ['staff/pages/requests/index', ['note']],
    ['staff/pages/people/index', ['name', 'q']],
  ])('%s knows a limit for each of its fields', (page, fields) => {
    const limits = loadPage(page).instance.data.limits as Record<string, number>;
    for (const field of fields) expect({ field, limit: limits[field] > 0 }).toEqual({ field, limit: true });
  });
});
