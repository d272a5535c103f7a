import { isIP } from 'node:net';

/*
 * IP addresses kept in plaintext are truncated to their network (IPv4 /24, IPv6 /48): enough for a
 * country or an ISP, not for a household. A full address is only ever kept sealed, with the
 * Restricted values.
 */

/** Names of fields that hold a client's IP address (matched case-insensitively on the last path segment). */
const IP_FIELD = /^(ip|ipaddress|ip_address|clientip|client_ip|sourceip|source_ip|remoteip|remote_ip)$/i;

/**
 * Every name above ends in `p` or `s` (any case): other paths are answered without the slice and the
 * pattern. Measured reason: every plaintext value of every stored event is asked (bench/telemetryStorage.ts).
 */
export const isIpField = (path: string): boolean => {
  const last = path.charCodeAt(path.length - 1) | 0x20;
  return (last === 0x70 || last === 0x73) && IP_FIELD.test(path.slice(path.lastIndexOf('.') + 1));
};

/**
 * @example
 * truncateIp('203.0.113.77'); // '203.0.113.0'
 * truncateIp('2001:db8:85a3:8d3:1319:8a2e:370:7348'); // '2001:db8:85a3::'
 * truncateIp('not an ip'); // undefined
 */
export function truncateIp(value: string): string | undefined {
  const family = isIP(value);
  if (family === 4) return `${value.split('.').slice(0, 3).join('.')}.0`;
  if (family !== 6) return undefined;
  // An IPv4-mapped address (::ffff:203.0.113.77) is an IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  if (mapped) return `::ffff:${truncateIp(mapped[1]!)}`;
  const groups = expandIpv6(value.replace(/%.*$/, ''));
  return `${groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::`;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two). */
function expandIpv6(value: string): string[] {
  const [head, tail] = value.includes('::') ? value.split('::') : [value, undefined];
  const parts = (text: string | undefined): string[] =>
    !text
      ? []
      : text.split(':').flatMap((p) => {
          if (!p.includes('.')) return [p];
          const [a, b, c, d] = p.split('.').map(Number);
          return [((a! << 8) | b!).toString(16), ((c! << 8) | d!).toString(16)];
        });
  const left = parts(head);
  const right = parts(tail);
  const zeros = tail === undefined ? [] : new Array(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}
