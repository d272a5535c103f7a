import { InvalidEventPatternError } from './errors';

/**
 * IP addresses as event-ruler sees them: a string is an address only if it has one of two shapes (a dotted quad of
 * decimal numbers, or hex digits and colons) and Java's InetAddress accepts it. Addresses are compared in canonical
 * form, so `2001:db8::1` equals `2001:0DB8:0:0:0:0:0:1`.
 */

/** An address as 32-bit words, most significant first: one word for IPv4, four for IPv6. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly words: readonly number[];
}

/** Inclusive range of addresses of one family (a CIDR block, or a single address). */
export interface IpRange {
  readonly family: 4 | 6;
  readonly low: readonly number[];
  readonly high: readonly number[];
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const HEX_GROUP = /^[0-9a-fA-F]+$/;
const MAX_IPV4_TEXT_LENGTH = 15;

/** True when `text` has the shape event-ruler treats as an IP literal (whether or not it is a valid one). */
export function hasIpAddressShape(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/** The address `text` denotes, or null when it is not an IP literal. */
export function parseIpAddress(text: string): IpAddress | null {
  if (text.length < 2) return null;
  // Cheap rejection of the common case (words, ARNs, ids) before any regex runs.
  if (!isHexDigitOrColon(text.charCodeAt(0))) return null;
  if (text.indexOf(':') === -1) return parseIpv4(text);
  return IPV6_SHAPE.test(text) ? parseIpv6(text) : null;
}

/**
 * A dotted quad of decimal octets, at most 15 characters (Java's limit). Leading zeros (`010.0.0.1`) are rejected:
 * current JDKs refuse such "ambiguous" literals (JDK-8277608), so event-ruler treats them as plain text rather than
 * as 10.0.0.1 or 8.0.0.1. Hand-written because event values are tested against it on the matching path.
 */
function parseIpv4(text: string): IpAddress | null {
  if (text.length > MAX_IPV4_TEXT_LENGTH) return null;
  let word = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e) {
      if (digits === 0) return null;
      word = word * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (code >= 0x30 && code <= 0x39) {
      if (digits === 1 && octet === 0) return null;
      octet = octet * 10 + (code - 0x30);
      digits++;
      if (octet > 255) return null;
    } else {
      return null;
    }
  }
  if (dots !== 3 || digits === 0) return null;
  return { family: 4, words: [word * 256 + octet] };
}

/** Java's rules: at most one `::`, which stands for at least one zero group; a group is any hex run worth ≤ 0xffff. */
function parseIpv6(text: string): IpAddress | null {
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return null;
  let groups: number[] | null;
  if (gap === -1) {
    groups = parseHexGroups(text);
    if (groups === null || groups.length !== 8) return null;
  } else {
    const head = parseHexGroups(text.slice(0, gap));
    const tail = parseHexGroups(text.slice(gap + 2));
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  // Java hands back IPv4-mapped addresses (::ffff:a.b.c.d) as plain IPv4 ones.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return { family: 4, words: [groups[6]! * 0x10000 + groups[7]!] };
  }
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(groups[i]! * 0x10000 + groups[i + 1]!);
  return { family: 6, words };
}

function parseHexGroups(text: string): number[] | null {
  if (text === '') return [];
  const groups: number[] = [];
  for (const group of text.split(':')) {
    if (!HEX_GROUP.test(group)) return null;
    const value = parseInt(group, 16);
    if (value > 0xffff) return null;
    groups.push(value);
  }
  return groups;
}

function isHexDigitOrColon(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** The one-address range an IP-shaped exact string in a pattern compiles to. */
export function singleAddressRange(address: IpAddress): IpRange {
  return { family: address.family, low: address.words, high: address.words };
}

export function ipRangeContains(range: IpRange, address: IpAddress): boolean {
  return range.family === address.family && compareWords(address.words, range.low) >= 0 && compareWords(address.words, range.high) <= 0;
}

function compareWords(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Parses the value of a `cidr` operator, throwing event-ruler's messages. Host bits are allowed and ignored
 * (`10.0.0.7/24` is 10.0.0.0–10.0.0.255). Like event-ruler, a full-length mask (/32, /128) is rejected.
 */
export function parseCidr(text: string): IpRange {
  const parts = splitLikeJava(text, '/');
  if (parts.length !== 2) invalid("Malformed CIDR, one '/' required");
  const [addressText, maskText] = parts as [string, string];
  const maskBits = parseJavaInt(maskText);
  if (maskBits === null) invalid('Malformed CIDR, mask bits must be an integer');
  if (maskBits < 0) invalid('Malformed CIDR, mask bits must not be negative');

  if (!hasIpAddressShape(addressText)) invalid(`Nonstandard IP address: ${addressText}`);
  const address = parseIpAddress(addressText);
  if (address === null) invalid(`Invalid IP address: ${addressText}`);
  if (address.family === 4 && maskBits > 31) invalid('IPv4 mask bits must be < 32');
  if (address.family === 6 && maskBits > 127) invalid('IPv6 mask bits must be < 128');

  const low: number[] = [];
  const high: number[] = [];
  address.words.forEach((word, index) => {
    const bitsInWord = Math.min(32, Math.max(0, maskBits - 32 * index));
    const mask = bitsInWord === 0 ? 0 : (0xffffffff << (32 - bitsInWord)) >>> 0;
    low.push((word & mask) >>> 0);
    high.push((word | ~mask) >>> 0);
  });
  return { family: address.family, low, high };
}

/** Java's String.split: trailing empty strings are dropped ("10.0.0.0/" has one part, not two). */
function splitLikeJava(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java's Integer.parseInt: optional sign, decimal digits, 32-bit range. */
function parseJavaInt(text: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = Number(text);
  return value >= -2147483648 && value <= 2147483647 ? value : null;
}

function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}
