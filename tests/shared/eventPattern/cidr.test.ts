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

describe('cidr', () => {
  const within = (block: string, address: unknown) => matches({ ip: [{ cidr: block }] }, { ip: address });

  it('matches IPv4 blocks', () => {
    expect(within('10.0.0.0/24', '10.0.0.255')).toBe(true);
    expect(within('10.0.0.0/24', '10.0.1.0')).toBe(false);
    expect(within('0.0.0.0/0', '255.255.255.255')).toBe(true);
    expect(within('220.160.153.171/31', '220.160.153.170')).toBe(true);
    expect(within('220.160.153.171/31', '220.160.153.172')).toBe(false);
  });

  it('ignores host bits of the pattern', () => {
    expect(within('220.160.154.255/24', '220.160.154.0')).toBe(true);
    expect(within('10.1.2.3/8', '10.255.0.1')).toBe(true);
  });

  it('matches IPv6 blocks in any notation', () => {
    expect(within('2001:db8::/32', '2001:0DB8:ffff::1')).toBe(true);
    expect(within('2001:db8:1234:1a00::/64', '2001:db8:1234:1a00:0:0:0:9')).toBe(true);
    expect(within('2001:db8:1234:1a00::/64', '2001:0db8:123f:1a01:0000:0000:0000:0000')).toBe(false);
    expect(within('::/0', '::1')).toBe(true);
    expect(within('2001:db8::/127', '2001:db8::1')).toBe(true);
  });

  it('matches addresses of its own family only', () => {
    expect(within('0.0.0.0/0', '::1')).toBe(false);
    expect(within('::/0', '10.0.0.1')).toBe(false);
  });

  it('matches strings that are valid addresses only', () => {
    expect(within('10.0.0.0/8', '10.0.0.256')).toBe(false);
    expect(within('10.0.0.0/8', 10)).toBe(false);
    expect(within('10.0.0.0/8', null)).toBe(false);
    expect(within('10.0.0.0/8', '10.0.0.1 ')).toBe(false);
    expect(within('10.0.0.0/8', ['192.168.0.1', '10.9.9.9'])).toBe(true);
    expect(within('10.0.0.0/8', 'ec2.amazonaws.com')).toBe(false);
  });

  it('rejects full-length masks, as event-ruler does', () => {
    expect(reasonOf({ ip: [{ cidr: '10.0.0.1/32' }] })).toBe('IPv4 mask bits must be < 32');
    expect(reasonOf({ ip: [{ cidr: '::1/128' }] })).toBe('IPv6 mask bits must be < 128');
  });
});
