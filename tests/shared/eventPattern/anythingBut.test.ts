import { compilePattern, matchesPattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

describe('anything-but', () => {
  const forms: Record<string, unknown> = {
    'single string': { 'anything-but': 'x' },
    'string list': { 'anything-but': ['x', 'y'] },
    'single number': { 'anything-but': 1 },
    'number list': { 'anything-but': [1, 2] },
    prefix: { 'anything-but': { prefix: 'x' } },
    'prefix list': { 'anything-but': { prefix: ['x', 'y'] } },
    suffix: { 'anything-but': { suffix: 'x' } },
    'suffix list': { 'anything-but': { suffix: ['x', 'y'] } },
    'equals-ignore-case': { 'anything-but': { 'equals-ignore-case': 'x' } },
    'equals-ignore-case list': { 'anything-but': { 'equals-ignore-case': ['x', 'y'] } },
    wildcard: { 'anything-but': { wildcard: 'x*' } },
    'wildcard list': { 'anything-but': { wildcard: ['x*', '*y'] } },
  };

  describe.each(Object.entries(forms))('%s', (_name, operator) => {
    const pattern = { a: [operator] };
    it('never matches a missing field, an empty array or an object', () => {
      expect(matches(pattern, {})).toBe(false);
      expect(matches(pattern, { a: [] })).toBe(false);
      expect(matches(pattern, { a: { b: 'z' } })).toBe(false);
    });
    it('matches null and booleans', () => {
      expect(matches(pattern, { a: null })).toBe(true);
      expect(matches(pattern, { a: false })).toBe(true);
    });
  });

  it('excludes the listed strings and lets every other value through', () => {
    const pattern = { a: [{ 'anything-but': ['stopped', 'overloaded'] }] };
    expect(matches(pattern, { a: 'stopped' })).toBe(false);
    expect(matches(pattern, { a: 'running' })).toBe(true);
    expect(matches(pattern, { a: 12 })).toBe(true);
    expect(matches(pattern, { a: 'Stopped' })).toBe(true);
  });

  it('excludes numbers by value, and never excludes strings with numbers', () => {
    const pattern = { a: [{ 'anything-but': [111, 222, 333] }] };
    expect(matches(pattern, { a: 111 })).toBe(false);
    expect(matches(pattern, JSON.parse('{"a": 111.0}'))).toBe(false);
    expect(matches(pattern, { a: 444 })).toBe(true);
    expect(matches(pattern, { a: '111' })).toBe(true);
    expect(matches({ a: [{ 'anything-but': 0 }] }, JSON.parse('{"a": -0}'))).toBe(false);
  });

  it('matches an array when any element is not excluded', () => {
    expect(matches({ a: [{ 'anything-but': 'stopped' }] }, { a: ['stopped', 'running'] })).toBe(true);
    expect(matches({ a: [{ 'anything-but': 'stopped' }] }, { a: ['stopped'] })).toBe(false);
    expect(matches({ a: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { a: ['stopped', 'overloaded'] })).toBe(false);
  });

  it('prefix and suffix exclude by affix, strings only', () => {
    expect(matches({ a: [{ 'anything-but': { prefix: 'init' } }] }, { a: 'initializing' })).toBe(false);
    expect(matches({ a: [{ 'anything-but': { prefix: 'init' } }] }, { a: 'post-init' })).toBe(true);
    expect(matches({ a: [{ 'anything-but': { prefix: ['init', 'test'] } }] }, { a: 'testing' })).toBe(false);
    expect(matches({ a: [{ 'anything-but': { suffix: ['.csv', '.json'] } }] }, { a: 'x.json' })).toBe(false);
    expect(matches({ a: [{ 'anything-but': { suffix: ['.csv', '.json'] } }] }, { a: 'x.parquet' })).toBe(true);
    expect(matches({ a: [{ 'anything-but': { prefix: '1' } }] }, { a: 12 })).toBe(true);
  });

  it('equals-ignore-case excludes without case', () => {
    const pattern = { a: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] };
    expect(matches(pattern, { a: 'STOPPED' })).toBe(false);
    expect(matches(pattern, { a: 'overloaded' })).toBe(false);
    expect(matches(pattern, { a: 'running' })).toBe(true);
    expect(matches({ a: [{ 'anything-but': { 'equals-ignore-case': '' } }] }, { a: '' })).toBe(false);
  });

  it('wildcard excludes what the wildcard matches', () => {
    expect(matches({ a: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { a: '/usr/lib/x' })).toBe(false);
    expect(matches({ a: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { a: '/usr/bin/x' })).toBe(true);
    expect(matches({ a: [{ 'anything-but': { wildcard: '' } }] }, { a: '' })).toBe(false);
    expect(matches({ a: [{ 'anything-but': { wildcard: '' } }] }, { a: 'x' })).toBe(true);
  });

  it('combines with exists:false to also accept a missing field', () => {
    const pattern = { a: [{ 'anything-but': ['roses'] }, { exists: false }] };
    expect(matches(pattern, {})).toBe(true);
    expect(matches(pattern, { a: 'tulips' })).toBe(true);
    expect(matches(pattern, { a: 'roses' })).toBe(false);
  });

  it('ORs like every matcher: two anything-but on one field exclude nothing together', () => {
    const pattern = { source: [{ 'anything-but': 'aws.ec2' }, { 'anything-but': 'aws.lambda' }] };
    expect(matches(pattern, { source: 'aws.ec2' })).toBe(true);
  });
});
