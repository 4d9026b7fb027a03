/**
 * CloudBase storage security rules, evaluated the way CloudBase applies them to CLIENT requests (the mini-program's
 * `wx.cloud.uploadFile` / `getTempFileURL` / `deleteFile` / `downloadFile`); functions and admin scripts bypass
 * them, as they do on CloudBase. The rules are the repo's `database/storage-rules.json` (`npm run deploy` applies
 * them as the bucket's CUSTOM rules): `{ "rules": { "read": <expr>, "write": <expr> } }`, each `true`, `false` or an
 * expression over
 *
 * - `auth`: the caller, `null` when not signed in; `auth.openid` (mini-program users), `auth.uid`, `auth.loginType`;
 * - `resource`: the file, `resource.openid` (who uploaded it — for a new upload, the uploader) and `resource.path`
 *   (its path in the bucket, no leading `/`);
 * - `now` (ms);
 *
 * with `==`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, `!`, parentheses, string/number/boolean/null literals and
 * regular-expression literals tested with `/re/.test(x)` (compared explicitly: `/re/.test(x) == true`, as
 * CloudBase's documentation asks). `read` covers downloads and temporary URLs; `write` covers upload, overwrite
 * and delete. A missing key denies; an expression that fails to evaluate (e.g. `auth.openid` when `auth` is null)
 * denies.
 */
import fs from 'node:fs';

/** The caller as storage rules see it. */
export interface RuleAuth {
  openid?: string;
  uid?: string;
  loginType?: string;
}

/** What a rule is evaluated against. */
export interface RuleContext {
  auth: RuleAuth | null;
  resource: { openid: string; path: string };
  now?: number;
}

/** The rules file's shape (`database/storage-rules.json`, read by the deploy's plan too). */
export interface StorageRulesFile {
  description?: string;
  rules?: { read?: boolean | string; write?: boolean | string };
}

type Value = string | number | boolean | null | undefined | RegExp | Record<string, unknown>;
type Node =
  | { k: 'lit'; v: Value }
  | { k: 'var'; path: string[] }
  | { k: 'not'; e: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'test'; re: RegExp; arg: Node };

type Token = { t: 'op' | 'str' | 'num' | 'id' | 're' | 'paren'; v: string; flags?: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      out.push({ t: 'paren', v: c });
      i += 1;
    } else if (/[=!<>&|]/.test(c)) {
      const two = src.slice(i, i + 2);
      if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
        out.push({ t: 'op', v: two });
        i += 2;
      } else if (c === '!' || c === '<' || c === '>') {
        out.push({ t: 'op', v: c });
        i += 1;
      } else throw new Error(`unexpected "${c}" at ${i}`);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j += 1;
        s += src[j];
        j += 1;
      }
      if (j >= src.length) throw new Error('unterminated string');
      out.push({ t: 'str', v: s });
      i = j + 1;
    } else if (c === '/') {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && (src[j] !== '/' || inClass)) {
        if (src[j] === '\\') j += 1;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        j += 1;
      }
      if (j >= src.length) throw new Error('unterminated regular expression');
      const flags = /^[gimsuy]*/.exec(src.slice(j + 1))?.[0] ?? '';
      out.push({ t: 're', v: src.slice(i + 1, j), flags });
      i = j + 1 + flags.length;
    } else if (c === '.' && out[out.length - 1]?.t === 're') {
      // `/re/.test(x)`: the method name after a regular expression
      const m = /^\.([A-Za-z]+)/.exec(src.slice(i));
      if (!m) throw new Error(`unexpected "." at ${i}`);
      out.push({ t: 'id', v: m[1] });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'num', v: m[0] });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*/.exec(src.slice(i)) as RegExpExecArray;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else throw new Error(`unexpected "${c}" at ${i}`);
  }
  return out;
}

