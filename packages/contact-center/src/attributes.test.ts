import { attributesProblem, mergeAttributes } from './attributes';

describe('mergeAttributes', () => {
  it('merges objects key by key, deeply; arrays and other values replace; the inputs stay as they were', () => {
    const existing = { a: 1, crm: { id: 7, tags: ['x'], deep: { keep: true } }, list: [1, 2] };
    const update = { crm: { tags: ['y'], deep: { add: 1 } }, list: [3], b: null };
    const copy = JSON.parse(JSON.stringify(existing)) as unknown;
    expect(mergeAttributes(existing, update)).toEqual({
      a: 1,
      crm: { id: 7, tags: ['y'], deep: { keep: true, add: 1 } },
      list: [3],
      b: null,
    });
    expect(existing).toEqual(copy);
  });

  it('a value replaces an object and an object replaces a value', () => {
    expect(mergeAttributes({ a: { b: 1 }, c: 2 }, { a: 'flat', c: { d: 1 } })).toEqual({ a: 'flat', c: { d: 1 } });
  });
});

describe('attributesProblem', () => {
  it('accepts plain JSON objects', () => {
    expect(attributesProblem({ a: [1, 'two', null, true, { b: 2.5 }] })).toBeUndefined();
    expect(attributesProblem(Object.assign(Object.create(null) as object, { a: 1 }))).toBeUndefined();
  });

  it('names the field at fault', () => {
    expect(attributesProblem(null)).toBe('attributes: must be an object');
    expect(attributesProblem([])).toBe('attributes: must be an object');
    expect(attributesProblem({ a: { constructor: 1 } })).toBe(
      'attributes.a.constructor: is a reserved name (__proto__, constructor, prototype)',
    );
    expect(attributesProblem({ a: [0, { b: undefined }] })).toBe(
      'attributes.a.1.b: must be JSON (an object, array, string, number, boolean or null)',
    );
    expect(attributesProblem({ f: () => 1 }, 'payload')).toMatch(/^payload\.f: must be JSON/);
    expect(attributesProblem({ n: Infinity })).toBe('attributes.n: must be a finite number');
    let deep: Record<string, unknown> = {};
    const top = deep;
    for (let i = 0; i < 20; i++) deep = (deep.x = {}) as Record<string, unknown>;
    expect(attributesProblem(top)).toMatch(/nested deeper than 16 levels/);
    expect(attributesProblem({ big: 'x'.repeat(8_000) })).toBe(
      'attributes: 8010 characters as JSON, over the limit of 8000',
    );
  });
});
