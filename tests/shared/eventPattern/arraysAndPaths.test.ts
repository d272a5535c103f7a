import { compilePattern, matchesPattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

describe('arrays in events', () => {
  it('match when any element matches', () => {
    expect(matches({ tags: ['admin'] }, { tags: ['user', 'admin'] })).toBe(true);
    expect(matches({ tags: ['root'] }, { tags: ['user', 'admin'] })).toBe(false);
    expect(matches({ n: [{ numeric: ['>', 10] }] }, { n: [1, 50] })).toBe(true);
  });

  it('count as absent when empty', () => {
    expect(matches({ a: [{ exists: true }] }, { a: [] })).toBe(false);
    expect(matches({ a: [{ exists: false }] }, { a: [] })).toBe(true);
    expect(matches({ a: [null] }, { a: [] })).toBe(false);
    expect(matches({ a: [{ 'anything-but': 'x' }] }, { a: [] })).toBe(false);
  });

  it('flatten nested arrays of scalars and of objects', () => {
    expect(matches({ a: [3] }, { a: [[1, 2], [3]] })).toBe(true);
    expect(matches({ a: { b: ['y'] } }, { a: [[{ b: 'x' }], [{ b: ['z', 'y'] }]] })).toBe(true);
  });

  it('contribute no leaf for objects at the end of the path', () => {
    expect(matches({ a: [{ exists: true }] }, { a: [{ b: 1 }] })).toBe(false);
    expect(matches({ a: [{ exists: false }] }, { a: [{ b: 1 }] })).toBe(true);
  });
});

describe('array consistency', () => {
  const employees = {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };

  it('requires conditions through one array to hold in the same element', () => {
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false);
    expect(matches({ employees: { firstName: ['Anna', 'Peter'], lastName: ['Jones'] } }, employees)).toBe(true);
  });

  it('holds for SageMaker status transitions', () => {
    const event = {
      detail: {
        SecondaryStatusTransitions: [
          { Status: 'Starting', StatusMessage: 'Preparing the instances for training' },
          { Status: 'Failed', StatusMessage: 'Training job failed' },
        ],
      },
    };
    const pattern = (message: string) => ({
      detail: { SecondaryStatusTransitions: { Status: ['Failed'], StatusMessage: [{ prefix: message }] } },
    });
    expect(matches(pattern('Training job'), event)).toBe(true);
    expect(matches(pattern('Preparing'), event)).toBe(false);
  });

  it('lets fields of different arrays, and fields outside arrays, combine freely', () => {
    const event = { a: [{ x: 1 }, { x: 2 }], b: [{ y: 1 }, { y: 2 }], c: 'top' };
    expect(matches({ a: { x: [1] }, b: { y: [2] }, c: ['top'] }, event)).toBe(true);
  });

  it('follows nested arrays element by element', () => {
    const event = {
      employees: [
        [
          { firstName: 'John', ids: [1234, 1000, 9999] },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', ids: [] }],
      ],
    };
    expect(matches({ employees: { firstName: ['John'], ids: [1000] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], ids: [1000] } }, event)).toBe(false);
    expect(matches({ employees: { firstName: ['Peter'], ids: [{ exists: true }] } }, event)).toBe(false);
  });

  it('checks exists:false within the element the earlier fields chose', () => {
    const event = { d: [{ a: 'target', b: 'found' }, { a: 'target' }] };
    expect(matches({ d: { a: ['target'], b: [{ exists: false }] } }, event)).toBe(true);
    expect(matches({ d: { a: ['target'], b: [{ exists: true }] } }, event)).toBe(true);
    expect(matches({ d: { a: [{ exists: true }], b: [{ exists: false }] } }, { d: [{ a: 1, b: 2 }] })).toBe(false);
  });

  it('checks exists:false only against fields whose path sorts before it, as event-ruler does', () => {
    // "d.a" sorts before "d.b": nothing is chosen yet when d.a's absence is checked, and element 0 has an "a".
    const event = { d: [{ a: 1, b: 'y' }, { b: 'x' }] };
    expect(matches({ d: { a: [{ exists: false }], b: ['x'] } }, event)).toBe(false);
    // "d.c" sorts after "d.b": its absence is checked in the element holding b = "x".
    expect(matches({ d: { b: ['x'], c: [{ exists: false }] } }, { d: [{ c: 1, b: 'y' }, { b: 'x' }] })).toBe(true);
  });

  it('sees an exists:false path outside the arrays as a whole', () => {
    const event = { d: [{ a: 1 }], e: 'x' };
    expect(matches({ d: { a: [1] }, e: [{ exists: false }] }, event)).toBe(false);
    expect(matches({ d: { a: [1] }, f: [{ exists: false }] }, event)).toBe(true);
  });
});

describe('paths', () => {
  it('follow the nesting of the event', () => {
    expect(matches({ detail: { state: ['terminated'] } }, { detail: { state: 'terminated' } })).toBe(true);
    expect(matches({ detail: { state: ['terminated'] } }, { detail: {}, state: 'terminated' })).toBe(false);
  });

  it('join keys with dots, so dotted keys and nesting are interchangeable', () => {
    const nested = { detail: { state: { status: 'running' } } };
    const dottedEvent = { detail: { 'state.status': 'running' } };
    expect(matches({ detail: { 'state.status': ['running'] } }, nested)).toBe(true);
    expect(matches({ detail: { state: { status: ['running'] } } }, dottedEvent)).toBe(true);
    expect(matches({ 'detail.state.status': ['running'] }, nested)).toBe(true);
    expect(matches({ 'detail.state': { status: ['running'] } }, { 'detail.state': { status: 'running' } })).toBe(true);
    expect(matches({ detail: { state: { status: ['running'] } } }, { detail: { 'state.status': { status: 'running' } } })).toBe(false);
  });

  it('collects leaves from every key spelling of a path', () => {
    const event = { a: { b: 'nested' }, 'a.b': 'dotted' };
    expect(matches({ a: { b: ['nested'] } }, event)).toBe(true);
    expect(matches({ a: { b: ['dotted'] } }, event)).toBe(true);
  });

  it('does not look inside JSON serialised in a string', () => {
    expect(matches({ body: { a: ['1'] } }, { body: '{"a": "1"}' })).toBe(false);
  });

  it('handles empty keys as path segments', () => {
    expect(matches({ '': ['x'] }, { '': 'x' })).toBe(true);
    expect(matches({ a: { '': ['x'] } }, { a: { '': 'x' } })).toBe(true);
    expect(matches({ a: { '': ['x'] } }, { 'a.': 'x' })).toBe(true);
  });

  it('ignores fields the pattern does not name', () => {
    expect(matches({ a: ['1'] }, { a: '1', b: { deep: [1, 2, 3] }, c: null })).toBe(true);
  });
});