/** Parse a rule expression (precedence: `||` < `&&` < comparisons < `!`). */
function parse(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];
  const orExpr = (): Node => {
    let a = andExpr();
    while (peek()?.t === 'op' && peek().v === '||') {
      take();
      a = { k: 'bin', op: '||', a, b: andExpr() };
    }
    return a;
  };
  const andExpr = (): Node => {
    let a = cmpExpr();
    while (peek()?.t === 'op' && peek().v === '&&') {
      take();
      a = { k: 'bin', op: '&&', a, b: cmpExpr() };
    }
    return a;
  };
  const cmpExpr = (): Node => {
    const a = unary();
    const t = peek();
    if (t?.t === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      take();
      return { k: 'bin', op: t.v, a, b: unary() };
    }
    return a;
  };
  const unary = (): Node => {
    const t = peek();
    if (t?.t === 'op' && t.v === '!') {
      take();
      return { k: 'not', e: unary() };
    }
    return primary();
  };
  const primary = (): Node => {
    const t = take();
    if (!t) throw new Error('unexpected end of rule');
    if (t.t === 'paren' && t.v === '(') {
      const e = orExpr();
      const close = take();
      if (close?.v !== ')') throw new Error('missing )');
      return e;
    }
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'num') return { k: 'lit', v: Number(t.v) };
    if (t.t === 're') {
      const re = new RegExp(t.v, t.flags);
      const call = take();
      if (call?.t !== 'id' || call.v !== 'test') throw new Error('a regular expression must be followed by .test(...)');
      if (take()?.v !== '(') throw new Error('missing ( after .test');
      const arg = orExpr();
      if (take()?.v !== ')') throw new Error('missing ) after .test(...');
      return { k: 'test', re, arg };
    }
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      return { k: 'var', path: t.v.split('.') };
    }
    throw new Error(`unexpected "${t.v}"`);
  };
  const e = orExpr();
  if (pos !== tokens.length) throw new Error(`unexpected "${tokens[pos].v}"`);
  return e;
}

function evaluate(n: Node, ctx: RuleContext): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'var': {
      const [root, ...rest] = n.path;
      let v: unknown =
        root === 'auth'
          ? ctx.auth
          : root === 'resource'
            ? ctx.resource
            : root === 'now'
              ? (ctx.now ?? Date.now())
              : undefined;
      if (v === undefined && !['auth', 'resource', 'now'].includes(root)) throw new Error(`unknown name ${root}`);
      for (const key of rest) {
        if (v === null || v === undefined) throw new Error(`${n.path.join('.')}: ${key} of ${String(v)}`);
        v = (v as Record<string, unknown>)[key];
      }
      return v as Value;
    }
    case 'not':
      return !evaluate(n.e, ctx);
    case 'test': {
      const arg = evaluate(n.arg, ctx);
      return typeof arg === 'string' && n.re.test(arg);
    }
    case 'bin': {
      if (n.op === '&&') return Boolean(evaluate(n.a, ctx)) && Boolean(evaluate(n.b, ctx));
      if (n.op === '||') return Boolean(evaluate(n.a, ctx)) || Boolean(evaluate(n.b, ctx));
      const a = evaluate(n.a, ctx);
      const b = evaluate(n.b, ctx);
      const norm = (x: Value) => (x === undefined ? null : x);
      switch (n.op) {
        case '==':
          return norm(a) === norm(b);
        case '!=':
          return norm(a) !== norm(b);
        case '<':
          return (a as number) < (b as number);
        case '<=':
          return (a as number) <= (b as number);
        case '>':
          return (a as number) > (b as number);
        default:
          return (a as number) >= (b as number);
      }
    }
  }
}

/** A compiled rule: true when the operation is allowed. Evaluation errors deny. */
export type CompiledRule = (ctx: RuleContext) => boolean;

/** Compile one rule value (`true`, `false`, an expression, or missing = deny). */
export function compileRule(rule: boolean | string | undefined): CompiledRule {
  if (rule === undefined || rule === false) return () => false;
  if (rule === true) return () => true;
  const ast = parse(rule);
  return (ctx) => {
    try {
      return evaluate(ast, ctx) === true;
    } catch {
      return false;
    }
  };
}

/** The compiled rules of a bucket. */
export interface StorageRules {
  read: CompiledRule;
  write: CompiledRule;
}

/** Load and compile `database/storage-rules.json` (a missing file denies every client operation, like `{}`). */
export function loadStorageRules(file: string): StorageRules {
  if (!fs.existsSync(file)) return { read: () => false, write: () => false };
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as StorageRulesFile;
  return { read: compileRule(parsed.rules?.read), write: compileRule(parsed.rules?.write) };
}
