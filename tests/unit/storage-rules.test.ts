/**
 * Storage security rules: the evaluator follows CloudBase's rule language, and the repo's rules
 * (`database/storage-rules.json`) let a person read and write only their own uploads, only where uploads go.
 */
import path from 'node:path';
import { compileRule, loadStorageRules, type RuleContext } from '../../local/cloud/storage-rules';
import { newUploadPath } from '../../domain/cases/uploads';
import { UPLOAD_EXTENSIONS } from '../../typings/cases';

const ctx = (auth: RuleContext['auth'], openid: string, p = 'uploads/x.jpg'): RuleContext => ({
  auth,
  resource: { openid, path: p },
});
const me = { openid: 'o-me', loginType: 'WECHAT-OPEN' };

describe('the rule language', () => {
  it('should take booleans and deny what is missing', () => {
    expect(compileRule(true)(ctx(null, ''))).toBe(true);
    expect(compileRule(false)(ctx(me, 'o-me'))).toBe(false);
    expect(compileRule(undefined)(ctx(me, 'o-me'))).toBe(false);
  });

  it('should compare names and literals, with && || ! and parentheses', () => {
    const rule = compileRule("auth != null && (resource.openid == auth.openid || auth.loginType == 'ADMIN')");
    expect(rule(ctx(me, 'o-me'))).toBe(true);
    expect(rule(ctx(me, 'o-other'))).toBe(false);
    expect(rule(ctx({ openid: 'o-x', loginType: 'ADMIN' }, 'o-other'))).toBe(true);
    expect(rule(ctx(null, 'o-me'))).toBe(false);
    expect(compileRule('!(auth == null)')(ctx(me, ''))).toBe(true);
    expect(compileRule('now > 0')(ctx(null, ''))).toBe(true);
  });

  it('should test regular-expression literals against a value', () => {
    const rule = compileRule('/^public\\//.test(resource.path) == true');
    expect(rule(ctx(null, '', 'public/a.png'))).toBe(true);
    expect(rule(ctx(null, '', 'private/a.png'))).toBe(false);
  });

  it('should deny when an expression cannot be evaluated (a property of null auth, an unknown name)', () => {
    expect(compileRule('resource.openid == auth.openid')(ctx(null, 'o-me'))).toBe(false);
    expect(compileRule('whoever == 1')(ctx(me, 'o-me'))).toBe(false);
  });

  it('should refuse a rule it cannot parse when loaded', () => {
    expect(() => compileRule('auth.openid ==')).toThrow();
    expect(() => compileRule('auth.openid = 1')).toThrow();
    expect(() => compileRule('/abc/.match(resource.path)')).toThrow();
  });
});

describe("the repo's storage rules", () => {
  const rules = loadStorageRules(path.resolve(__dirname, '..', '..', 'database', 'storage-rules.json'));
  const own = newUploadPath('o-me', 'jpg', new Date('2026-03-01T00:00:00Z')).cloudPath;

  it('should let a person read their own upload and nobody else, signed in or not', () => {
    expect(rules.read(ctx(me, 'o-me', own))).toBe(true);
    expect(rules.read(ctx({ openid: 'o-other' }, 'o-me', own))).toBe(false);
    expect(rules.read(ctx(null, 'o-me', own))).toBe(false);
  });

  it('should keep files the functions wrote (no uploader) from every client', () => {
    expect(rules.read(ctx(me, '', 'aid-exports/b1/2026-03-01-x.csv'))).toBe(false);
    expect(rules.write(ctx(me, '', 'aid-exports/b1/2026-03-01-x.csv'))).toBe(false);
  });

  it.each(UPLOAD_EXTENSIONS)('should let a person upload a .%s where cases.uploadPath puts it', (ext) => {
    const p = newUploadPath('o-me', ext, new Date()).cloudPath;
    expect(rules.write(ctx(me, 'o-me', p))).toBe(true);
  });

  it('should refuse writes elsewhere, of other types, over or of another person’s file, and anonymous ones', () => {
    expect(rules.write(ctx(me, 'o-me', 'aid-exports/b1/x.csv'))).toBe(false);
    expect(rules.write(ctx(me, 'o-me', 'uploads/zz/202603/abcdefgh12.jpg'))).toBe(false);
    expect(rules.write(ctx(me, 'o-me', own.replace(/\.jpg$/, '.html')))).toBe(false);
    expect(rules.write(ctx(me, 'o-me', `${own}/../../x.jpg`))).toBe(false);
    expect(rules.write(ctx(me, 'o-other', own))).toBe(false);
    expect(rules.write(ctx(null, 'o-me', own))).toBe(false);
  });
});
