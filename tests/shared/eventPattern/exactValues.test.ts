import { compilePattern, matchesPattern } from '../../../shared/eventPattern';
import type { CompiledPattern } from '../../../shared/eventPattern';

/** Compiles `pattern` and matches `event` against it. */
function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

describe('exact values', () => {
  it('compares strings character by character, case and whitespace included', () => {
    expect(matches({ a: ['Running'] }, { a: 'Running' })).toBe(true);
    expect(matches({ a: ['Running'] }, { a: 'running' })).toBe(false);
    expect(matches({ a: ['x '] }, { a: 'x' })).toBe(false);
    expect(matches({ a: ['é'] }, { a: 'e\u0301' })).toBe(false);
  });

  it('compares numbers by value: 300 == 300.0 == 3.0e2', () => {
    const pattern = '{"a": [300]}';
    for (const literal of ['300', '300.0', '3.0e2', '3e+2', '30000e-2']) {
      expect(matches(pattern, JSON.parse(`{"a": ${literal}}`))).toBe(true);
    }
    expect(matches('{"a": [3.018e2]}', { a: 301.8 })).toBe(true);
    expect(matches({ a: [300] }, { a: 300.1 })).toBe(false);
  });

  it('treats -0 as 0', () => {
    expect(matches({ a: [0] }, JSON.parse('{"a": -0}'))).toBe(true);
    expect(matches('{"a": [-0]}', { a: 0 })).toBe(true);
    expect(matches({ a: [{ numeric: ['=', 0] }] }, JSON.parse('{"a": -0.0}'))).toBe(true);
  });

  it('never crosses types', () => {
    expect(matches({ a: ['2'] }, { a: 2 })).toBe(false);
    expect(matches({ a: [2] }, { a: '2' })).toBe(false);
    expect(matches({ a: ['true'] }, { a: true })).toBe(false);
    expect(matches({ a: [true] }, { a: 'true' })).toBe(false);
    expect(matches({ a: ['null'] }, { a: null })).toBe(false);
    expect(matches({ a: [null] }, { a: 'null' })).toBe(false);
    expect(matches({ a: [0] }, { a: false })).toBe(false);
    expect(matches({ a: [false] }, { a: 0 })).toBe(false);
  });

  it('matches CloudTrail string booleans only with strings', () => {
    const event = { detail: { userIdentity: { sessionContext: { attributes: { mfaAuthenticated: 'false' } } } } };
    expect(matches({ detail: { userIdentity: { sessionContext: { attributes: { mfaAuthenticated: [false] } } } } }, event)).toBe(false);
    expect(matches({ detail: { userIdentity: { sessionContext: { attributes: { mfaAuthenticated: ['false'] } } } } }, event)).toBe(true);
  });

  it('matches null only to a present JSON null, and "" only to ""', () => {
    expect(matches({ a: [null] }, { a: null })).toBe(true);
    expect(matches({ a: [null] }, {})).toBe(false);
    expect(matches({ a: [null] }, { a: [] })).toBe(false);
    expect(matches({ a: [null] }, { a: '' })).toBe(false);
    expect(matches({ a: [''] }, { a: '' })).toBe(true);
    expect(matches({ a: [''] }, { a: null })).toBe(false);
  });

  it('ORs the values of one field and ANDs the fields', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'], region: ['eu-west-1'] };
    expect(matches(pattern, { source: 'aws.fargate', region: 'eu-west-1' })).toBe(true);
    expect(matches(pattern, { source: 'aws.fargate', region: 'us-east-1' })).toBe(false);
    expect(matches(pattern, { source: 'aws.s3', region: 'eu-west-1' })).toBe(false);
  });

  it('mixes literals and operators in one array', () => {
    const pattern = { a: ['skyli', { prefix: 'ad' }] };
    expect(matches(pattern, { a: 'skyli' })).toBe(true);
    expect(matches(pattern, { a: 'admin' })).toBe(true);
    expect(matches(pattern, { a: 'skylight' })).toBe(false);
  });

  it('never matches an object-valued field with a literal', () => {
    expect(matches({ a: ['x'] }, { a: { b: 'x' } })).toBe(false);
  });

  it('accepts the pattern as JSON text', () => {
    expect(matches('{"source": ["aws.ec2"]}', { source: 'aws.ec2' })).toBe(true);
  });

  it('matches nothing but a JSON object as event', () => {
    const pattern = { a: [{ exists: false }] };
    expect(matches(pattern, {})).toBe(true);
    for (const event of [null, undefined, 'x', 1, [], [{}]]) expect(matches(pattern, event)).toBe(false);
  });

  it('refuses a pattern that was not compiled', () => {
    expect(() => matchesPattern({ source: ['x'] } as unknown as CompiledPattern, { source: 'x' })).toThrow(/compilePattern/);
  });

  it('is not fooled by Object.prototype members', () => {
    expect(matches({ constructor: [{ exists: true }] }, {})).toBe(false);
    expect(matches({ toString: [{ exists: false }] }, {})).toBe(true);
    expect(matches('{"a": {"__proto__": [{"exists": true}]}}', { a: {} })).toBe(false);
    expect(matches({ constructor: ['x'] }, JSON.parse('{"constructor": "x"}'))).toBe(true);
    expect(matches('{"__proto__": ["x"]}', JSON.parse('{"__proto__": "x"}'))).toBe(true);
  });
});

