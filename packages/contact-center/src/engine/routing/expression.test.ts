import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { compileExpression, ExpressionError, scopeOf } from './expression';

const alice = scopeOf({
  skills: ['billing', 'sales'],
  languages: ['en', 'de'],
  level: 3,
  vip: true,
  address: { country: 'DE' },
});
const matches = (source: string, scope = alice) => compileExpression(source)(scope);
const refused = (source: string): ExpressionError => {
  try {
    compileExpression(source);
  } catch (e) {
    if (e instanceof ExpressionError) return e;
    throw e;
  }
  throw new Error(`"${source}" was accepted`);
};

describe('compileExpression', () => {
  it('reads TaskRouter-like expressions over attributes', () => {
    expect(matches('skills HAS "billing"')).toBe(true);
    expect(matches('skills HAS "support"')).toBe(false);
    expect(matches('"de" IN languages')).toBe(true);
    expect(matches('"fr" IN languages')).toBe(false);
    expect(matches('level >= 2 AND NOT (skills HAS "support")')).toBe(true);
    expect(matches('level > 5 OR vip')).toBe(true);
    expect(matches('level > 5 || vip == false')).toBe(false);
    expect(matches('address.country == "DE" && address["country"] != "FR"')).toBe(true);
    expect(matches('level IN [1, 2, 3]')).toBe(true);
    expect(matches('"bill" CONTAINS "il" AND skills CONTAINS "sales"')).toBe(true);
    expect(matches('1 == 1')).toBe(true);
    expect(matches('level == -3')).toBe(false);
  });

  it('treats a missing attribute or a type that does not fit as no match, never an error', () => {
    expect(matches('team == "red"')).toBe(false);
    expect(matches('team != "red"')).toBe(false);
    expect(matches('NOT (team == "red")')).toBe(true);
    expect(matches('missing.deeper.still == 1')).toBe(false);
    expect(matches('skills HAS "x" OR nothing HAS "billing"')).toBe(false);
    expect(matches('skills > 2')).toBe(false);
    expect(matches('level < "3"')).toBe(false);
    expect(matches('level')).toBe(false); // a bare value matches only when it is true
    expect(matches('vip')).toBe(true);
  });

  it('refuses a bad expression with the column of the problem', () => {
    expect(refused('skills HAS ')).toMatchObject({ column: 12, problem: expect.stringContaining('HAS') });
    expect(refused('level == = 2')).toMatchObject({ column: 10 });
    expect(refused('skills HAS "a" and level')).toMatchObject({ column: 16 });
    expect(refused('level + 1 == 2')).toMatchObject({ column: 7, problem: expect.stringContaining('"+"') });
    expect(refused('size(skills) > 1')).toMatchObject({ column: 5, problem: expect.stringContaining('function') });
    expect(refused('  ')).toMatchObject({ column: 1 });
    expect(refused('skills HAS "a" AND')).toMatchObject({ column: 19, problem: 'Expected expression after AND' });
    expect(refused('"open')).toBeInstanceOf(ExpressionError);
  });

  it('does not reach prototype properties', () => {
    expect(matches('constructor != null AND toString != null', scopeOf({}))).toBe(false);
    expect(matches('address.constructor == null')).toBe(false);
  });

  it('uses a parser that never evaluates code (no eval, no new Function)', () => {
    const require = createRequire(__filename);
    const main = require.resolve('jsep');
    const dist = path.dirname(path.dirname(main));
    for (const file of ['cjs/jsep.cjs.js', 'jsep.js']) {
      const code = readFileSync(path.join(dist, file), 'utf8');
      expect(code).toContain('gobbleBinaryExpression');
      expect(code).not.toMatch(/new Function|\beval\(/);
    }
  });
});
