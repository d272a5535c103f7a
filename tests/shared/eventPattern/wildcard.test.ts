import { compilePattern, matchesPattern, validatePattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

/** The validation error of `pattern`, or undefined when it is valid. */
function reasonOf(pattern: unknown): string | undefined {
  const result = validatePattern(pattern);
  return result.valid ? undefined : result.error;
}

const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

describe('wildcard', () => {
  const glob = (pattern: string, value: unknown) => matches({ a: [{ wildcard: pattern }] }, { a: value });

  it('matches zero or more characters per *', () => {
    expect(glob('*.png', 'dir/image.png')).toBe(true);
    expect(glob('xy*', 'xy')).toBe(true);
    expect(glob('*bc', 'xyz')).toBe(false);
    expect(glob('a*b*c', 'abc')).toBe(true);
    expect(glob('a*b*c', 'aXbYbZc')).toBe(true);
    expect(glob('a*b*c', 'acb')).toBe(false);
    expect(glob('*', '')).toBe(true);
    expect(glob('ab*ba', 'aba')).toBe(false);
    expect(glob('arn:aws:iam::*:role/Data*', 'arn:aws:iam::111122223333:role/DataScience')).toBe(true);
  });

  it('matches the whole value, case-sensitively, strings only', () => {
    expect(glob('abc', 'abcd')).toBe(false);
    expect(glob('ABC*', 'abc')).toBe(false);
    expect(glob('*', 5)).toBe(false);
    expect(glob('*', null)).toBe(false);
    expect(glob('', '')).toBe(true);
    expect(glob('', 'x')).toBe(false);
  });

  it('has no other metacharacter', () => {
    expect(glob('com.example.?', 'com.example.a')).toBe(false);
    expect(glob('com.example.?', 'com.example.?')).toBe(true);
    expect(glob('a.c', 'abc')).toBe(false);
  });

  it('reads \\* as a star and \\\\ as a backslash', () => {
    expect(glob('value\\*end', 'value*end')).toBe(true);
    expect(glob('value\\*end', 'valueXend')).toBe(false);
    expect(glob('a\\\\b', 'a\\b')).toBe(true);
    expect(glob('a\\**', 'a*anything')).toBe(true);
    expect(glob('a\\**', 'ab')).toBe(false);
  });

  it('reports bad escapes and consecutive wildcards at event-ruler positions', () => {
    expect(reasonOf({ a: [{ wildcard: 'a\\d' }] })).toBe('Invalid escape character at pos 2');
    expect(reasonOf({ a: [{ wildcard: 'abc\\' }] })).toBe('Invalid escape character at pos 4');
    expect(reasonOf({ a: [{ wildcard: 'ab**' }] })).toBe('Consecutive wildcard characters at pos 3');
    expect(reasonOf({ a: [{ wildcard: '\\\\**' }] })).toBe('Consecutive wildcard characters at pos 3');
    expect(reasonOf({ a: [{ wildcard: 'é**' }] })).toBe('Consecutive wildcard characters at pos 3');
    expect(reasonOf({ a: [{ wildcard: 'arn:aws:events:us-east-1:**:event-bus/*' }] })).toBe('Consecutive wildcard characters at pos 26');
    expect(reasonOf({ a: [{ wildcard: 'a\\**' }] })).toBeUndefined();
  });

  describe('complexity', () => {
    const rule = (...values: string[]) => ({ EventBusArn: values.map((wildcard) => ({ wildcard })) });

    it('rejects the all-wildcard ARN that AWS rejects', () => {
      expect(reasonOf(rule('*:*:*:*:*:event-bus/*'))).toBe(TOO_COMPLEX);
    });

    it('accepts the patterns AWS accepts', () => {
      expect(reasonOf(rule('arn:aws:events:us-east-1:*:event-bus/*'))).toBeUndefined();
      expect(reasonOf(rule('/Users/*/dir/dir/dir/dir/dir/doc.txt'))).toBeUndefined();
      expect(reasonOf(rule('*.bif', '*.tiff', '*.tif', '*.svs'))).toBeUndefined();
      expect(reasonOf(rule('*/datasync/*.bif', '*/datasync/*.tif'))).toBeUndefined();
    });

    it('adds up the wildcards of one field', () => {
      const stacks = ['SharedStack', 'DataStack', 'ApiStack', 'MonitoringStack'].map((name) => `*:stack/${name}/*`);
      expect(reasonOf(rule(...stacks.slice(0, 3)))).toBeUndefined();
      expect(reasonOf(rule(...stacks))).toBe(TOO_COMPLEX);
    });

    it('counts each field on its own', () => {
      const pattern = {
        a: [{ wildcard: '*:stack/SharedStack/*' }, { wildcard: '*:stack/DataStack/*' }],
        b: [{ wildcard: '*:stack/ApiStack/*' }, { wildcard: '*:stack/MonitoringStack/*' }],
      };
      expect(reasonOf(pattern)).toBeUndefined();
    });

    it('does not count anything-but wildcards', () => {
      expect(reasonOf({ a: [{ 'anything-but': { wildcard: '*:*:*:*:*:event-bus/*' } }] })).toBeUndefined();
    });
  });
});
