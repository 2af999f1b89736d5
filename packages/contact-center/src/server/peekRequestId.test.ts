import { peekRequestId } from './peekRequestId';

const peek = (text: string) => peekRequestId(Buffer.from(text, 'utf8'));

/** What JSON.parse says the id is (the reference the scanner must agree with). */
function reference(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

it('finds the top-level id wherever it stands, escaped or repeated, and only there', () => {
  expect(peek('{"type":"sendMessage","id":7,"body":"hi"}')).toBe(7);
  expect(peek('{"body":"x","clientId":"c","id":"abc","type":"sendMessage"}')).toBe('abc');
  expect(peek(' {\n "id" : -1.5e2 } \n')).toBe(-150);
  expect(peek('{"\\u0069d":"esc"}')).toBe('esc');
  expect(peek('{"id":"a\\"b\\u00e9"}')).toBe('a"bé');
  expect(peek('{"id":1,"id":2}')).toBe(2); // JSON.parse keeps the last
  expect(peek('{"data":{"id":5},"list":[{"id":6}]}')).toBeNull();
  expect(peek('{"body":"\\"id\\":3"}')).toBeNull();
  expect(peek('{"id":true}')).toBeNull();
  expect(peek('{"id":{"n":1}}')).toBeNull();
  expect(peek('{"id":[1]}')).toBeNull();
  expect(peek('{"id":null}')).toBeNull();
  expect(peek('{}')).toBeNull();
  expect(peek(`{"id":"${'x'.repeat(600)}"}`)).toBeNull(); // longer than any valid id: not echoed
});

it('gives null for anything that is not a JSON object', () => {
  for (const text of [
    '',
    '[{"id":1}]',
    '"id"',
    '{"id":1',
    '{"id":1,}',
    '{"id":01}',
    '{"id":1}x',
    '{"id":1}{"id":2}',
    '{id:1}',
    '{"id":+1}',
    '{"id":.5}',
    '{"a":"\u0001","id":1}',
    '{"a":"\\x","id":1}',
    '{"a":[1,],"id":1}',
    '{"a":tru,"id":1}',
    '\ufeff{"id":1}',
  ])
    expect([text, peek(text)]).toEqual([text, null]);
});

it('needs no stack for deep nesting', () => {
  const deep = '{"id":9,"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
  expect(peek(deep)).toBe(9);
  expect(peek('{"id":9,"a":' + '['.repeat(100_000))).toBeNull();
});

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

it('agrees with JSON.parse on thousands of random frames, valid and damaged', () => {
  const rnd = random(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const keys = ['id', 'type', 'body', 'i', 'idx', 'Id', '\u0069d'];
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.3) return pick([0, 7, -3.25, 1e21, 'x', 'é"\\\n', '', true, false, null]);
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return object(depth + 1);
  };
  const object = (depth: number): Record<string, unknown> =>
    Object.fromEntries(Array.from({ length: Math.floor(rnd() * 5) }, () => [pick(keys), value(depth)]));
  const space = () => pick(['', ' ', '\n', '\t ', '\r\n']);
  /** JSON.stringify, with random white space around the structural characters. */
  const spaced = (text: string) => text.replace(/([{}[\],:])/g, (c) => space() + c + space());
  const seen = { id: 0, none: 0, invalid: 0 };
  for (let n = 0; n < 4000; n++) {
    const frame = object(0);
    if (rnd() < 0.5) frame.id = pick([1, 'req-1', 0, -2, 'ü', [1], { id: 2 }, null, 3.5]);
    let text = spaced(JSON.stringify(frame));
    if (rnd() < 0.3) text = text.replace('"id"', '"\\u0069d"');
    if (rnd() < 0.4) {
      // Damage it: truncate, or replace one character.
      const at = Math.floor(rnd() * text.length);
      text =
        rnd() < 0.5
          ? text.slice(0, at)
          : text.slice(0, at) + pick(['"', '{', '}', ']', ',', ':', 'x', '\\']) + text.slice(at + 1);
    }
    const expected = reference(text);
    expect([text, peek(text)]).toEqual([text, expected]);
    if (expected !== null) seen.id++;
    else if (isJson(text)) seen.none++;
    else seen.invalid++;
  }
  // Each kind of frame came up often enough to mean something.
  expect(Math.min(seen.id, seen.none, seen.invalid)).toBeGreaterThan(500);
});
