import { compilePattern, matchesPattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

describe('numeric', () => {
  const range = (...terms: unknown[]) => ({ a: [{ numeric: terms }] });

  it('honours open and closed bounds', () => {
    expect(matches(range('<', 10), { a: 10 })).toBe(false);
    expect(matches(range('<=', 10), { a: 10 })).toBe(true);
    expect(matches(range('>', 10), { a: 10 })).toBe(false);
    expect(matches(range('>=', 10), { a: 10 })).toBe(true);
    expect(matches(range('>', 0, '<', 1), { a: 0.1 })).toBe(true);
    expect(matches(range('>', 0, '<=', 5), { a: 5 })).toBe(true);
    expect(matches(range('>=', 0, '<', 5), { a: 5 })).toBe(false);
    expect(matches(range('=', 301.8), { a: 301.8 })).toBe(true);
    expect(matches(range('<', 0), { a: -0.1 })).toBe(true);
  });

  it('compares integers with floats', () => {
    expect(matches(range('>', 100), JSON.parse('{"a": 101.0}'))).toBe(true);
    expect(matches(range('=', 3e2), { a: 300 })).toBe(true);
  });

  it('matches JSON numbers only', () => {
    for (const value of ['300', null, true, [], {}]) expect(matches(range('>', 100), { a: value })).toBe(false);
    expect(matches(range('>', 100), {})).toBe(false);
  });

  it('covers the whole double range (event-ruler ≥ 1.8), timestamps and 7+ decimals included', () => {
    expect(matches(range('>', 0), { a: 1722515405000 })).toBe(true);
    expect(matches(range('>', 1722515405000), { a: 1722515405001 })).toBe(true);
    expect(matches(range('=', 0.0000001), { a: 0 })).toBe(false);
    expect(matches(range('>', 0.0000001), { a: 0.0000002 })).toBe(true);
    expect(matches(range('<', -1e300), { a: -1.5e300 })).toBe(true);
  });

  it('ORs several ranges of one field and ANDs fields', () => {
    const pattern = { a: [{ numeric: ['<', 0] }, { numeric: ['>', 100] }], b: [{ numeric: ['=', 1] }] };
    expect(matches(pattern, { a: 101, b: 1 })).toBe(true);
    expect(matches(pattern, { a: 50, b: 1 })).toBe(false);
    expect(matches(pattern, { a: -1, b: 2 })).toBe(false);
  });
});

describe('exists', () => {
  const existsTrue = { a: [{ exists: true }] };
  const existsFalse = { a: [{ exists: false }] };
  const cases: [string, unknown, boolean][] = [
    ['absent', {}, false],
    ['a string', { a: 'x' }, true],
    ['""', { a: '' }, true],
    ['0', { a: 0 }, true],
    ['false', { a: false }, true],
    ['null (a leaf)', { a: null }, true],
    ['an object', { a: { b: 1 } }, false],
    ['{}', { a: {} }, false],
    ['[]', { a: [] }, false],
    ['an array of scalars', { a: [1] }, true],
    ['an array of nulls', { a: [null] }, true],
    ['an array of objects', { a: [{ b: 1 }] }, false],
  ];

  test.each(cases)('on %s', (_name, event, present) => {
    expect(matches(existsTrue, event)).toBe(present);
    expect(matches(existsFalse, event)).toBe(!present);
  });

  it('exists:false holds when a parent object is missing', () => {
    expect(matches({ detail: { a: { b: [{ exists: false }] } } }, { source: 'x' })).toBe(true);
    expect(matches({ detail: { a: { b: [{ exists: false }] } } }, { detail: { a: 'scalar' } })).toBe(true);
  });

  it('exists:true reaches leaves through arrays of objects', () => {
    expect(matches({ d: { a: [{ exists: true }] } }, { d: [{ b: 1 }, { a: 1 }] })).toBe(true);
  });
});
