/**
 * Routing expressions (TaskRouter-like): parsed by jsep (a well-kept expression parser that
 * builds an AST and never evaluates code), evaluated here by a small interpreter over that AST
 * (no `eval`, no `new Function`: CSP-safe). Compiled once; evaluating never throws.
 *
 * Syntax: `skills HAS "billing"`, `"es" IN languages`, `level >= 2 AND NOT vip`,
 * `channelType == "voice" OR priority > 5`, `address.country == "DE"`, `1 == 1`.
 *  - values: strings ("…" or '…'), numbers, `true`, `false`, `null`, arrays (`["a", "b"]`),
 *    attribute names and paths (`a.b`, `a["b c"]`);
 *  - comparison: `==` `!=` (strict), `<` `<=` `>` `>=` (numbers, or strings);
 *  - `HAS`: the left array contains the right value (`CONTAINS`: the left string contains the
 *    right one, or the left array the value); `IN`: the left value is in the right array;
 *  - logic: `AND` `OR` `NOT` (also `&&` `||` `!`); a bare value matches only when it is `true`.
 * A missing attribute or a type that does not fit makes that comparison false, `!=` included
 * (never an error).
 */
import jsep from 'jsep';

const WORD_BINARY: ReadonlyArray<[string, number]> = [
  ['OR', 1],
  ['AND', 2],
  ['HAS', 6],
  ['IN', 6],
  ['CONTAINS', 6],
];
for (const [op, precedence] of WORD_BINARY) jsep.addBinaryOp(op, precedence);
jsep.addUnaryOp('NOT');
const WORD_OPERATORS = new Set([...WORD_BINARY.map(([op]) => op), 'NOT']);

/** An attribute lookup: the value of a top-level name (undefined when missing). */
export type Scope = (name: string) => unknown;

/** A compiled expression: true when it matches the scope. Never throws. */
export type Predicate = (scope: Scope) => boolean;

/** A refused expression: what is wrong and where (1-based column). */
export class ExpressionError extends Error {
  constructor(
    readonly problem: string,
    readonly column: number,
  ) {
    super(`${problem} at column ${column}`);
    this.name = 'ExpressionError';
  }
}

type Node = jsep.Expression;
type Eval = (scope: Scope) => unknown;

const MISSING = Symbol('missing');
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

const equal = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return false;
};

const ordered = (a: unknown, b: unknown): a is number | string =>
  (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');

function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === MISSING || b === MISSING) return false;
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
  }
  if (!ordered(a, b)) return false;
  const x = a as number;
  const y = b as number;
  return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

const has = (collection: unknown, value: unknown): boolean =>
  Array.isArray(collection) && collection.some((item) => equal(item, value));

/** Where `text` first occurs in the source (1-based), for errors jsep's AST cannot place. */
const columnOf = (source: string, text: string): number => source.indexOf(text) + 1 || 1;

/**
 * jsep reads `a b` as two expressions (a "compound"): the column is where the second starts,
 * found as the shortest prefix that parses as the same first expression and a second one. A
 * trailing word operator (`a AND`) reads as a name: that is an expression missing after it.
 */
function compoundProblem(source: string, compound: jsep.Compound): ExpressionError {
  const second = compound.body[1];
  if (second?.type === 'Identifier' && WORD_OPERATORS.has((second as jsep.Identifier).name))
    return new ExpressionError(
      `Expected expression after ${(second as jsep.Identifier).name}`,
      source.trimEnd().length + 1,
    );
  const first = JSON.stringify(compound.body[0]);
  for (let end = 1; end <= source.length; end++) {
    try {
      const ast = jsep(source.slice(0, end));
      if (ast.type === 'Compound' && JSON.stringify((ast as jsep.Compound).body[0]) === first)
        return new ExpressionError('an operator is missing (two values in a row)', end);
    } catch {
      // an incomplete prefix: read on
    }
  }
  return new ExpressionError('an operator is missing (two values in a row)', 1);
}

