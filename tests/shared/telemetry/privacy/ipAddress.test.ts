import { isIpField, truncateIp } from '../../../../shared/telemetry/privacy';

describe('truncateIp: IPv4 to its /24, IPv6 to its /48', () => {
  test.each([
    ['203.0.113.77', '203.0.113.0'],
    ['10.0.0.1', '10.0.0.0'],
    ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
    ['2001:0db8:0000:0000:0000:ff00:0042:8329', '2001:db8:0::'],
    ['2001:db8::1', '2001:db8:0::'],
    ['::1', '0:0:0::'],
    ['fe80::1%eth0', 'fe80:0:0::'],
    ['::ffff:203.0.113.77', '::ffff:203.0.113.0'],
  ])('%s -> %s', (input, expected) => {
    expect(truncateIp(input)).toBe(expected);
  });

  test.each(['not an ip', '999.1.1.1', '', 'app@1.2.3+4'])('%j is not an address: undefined', (input) => {
    expect(truncateIp(input)).toBeUndefined();
  });
});

test('isIpField: the last segment names an IP address field', () => {
  expect(isIpField('properties.clientIp')).toBe(true);
  expect(isIpField('batch.device.ipAddress')).toBe(true);
  expect(isIpField('properties.ip')).toBe(true);
  expect(isIpField('properties.shipping')).toBe(false);
  expect(isIpField('properties.tip')).toBe(false);
});

test.each([
  ['IP', true],
  ['properties.ClientIP', true],
  ['properties.SOURCE_IP', true],
  ['batch.device.IpAddress', true],
  ['properties.ip_address', true],
  ['properties.remote_ip', true],
  ['properties.ips', false],
  ['properties.zip', false],
  ['properties.ipv', false],
  ['timestamp', false],
  ['', false],
])('isIpField(%j) is %s, whatever the case of its last letter', (path, expected) => {
  expect(isIpField(path)).toBe(expected);
});
