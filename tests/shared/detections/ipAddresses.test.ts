import { parseIpAddress } from '../../../shared/eventPattern/ip';
import {
  addressClass,
  canonicalAddress,
  CidrListSchema,
  cidrsOf,
  isPublicAddress,
  RangeSet,
  rangeOf,
  rangeSetOf,
  sourceAddress,
} from '../../../shared/detections/rules/ipAddresses';

const ip = (text: string) => parseIpAddress(text)!;

test('a CloudTrail source is an address only when it is an IP literal', () => {
  expect(sourceAddress('45.33.32.156')).toEqual(ip('45.33.32.156'));
  expect(sourceAddress('2001:db8::7')).toEqual(ip('2001:db8::7'));
  for (const text of ['AWS Internal', 'cloudformation.amazonaws.com', '', undefined]) expect(sourceAddress(text)).toBeUndefined();
});

test('an address has one spelling: IPv6 compressed and lower-case, IPv4-mapped as IPv4', () => {
  expect(canonicalAddress(ip('45.33.32.156'))).toBe('45.33.32.156');
  expect(canonicalAddress(ip('2001:0DB8:0000:0000:0000:0000:0000:0007'))).toBe('2001:db8::7');
  expect(canonicalAddress(ip('2001:db8:0:1:0:0:0:1'))).toBe('2001:db8:0:1::1');
  expect(canonicalAddress(ip('2001:db8:1:1:1:1:0:1'))).toBe('2001:db8:1:1:1:1:0:1');
  expect(canonicalAddress(ip('::'))).toBe('::');
  expect(canonicalAddress(ip('::ffff:a00:132'))).toBe('10.0.1.50');
});

test('public and private addresses, and their classes', () => {
  for (const text of [
    '10.0.1.50',
    '172.31.255.1',
    '192.168.0.9',
    '100.64.3.2',
    '127.0.0.1',
    '169.254.169.254',
    'fd00::1',
    'fe80::1',
    '::1',
  ]) {
    expect([text, isPublicAddress(ip(text))]).toEqual([text, false]);
  }
  for (const text of ['45.33.32.156', '52.42.146.205', '172.32.0.1', '198.51.100.23', '2600:1f14::1']) {
    expect([text, isPublicAddress(ip(text))]).toEqual([text, true]);
  }
  expect([addressClass(ip('10.0.1.50')), addressClass(ip('52.40.1.1')), addressClass(ip('2600:1f14::1'))]).toEqual([
    'private4',
    'public4',
    'public6',
  ]);
});

test('ranges: CIDRs of both families, single addresses and /32, overlaps merged, looked up by bisection', () => {
  const set = new RangeSet(['52.40.0.0/14', '52.42.0.0/16', '3.5.80.0/21', '203.0.113.9', '198.51.100.7/32', '2600:1f00::/24']);
  expect(set.size).toBe(5);
  for (const text of ['52.40.0.0', '52.43.255.255', '52.42.146.205', '3.5.87.1', '203.0.113.9', '198.51.100.7', '2600:1f14::1']) {
    expect([text, set.contains(ip(text))]).toEqual([text, true]);
  }
  for (const text of ['52.39.255.255', '52.44.0.0', '3.5.88.0', '203.0.113.10', '45.33.32.156', '2600:2000::1']) {
    expect([text, set.contains(ip(text))]).toEqual([text, false]);
  }
  expect(rangeOf('52.40.0.0/33')).toBeUndefined();
  expect(rangeOf('not-an-address/8')).toBeUndefined();
});

test("the ranges parameter takes a CIDR list or AWS's ip-ranges.json shape, and rejects a bad CIDR", () => {
  const file = {
    syncToken: '1700000000',
    createDate: '2026-11-01-00-00-00',
    prefixes: [{ ip_prefix: '52.40.0.0/14', region: 'us-west-2', service: 'EC2', network_border_group: 'us-west-2' }],
    ipv6_prefixes: [{ ipv6_prefix: '2600:1f00::/24', region: 'us-west-2', service: 'EC2', network_border_group: 'us-west-2' }],
  };
  const parsed = CidrListSchema.parse(file);
  expect(cidrsOf(parsed)).toEqual(['52.40.0.0/14', '2600:1f00::/24']);
  expect(rangeSetOf(parsed).contains(ip('2600:1f00::5'))).toBe(true);
  expect(rangeSetOf(parsed)).toBe(rangeSetOf(parsed));
  expect(cidrsOf(CidrListSchema.parse(['10.0.0.0/8']))).toEqual(['10.0.0.0/8']);
  expect(CidrListSchema.safeParse(['10.0.0.0/40']).success).toBe(false);
  expect(CidrListSchema.safeParse({ prefixes: [{ ip_prefix: 'nonsense' }] }).success).toBe(false);
});