function build(node: Node, source: string): Eval {
  switch (node.type) {
    case 'Literal': {
      const value = (node as jsep.Literal).value;
      if (value instanceof RegExp)
        throw new ExpressionError('regular expressions are not supported', columnOf(source, '/'));
      return () => value;
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      return (scope) => {
        const v = scope(name);
        return v === undefined ? MISSING : v;
      };
    }
    case 'ArrayExpression': {
      const items = (node as jsep.ArrayExpression).elements.map((e) => {
        if (!e) throw new ExpressionError('an empty array element', columnOf(source, ',,'));
        return build(e, source);
      });
      return (scope) => items.map((item) => item(scope));
    }
    case 'MemberExpression': {
      const m = node as jsep.MemberExpression;
      const object = build(m.object, source);
      let key: string | number;
      if (!m.computed && m.property.type === 'Identifier') key = (m.property as jsep.Identifier).name;
      else if (m.computed && m.property.type === 'Literal') {
        const v = (m.property as jsep.Literal).value;
        if (typeof v !== 'string' && typeof v !== 'number')
          throw new ExpressionError('a property must be a name, a string or a number', columnOf(source, '['));
        key = v;
      } else throw new ExpressionError('a property must be a name, a string or a number', columnOf(source, '['));
      return (scope) => {
        const o = object(scope);
        if (o === null || typeof o !== 'object') return MISSING;
        if (!Object.prototype.hasOwnProperty.call(o, key)) return MISSING;
        const v = (o as Record<string | number, unknown>)[key];
        return v === undefined ? MISSING : v;
      };
    }
    case 'UnaryExpression': {
      const u = node as jsep.UnaryExpression;
      if (u.operator !== 'NOT' && u.operator !== '!') {
        if (
          u.operator === '-' &&
          u.argument.type === 'Literal' &&
          typeof (u.argument as jsep.Literal).value === 'number'
        ) {
          const v = -((u.argument as jsep.Literal).value as number);
          return () => v;
        }
        throw new ExpressionError(`the operator "${u.operator}" is not supported`, columnOf(source, u.operator));
      }
      const argument = build(u.argument, source);
      return (scope) => argument(scope) !== true;
    }
    case 'BinaryExpression': {
      const b = node as jsep.BinaryExpression;
      const left = build(b.left, source);
      const right = build(b.right, source);
      const op = b.operator;
      if (op === 'AND' || op === '&&') return (scope) => left(scope) === true && right(scope) === true;
      if (op === 'OR' || op === '||') return (scope) => left(scope) === true || right(scope) === true;
      if (COMPARISONS.has(op)) return (scope) => compare(op, left(scope), right(scope));
      if (op === 'HAS') return (scope) => has(left(scope), right(scope));
      if (op === 'IN') return (scope) => has(right(scope), left(scope));
      if (op === 'CONTAINS')
        return (scope) => {
          const l = left(scope);
          const r = right(scope);
          return typeof l === 'string' && typeof r === 'string' ? l.includes(r) : has(l, r);
        };
      throw new ExpressionError(`the operator "${op}" is not supported`, columnOf(source, ` ${op}`) + 1);
    }
    case 'Compound':
      throw compoundProblem(source, node as jsep.Compound);
    case 'CallExpression':
      throw new ExpressionError('function calls are not supported', columnOf(source, '('));
    default:
      throw new ExpressionError(`"${node.type}" is not supported`, 1);
  }
}

/**
 * Compiles `source` once; the predicate is cheap to call and never throws.
 * Throws an {@link ExpressionError} (with the column) for a bad expression.
 *
 * @example
 * const billing = compileExpression('skills HAS "billing" AND level >= 2');
 * billing((name) => ({ skills: ['billing'], level: 3 })[name]); // true
 */
export function compileExpression(source: string): Predicate {
  if (!source.trim()) throw new ExpressionError('the expression is empty', 1);
  let ast: Node;
  try {
    ast = jsep(source);
  } catch (e) {
    const err = e as { description?: string; index?: number; message?: string };
    throw new ExpressionError(err.description ?? err.message ?? 'cannot parse', (err.index ?? 0) + 1);
  }
  const evaluate = build(ast, source);
  return (scope) => {
    try {
      return evaluate(scope) === true;
    } catch {
      return false;
    }
  };
}

/** A scope reading the own properties of `attributes`, then `extra`. */
export const scopeOf =
  (attributes: Record<string, unknown>, extra?: Record<string, unknown>): Scope =>
  (name) => {
    if (extra && Object.prototype.hasOwnProperty.call(extra, name)) return extra[name];
    return Object.prototype.hasOwnProperty.call(attributes, name) ? attributes[name] : undefined;
  };
