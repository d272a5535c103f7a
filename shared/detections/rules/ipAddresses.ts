import { z } from 'zod';
import { ipRangeContains, parseCidr, parseIpAddress, type IpAddress, type IpRange } from '../../eventPattern/ip';

/**
 * Source addresses as CloudTrail writes them: an IPv4 or IPv6 literal, or a service's hostname
 * (`cloudformation.amazonaws.com`), or `AWS Internal`. Only literals are addresses; the rest is AWS
 * acting on the caller's behalf.
 */

/** The address of a CloudTrail sourceIPAddress, or undefined for a hostname, `AWS Internal` or nothing. */
export function sourceAddress(text: string | undefined): IpAddress | undefined {
  return text ? (parseIpAddress(text.trim()) ?? undefined) : undefined;
}

/**
 * An address in one spelling, so that two spellings of it are one group key: dotted decimal for IPv4, and for
 * IPv6 lower-case groups without leading zeros, the longest run of two or more zero groups written `::` (RFC 5952).
 */
export function canonicalAddress(address: IpAddress): string {
  if (address.family === 4) {
    const word = address.words[0]!;
    return [24, 16, 8, 0].map((shift) => (word >>> shift) & 0xff).join('.');
  }
  const groups = address.words.flatMap((word) => [word >>> 16, word & 0xffff]);
  let best = { start: -1, length: 0 };
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let end = i;
    while (end < groups.length && groups[end] === 0) end += 1;
    if (end - i > best.length) best = { start: i, length: end - i };
    i = end;
  }
  const hex = (list: number[]) => list.map((g) => g.toString(16)).join(':');
  if (best.length < 2) return hex(groups);
  return `${hex(groups.slice(0, best.start))}::${hex(groups.slice(best.start + best.length))}`;
}

/** The canonical spelling of a source that is an address, else the source as written (a hostname stays itself). */
export function sourceKey(text: string): string {
  const address = sourceAddress(text);
  return address ? canonicalAddress(address) : text.trim();
}

/** A list of sources (an allow- or ignore-list) in sourceKey spelling, compiled once per parameter value. */
const sourceSets = new WeakMap<readonly string[], Set<string>>();
export function sourceSetOf(list: readonly string[]): Set<string> {
  let set = sourceSets.get(list);
  if (!set) sourceSets.set(list, (set = new Set(list.map(sourceKey))));
  return set;
}

/** A CIDR or a bare address as a range: `/32` and `/128` (a single address) are accepted, unlike in event patterns. */
export function rangeOf(text: string): IpRange | undefined {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  const address = parseIpAddress(slash === -1 ? trimmed : trimmed.slice(0, slash));
  if (!address) return undefined;
  const bits = slash === -1 ? undefined : trimmed.slice(slash + 1);
  const full = address.family === 4 ? '32' : '128';
  if (bits === undefined || bits === full) return { family: address.family, low: address.words, high: address.words };
  try {
    return parseCidr(trimmed);
  } catch {
    return undefined;
  }
}

/** Not routable on the internet: private, shared (CGNAT), loopback, link-local, unspecified, unique-local IPv6. */
const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '::/127',
  'fc00::/7',
  'fe80::/10',
].map((cidr) => rangeOf(cidr)!);

/**
 * Whether an address is public. The documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) count as public: they stand for internet addresses in examples and test data.
 */
export function isPublicAddress(address: IpAddress): boolean {
  return !NON_PUBLIC.some((range) => ipRangeContains(range, address));
}

/** `public4`, `public6`, `private4` or `private6`: addresses of one class are comparable as "another place". */
export function addressClass(address: IpAddress): string {
  return `${isPublicAddress(address) ? 'public' : 'private'}${address.family}`;
}

/**
 * A list of CIDRs, given either as strings or in the shape of AWS's published ip-ranges.json
 * (https://ip-ranges.amazonaws.com/ip-ranges.json: `prefixes[].ip_prefix`, `ipv6_prefixes[].ipv6_prefix`;
 * its other fields are ignored). Every entry must parse, so a typo fails the cold start.
 */
const cidr = z.string().refine((text) => rangeOf(text) !== undefined, { message: 'expected an IPv4 or IPv6 CIDR or address' });
export const CidrListSchema = z.union([
  z.array(cidr),
  z.looseObject({
    prefixes: z.array(z.looseObject({ ip_prefix: cidr })).default([]),
    ipv6_prefixes: z.array(z.looseObject({ ipv6_prefix: cidr })).default([]),
  }),
]);
export type CidrList = z.output<typeof CidrListSchema>;

/** The CIDR strings of a list in either shape. */
export function cidrsOf(list: CidrList): string[] {
  if (Array.isArray(list)) return list;
  return [...list.prefixes.map((p) => p.ip_prefix), ...list.ipv6_prefixes.map((p) => p.ipv6_prefix)];
}

/** A set of ranges, searched in O(log n): sorted by low bound, overlaps merged. */
export class RangeSet {
  private readonly byFamily = new Map<4 | 6, IpRange[]>();

  constructor(cidrs: readonly string[]) {
    const parsed = cidrs.map(rangeOf).filter((r): r is IpRange => r !== undefined);
    for (const family of [4, 6] as const) {
      const sorted = parsed.filter((r) => r.family === family).sort((a, b) => compare(a.low, b.low));
      const merged: IpRange[] = [];
      for (const range of sorted) {
        const last = merged[merged.length - 1];
        if (last && compare(range.low, last.high) <= 0) {
          if (compare(range.high, last.high) > 0) merged[merged.length - 1] = { ...last, high: range.high };
        } else merged.push(range);
      }
      this.byFamily.set(family, merged);
    }
  }

  get size(): number {
    return (this.byFamily.get(4)?.length ?? 0) + (this.byFamily.get(6)?.length ?? 0);
  }

  contains(address: IpAddress): boolean {
    const ranges = this.byFamily.get(address.family) ?? [];
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const range = ranges[middle]!;
      if (compare(address.words, range.low) < 0) high = middle - 1;
      else if (compare(address.words, range.high) > 0) low = middle + 1;
      else return true;
    }
    return false;
  }
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** One compiled RangeSet per parameter value: parameters are resolved once per engine, so this is compiled once. */
const compiled = new WeakMap<object, RangeSet>();
export function rangeSetOf(list: CidrList): RangeSet {
  let set = compiled.get(list);
  if (!set) compiled.set(list, (set = new RangeSet(cidrsOf(list))));
  return set;
}
