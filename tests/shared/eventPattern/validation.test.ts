import {
  compilePattern,
  EventPatternError,
  InvalidEventPatternError,
  MAX_EVENT_PATTERN_LENGTH,
  validatePattern,
} from '../../../shared/eventPattern';

/** The validation error of `pattern`, or undefined when it is valid. */
function reasonOf(pattern: unknown): string | undefined {
  const result = validatePattern(pattern);
  return result.valid ? undefined : result.error;
}

describe('validation messages (event-ruler texts)', () => {
  const cases: [string, unknown, string][] = [
    ['top level is an array', ['not', 'an', 'object'], 'Filter is not an object'],
    ['top level is a JSON string', '"source"', 'Filter is not an object'],
    ['top level is null', null, 'Filter is not an object'],
    ['top level is a number', 42, 'Filter is not an object'],
    ['empty pattern', {}, 'Empty objects are not allowed'],
    ['empty nested object', { detail: {} }, 'Empty objects are not allowed'],
    ['empty array', { source: [] }, 'Empty arrays are not allowed'],
    ['scalar instead of array', { source: 'aws.ec2' }, '"source" must be an object or an array'],
    ['nested scalar instead of array', { detail: { state: 1 } }, '"state" must be an object or an array'],
    ['null instead of array', { a: null }, '"a" must be an object or an array'],
    ['nested array as value', { a: [['x']] }, 'Match value must be String, number, true, false, or null'],
    ['{} as matcher', { a: [{}] }, 'Match expression name not found'],
    ['unknown operator', { a: [{ contains: 'x' }] }, 'Unrecognized match type contains'],
    ['operators are case-sensitive', { a: [{ EXISTS: true }] }, 'Unrecognized match type EXISTS'],
    ['NUMERIC', { a: [{ NUMERIC: ['>', 1] }] }, 'Unrecognized match type NUMERIC'],
    ['two keys', { a: [{ prefix: 'a', suffix: 'b' }] }, 'Only one key allowed in match expression'],
    ['prefix number', { a: [{ prefix: 1 }] }, 'prefix match pattern must be a string'],
    ['prefix list', { a: [{ prefix: ['a'] }] }, 'prefix match pattern must be a string'],
    ['suffix list', { a: [{ suffix: ['a'] }] }, 'suffix match pattern must be a string'],
    ['prefix {}', { a: [{ prefix: {} }] }, 'Prefix expression name not found'],
    ['suffix {}', { a: [{ suffix: {} }] }, 'Suffix expression name not found'],
    ['prefix other', { a: [{ prefix: { wildcard: 'a' } }] }, 'Unsupported prefix pattern: wildcard'],
    ['suffix other', { a: [{ suffix: { x: 'a' } }] }, 'Unsupported suffix pattern: x'],
    ['prefix eic list', { a: [{ prefix: { 'equals-ignore-case': ['a'] } }] }, 'equals-ignore-case match pattern must be a string'],
    ['prefix eic two keys', { a: [{ prefix: { 'equals-ignore-case': 'a', x: 1 } }] }, 'Only one key allowed in match expression'],
    ['eic list', { a: [{ 'equals-ignore-case': ['a'] }] }, 'equals-ignore-case match pattern must be a string'],
    ['eic object', { a: [{ 'equals-ignore-case': { prefix: 'a' } }] }, 'equals-ignore-case match pattern must be a string'],
    ['wildcard list', { a: [{ wildcard: ['a*'] }] }, 'wildcard match pattern must be a string'],
    ['exactly number', { a: [{ exactly: 1 }] }, 'exact match pattern must be a string'],
    ['exists string', { a: [{ exists: 'true' }] }, 'exists match pattern must be either true or false.'],
    ['exists two keys', { a: [{ exists: true, x: 1 }] }, 'Only one key allowed in match expression'],
    ['cidr list', { a: [{ cidr: ['10.0.0.0/8'] }] }, 'prefix match pattern must be a string'],
    ['cidr no slash', { a: [{ cidr: 'bad-filter' }] }, "Malformed CIDR, one '/' required"],
    ['cidr two slashes', { a: [{ cidr: '10.0.0.0/8/8' }] }, "Malformed CIDR, one '/' required"],
    ['cidr trailing slash', { a: [{ cidr: '10.0.0.0/' }] }, "Malformed CIDR, one '/' required"],
    ['cidr mask text', { a: [{ cidr: '10.0.0.0/x' }] }, 'Malformed CIDR, mask bits must be an integer'],
    ['cidr negative mask', { a: [{ cidr: '10.0.0.0/-1' }] }, 'Malformed CIDR, mask bits must not be negative'],
    ['cidr not an address', { a: [{ cidr: 'xx.11.xx/8' }] }, 'Nonstandard IP address: xx.11.xx'],
    ['cidr bad IPv6', { a: [{ cidr: 'xxxx:db8::/64' }] }, 'Nonstandard IP address: xxxx:db8::'],
    ['cidr octet > 255', { a: [{ cidr: '10.0.0.256/8' }] }, 'Invalid IP address: 10.0.0.256'],
    ['cidr IPv4 /33', { a: [{ cidr: '192.168.0.1/33' }] }, 'IPv4 mask bits must be < 32'],
    ['cidr IPv6 /129', { a: [{ cidr: '2001:db8::/129' }] }, 'IPv6 mask bits must be < 128'],
    ['numeric not array', { a: [{ numeric: '>' }] }, 'Value of numeric must be an array.'],
    ['numeric empty', { a: [{ numeric: [] }] }, 'Invalid member in numeric match: ]'],
    ['numeric starts with number', { a: [{ numeric: [1, '>'] }] }, 'Invalid member in numeric match: 1'],
    ['numeric ==', { a: [{ numeric: ['==', 1] }] }, 'Unrecognized numeric range operator: =='],
    ['numeric = string', { a: [{ numeric: ['=', '1'] }] }, 'Value of equals must be numeric'],
    ['numeric quoted bound', { a: [{ numeric: ['<', '5'] }] }, 'Value of < must be numeric'],
    ['numeric missing bound', { a: [{ numeric: ['>='] }] }, 'Value of >= must be numeric'],
    ['numeric = two clauses', { a: [{ numeric: ['=', 1, '<', 5] }] }, 'Too many elements in numeric expression'],
    ['numeric < two clauses', { a: [{ numeric: ['<', 1, '>', 0] }] }, 'Too many elements in numeric expression'],
    ['numeric upper bound first', { a: [{ numeric: ['>', 0, '>', 5] }] }, 'Bad numeric range operator: >'],
    ['numeric number as operator', { a: [{ numeric: ['>', 0, 5] }] }, 'Bad value in numeric range: 5'],
    ['numeric incomplete range', { a: [{ numeric: ['>', 0, '<'] }] }, 'Value of < must be numeric'],
    ['numeric extra term', { a: [{ numeric: ['>', 0, '<', 5, 6] }] }, 'Too many terms in numeric range expression'],
    ['numeric empty range', { a: [{ numeric: ['>', 5, '<', 5] }] }, 'Bottom must be less than top'],
    ['numeric equal bounds', { a: [{ numeric: ['>=', 5, '<=', 5] }] }, 'Bottom must be less than top'],
    ['numeric inverted', { a: [{ numeric: ['>', 9, '<=', 1] }] }, 'Bottom must be less than top'],
    ['numeric extra key', { a: [{ numeric: ['>', 1], x: 1 }] }, 'Too many elements in numeric expression'],
    ['anything-but null', { a: [{ 'anything-but': null }] }, 'Value of anything-but must be an array or single string/number value.'],
    ['anything-but boolean', { a: [{ 'anything-but': true }] }, 'Value of anything-but must be an array or single string/number value.'],
    [
      'anything-but empty list',
      { a: [{ 'anything-but': [] }] },
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      'anything-but mixed list',
      { a: [{ 'anything-but': ['a', 1] }] },
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    ],
    [
      'anything-but null in list',
      { a: [{ 'anything-but': ['a', null] }] },
      'Inside anything but list, start|null|boolean is not supported.',
    ],
    ['anything-but {}', { a: [{ 'anything-but': {} }] }, 'Anything-But expression name not found'],
    ['anything-but cidr', { a: [{ 'anything-but': { cidr: '10.0.0.0/8' } }] }, 'Unsupported anything-but pattern: cidr'],
    ['anything-but numeric', { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, 'Unsupported anything-but pattern: numeric'],
    ['anything-but exists', { a: [{ 'anything-but': { exists: true } }] }, 'Unsupported anything-but pattern: exists'],
    [
      'anything-but prefix eic',
      { a: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'x' } } }] },
      'Value of anything-but must be an array or single string/number value.',
    ],
    ['anything-but empty prefix', { a: [{ 'anything-but': { prefix: '' } }] }, 'Null prefix/suffix not allowed'],
    ['anything-but empty suffix in list', { a: [{ 'anything-but': { suffix: ['.txt', ''] } }] }, 'Null prefix/suffix not allowed'],
    ['anything-but prefix number', { a: [{ 'anything-but': { prefix: 1 } }] }, 'prefix/suffix match pattern must be a string'],
    [
      'anything-but eic number',
      { a: [{ 'anything-but': { 'equals-ignore-case': 123 } }] },
      'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
    ],
    ['anything-but wildcard number', { a: [{ 'anything-but': { wildcard: [1] } }] }, 'wildcard match pattern must be a string'],
    ['anything-but wildcard syntax', { a: [{ 'anything-but': { wildcard: 'a**' } }] }, 'Consecutive wildcard characters at pos 2'],
    ['anything-but two inner keys', { a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, 'Too many elements in numeric expression'],
    ['anything-but extra key', { a: [{ 'anything-but': 'a', prefix: 'b' }] }, 'Too many elements in numeric expression'],
    ['$or not an array', { $or: { a: ['1'] } }, 'It must be an Array followed with $or.'],
    ['$or one branch', { $or: [{ a: ['1'] }] }, 'There must have at least 2 Objects in $or relationship.'],
    ['$or no branch', { $or: [] }, 'There must have at least 2 Objects in $or relationship.'],
    ['$or non-object branch', { $or: [{ a: ['1'] }, ['b']] }, 'Only JSON object is allowed in array of $or relationship.'],
    ['$or empty branch', { $or: [{ a: ['1'] }, {}] }, 'Empty objects are not allowed'],
    [
      '$or reserved name',
      { $or: [{ numeric: ['1'] }, { prefix: ['x'] }] },
      'numeric is Ruler reserved fieldName which cannot be used inside $or.',
    ],
    [
      '$or reserved name deeper',
      { $or: [{ a: { '>=': [1] } }, { b: ['x'] }] },
      '>= is Ruler reserved fieldName which cannot be used inside $or.',
    ],
  ];

  test.each(cases)('%s', (_name, pattern, message) => {
    expect(reasonOf(pattern)).toBe(message);
  });

  it('allows operator names as plain field names outside $or', () => {
    expect(reasonOf({ numeric: ['1'], prefix: { exists: [{ exists: true }] } })).toBeUndefined();
  });

  it('reports the first problem in document order', () => {
    expect(reasonOf({ a: [], b: 'x' })).toBe('Empty arrays are not allowed');
    expect(reasonOf({ b: 'x', a: [] })).toBe('"b" must be an object or an array');
    expect(reasonOf({ a: [{ prefix: 1, suffix: 2 }] })).toBe('prefix match pattern must be a string');
  });

  it('reports malformed JSON text', () => {
    expect(reasonOf('{"source": [')).toMatch(/JSON/);
  });

  it('limits the pattern to 4096 characters of JSON', () => {
    const padding = (length: number) => JSON.stringify({ a: ['x'.repeat(length - '{"a":[""]}'.length)] });
    expect(padding(MAX_EVENT_PATTERN_LENGTH)).toHaveLength(4096);
    expect(reasonOf(padding(4096))).toBeUndefined();
    expect(reasonOf(padding(4097))).toBe(
      "Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    expect(reasonOf(JSON.parse(padding(4097)))).toMatch(/length less than or equal to 4096/);
  });

  it('throws InvalidEventPatternError, an EventPatternError naming itself, with the reason as message', () => {
    let caught: unknown;
    try {
      compilePattern({ source: [] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidEventPatternError);
    expect(caught).toBeInstanceOf(EventPatternError);
    expect(caught).toMatchObject({ name: 'InvalidEventPatternError', message: 'Empty arrays are not allowed' });
  });

  it('keeps the parser error as cause for malformed JSON', () => {
    expect(() => compilePattern('{')).toThrow(InvalidEventPatternError);
    try {
      compilePattern('{');
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError);
    }
  });

  it('rejects objects that cannot be JSON', () => {
    const cyclic: Record<string, unknown> = { a: ['x'] };
    cyclic.self = cyclic;
    expect(validatePattern(cyclic)).toMatchObject({ valid: false });
  });

  it('returns { valid: true } for a valid pattern', () => {
    expect(validatePattern({ source: ['aws.ec2'] })).toEqual({ valid: true });
  });
});
