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

describe('$or', () => {
  it('matches when any branch does, ANDed with the fields beside it', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matches(pattern, { source: 'aws.ec2', namespace: 'AWS/ES' })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch' })).toBe(false);
  });

  it('works at any level, its branches prefixed with the enclosing path', () => {
    const pattern = { detail: { $or: [{ 'c-count': [{ numeric: ['>', 0] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] } };
    expect(matches(pattern, { detail: { 'c-count': 0, 'd-count': 9 } })).toBe(true);
    expect(matches(pattern, { detail: { 'c-count': 0, 'd-count': 10 } })).toBe(false);
    expect(matches(pattern, { 'c-count': 1 })).toBe(false);
  });

  it('nests: a branch may hold its own $or', () => {
    const pattern = {
      $or: [{ a: ['1'] }, { b: ['2'], $or: [{ c: ['3'] }, { d: { $or: [{ e: ['5'] }, { f: ['6'] }] } }] }],
    };
    expect(matches(pattern, { a: '1' })).toBe(true);
    expect(matches(pattern, { b: '2', c: '3' })).toBe(true);
    expect(matches(pattern, { b: '2', d: { f: '6' } })).toBe(true);
    expect(matches(pattern, { b: '2', d: { g: '6' } })).toBe(false);
    expect(matches(pattern, { c: '3' })).toBe(false);
  });

  it('takes the cross product of parallel $or', () => {
    const pattern = {
      x: { $or: [{ a: ['1'] }, { b: ['2'] }] },
      y: { $or: [{ c: ['3'] }, { d: ['4'] }] },
    };
    expect(matches(pattern, { x: { b: '2' }, y: { c: '3' } })).toBe(true);
    expect(matches(pattern, { x: { a: '1' }, y: { d: '4' } })).toBe(true);
    expect(matches(pattern, { x: { a: '1' }, y: { e: '5' } })).toBe(false);
  });

  it('combines with exists:false and array consistency per branch', () => {
    const pattern = { $or: [{ a: ['1'] }, { b: [{ exists: false }] }] };
    expect(matches(pattern, { a: '2', b: 'x' })).toBe(false);
    expect(matches(pattern, { a: '2' })).toBe(true);
    const consistent = { d: { $or: [{ a: ['x'], b: ['y'] }, { c: ['z'] }] } };
    expect(matches(consistent, { d: [{ a: 'x' }, { b: 'y' }] })).toBe(false);
    expect(matches(consistent, { d: [{ a: 'x', b: 'y' }] })).toBe(true);
  });

  it('lets a later field replace an earlier one on the same path, in key order (event-ruler overriding)', () => {
    const orLast = '{"name": ["a", "b"], "$or": [{"name": [{"anything-but": "a"}]}, {"condition1": ["x"]}]}';
    const orFirst = '{"$or": [{"name": [{"anything-but": "a"}]}, {"condition1": ["x"]}], "name": ["a", "b"]}';
    expect(matches(orLast, { name: 'c' })).toBe(true);
    expect(matches(orFirst, { name: 'c' })).toBe(false);
    expect(matches(orFirst, { name: 'b', condition1: 'x' })).toBe(true);
  });

  it('allows 1000 combinations and rejects more', () => {
    const orOf = (count: number, field: string) => ({
      $or: Array.from({ length: count }, (_, i) => ({ [field]: [String(i)] })),
    });
    expect(reasonOf({ a: orOf(10, 'x'), b: orOf(10, 'y'), c: orOf(10, 'z') })).toBeUndefined();
    expect(reasonOf({ a: orOf(11, 'x'), b: orOf(10, 'y'), c: orOf(10, 'z') })).toBe(
      'The use of $or results in more than 1000 rule combinations',
    );
    const nested = { $or: [{ a: orOf(40, 'x'), b: orOf(30, 'y') }, { c: ['1'] }] };
    expect(reasonOf(nested)).toBe('The use of $or results in more than 1000 rule combinations');
  });
});