describe('IP-shaped exact strings', () => {
  it('compare as addresses, so IPv6 notations are equal', () => {
    const event = { ip: '2001:0db8:0000:0000:0000:ff00:0042:8329' };
    expect(matches({ ip: ['2001:db8::ff00:42:8329'] }, event)).toBe(true);
    expect(matches({ ip: ['2001:DB8:0:0:0:FF00:42:8329'] }, event)).toBe(true);
    expect(matches({ ip: ['2001:db8::ff00:42:8328'] }, event)).toBe(false);
    expect(matches({ ip: ['::1'] }, { ip: '0:0:0:0:0:0:0:1' })).toBe(true);
    expect(matches({ ip: ['::'] }, { ip: '0::0' })).toBe(true);
    expect(matches({ ip: ['1::'] }, { ip: '1:0:0:0:0:0:0:0' })).toBe(true);
  });

  it('compare IPv4 addresses as addresses', () => {
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.1' })).toBe(true);
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '10.0.0.2' })).toBe(false);
    // Leading zeros are not an address for current JDKs: compared as text.
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '010.0.0.1' })).toBe(false);
    expect(matches({ ip: ['010.0.0.1'] }, { ip: '010.0.0.1' })).toBe(true);
  });

  it('take IPv4-mapped IPv6 addresses as IPv4 ones, as Java does', () => {
    expect(matches({ ip: ['10.0.0.1'] }, { ip: '::ffff:a00:1' })).toBe(true);
    expect(matches({ ip: ['::ffff:a00:1'] }, { ip: '10.0.0.1' })).toBe(true);
  });

  it('leave strings that are not valid addresses as text', () => {
    expect(matches({ ip: ['10.0.0.256'] }, { ip: '10.0.0.256' })).toBe(true);
    expect(matches({ ip: ['1::2::3'] }, { ip: '1::2::3' })).toBe(true);
    expect(matches({ ip: ['dead:beef'] }, { ip: 'dead:beef' })).toBe(true);
  });

  it('do not apply to exactly, prefix or anything-but', () => {
    expect(matches({ ip: [{ exactly: '2001:db8::1' }] }, { ip: '2001:0db8::1' })).toBe(false);
    expect(matches({ ip: [{ exactly: '2001:db8::1' }] }, { ip: '2001:db8::1' })).toBe(true);
    expect(matches({ ip: [{ 'anything-but': '2001:db8::1' }] }, { ip: '2001:0db8::1' })).toBe(true);
  });

  it('never match numbers or other types', () => {
    expect(matches({ ip: ['10.0.0.1'] }, { ip: 10 })).toBe(false);
    expect(matches({ ip: ['10.0.0.1'] }, { ip: null })).toBe(false);
  });
});
