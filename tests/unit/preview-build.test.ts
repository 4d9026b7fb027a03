/**
 * The preview's server-side preparation of the mini-program: WXSS → CSS (rpx, built-in tags, class prefixes,
 * at-rules), and the build of the real `miniprogram/` (every app.json page has its files and compiled module).
 */
import path from 'node:path';
import { buildApp } from '../../local/preview/build';
import { rpxToPx, transformSelector, transformWxss } from '../../local/preview/wxss';

describe('preview WXSS', () => {
  it('scales rpx for a 375 px phone', () => {
    expect(rpxToPx('padding: 20rpx 7rpx; margin: -10rpx; width: 750rpx; height: 0.5rpx')).toBe(
      'padding: 10px 3.5px; margin: -5px; width: 375px; height: 0.25px',
    );
  });

  it('maps built-in tags, prefixes classes and leaves attribute selectors and pseudo-elements alone', () => {
    expect(transformSelector('page', 'p1')).toBe('wx-page');
    expect(transformSelector('.card > view.title text', 'p1')).toBe('.p1--card > wx-view.p1--title wx-text');
    expect(transformSelector('button[type="primary"]::after', 'c2')).toBe('wx-button[type="primary"]::after');
    expect(transformSelector('.a:not(.b) + input', 'c2')).toBe('.c2--a:not(.c2--b) + wx-input');
    expect(transformSelector('.view .page-head', null)).toBe('.view .page-head');
  });

  it('walks @media blocks, keeps @keyframes and statements, drops comments', () => {
    const css = transformWxss(
      '@charset "utf-8"; /* note */ .a { width: 100rpx } @media (min-width: 300px) { .b, view { color: red } } ' +
        '@keyframes spin { from { opacity: 0 } to { opacity: 1 } }',
      'p9',
    );
    expect(css).toContain('@charset "utf-8";');
    expect(css).toContain('.p9--a{ width: 50px }');
    expect(css).toContain('@media (min-width: 300px){.p9--b,wx-view{ color: red }');
    expect(css).toContain('@keyframes spin{ from { opacity: 0 } to { opacity: 1 } }');
    expect(css).not.toContain('note');
  });
});

describe('preview build of the real mini-program', () => {
  jest.setTimeout(60_000);

  it('compiles every page and component listed in app.json, with styles and templates', async () => {
    const { manifest, files } = await buildApp(path.resolve(__dirname, '..', '..', 'miniprogram'));
    expect(manifest.error).toBeUndefined();
    expect(manifest.missing).toEqual([]);
    expect(manifest.pages.length).toBeGreaterThan(3);
    for (const route of manifest.pages) {
      const page = manifest.components[route];
      expect(page.isPage).toBe(true);
      expect(page.wxml.trim()).not.toBe('');
      expect(page.js).toMatch(new RegExp(`^/preview/app/${route}\\.js\\?v=`));
      expect(files.has(`/preview/app/${route}.js`)).toBe(true);
    }
    expect(manifest.notes).toEqual([]);
  });
});
