/**
 * Every document a source file, a README or a test names is in this repository: a comment pointing to a file
 * outside it (a shared folder of the team, a path on one machine) is a dead end for the next reader.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && /\.(ts|js|mjs|cjs|md|json|wxml|wxss|sh)$/.test(f) && !f.startsWith('tests/fixtures/'))
  .filter((f) => fs.existsSync(path.join(ROOT, f)));
const THIS = path.relative(ROOT, __filename);

describe('references to files', () => {
  it('names only documents that are in the repository', () => {
    const docs = tracked.filter((f) => f.endsWith('.md'));
    const dangling: string[] = [];
    for (const file of tracked) {
      if (file === THIS) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/[A-Za-z0-9_./-]*[A-Za-z0-9_-]+\.md\b/g)) {
        const named = m[0].replace(/^(\.\/)+/, '');
        if (named.startsWith('http') || named.includes('://')) continue;
        const resolved = path.normalize(path.join(path.dirname(file), named));
        const known = docs.some((d) => d === resolved || d === named || d.endsWith(`/${named}`) || d === named);
        if (!known) dangling.push(`${file}: ${m[0]}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('names no folder outside the repository or on one machine', () => {
    const outside: string[] = [];
    for (const file of tracked) {
      if (file === THIS) continue;
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/(?:\.\.\/shared\/|\/work\/(?:main|wt-|shared|helpers))[^\s'"`)]*/g))
        outside.push(`${file}: ${m[0]}`);
    }
    expect(outside).toEqual([]);
  });
});
