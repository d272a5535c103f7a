import { isIPv4, isIPv6 } from 'node:net';
import type { PiiKind } from './kinds';
import { looksLikeCardNumber } from './luhn';

/** Character counts of a text, taken in one pass: what each detector needs before its pattern is worth running. */
export interface TextStats {
  readonly digits: number;
  /**
   * The most digits in one stretch where at most two of ` -.()` separate digits (`(415) 555-2671`: 10):
   * a card or a national phone number needs such a stretch; code addresses (`0x00000001b7e8d2d4`) and
   * timestamps do not have one.
   */
  readonly digitSpan: number;
  /** The same, for stretches with at least one separator in them (national formats are always grouped). */
  readonly groupedSpan: number;
  /** `::` somewhere: a compressed IPv6 address has it, a full one has seven colons. */
  readonly doubleColon: boolean;
  readonly colons: number;
  readonly dots: number;
  readonly at: boolean;
  readonly plus: boolean;
}

/** One kind of personal data: candidates found by a pattern, then confirmed by a check of the match. */
export interface PiiDetector {
  readonly kind: PiiKind;
  /**
   * A necessary condition on the text's characters. Measured reason: running every pattern over every
   * string cost ten times JSON.parse on crash payloads (an e-mail pattern is tried at each letter); the
   * gates leave the patterns to the few strings that could match (bench/piiGuard.ts).
   */
  readonly gate: (stats: TextStats) => boolean;
  /** Global: scanned from the start of each value. */
  readonly pattern: RegExp;
  readonly confirm?: (match: string) => boolean;
}

/** The counts the gates read, in one pass over the text. */
export function textStats(text: string): TextStats {
  let digits = 0;
  let digitSpan = 0;
  let groupedSpan = 0;
  let span = 0;
  let separators = 0;
  let grouped = false;
  let doubleColon = false;
  let colons = 0;
  let dots = 0;
  let at = false;
  let plus = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits += 1;
      span += 1;
      separators = 0;
      if (span > digitSpan) digitSpan = span;
      if (grouped && span > groupedSpan) groupedSpan = span;
      continue;
    }
    // space - . ( ) keep a stretch going, two at most in a row
    if (c === 32 || c === 45 || c === 46 || c === 40 || c === 41) {
      separators += 1;
      if (span > 0) grouped = true;
      if (separators > 2) {
        span = 0;
        grouped = false;
      }
    } else {
      span = 0;
      grouped = false;
    }
    if (c === 58) {
      colons += 1;
      if (i > 0 && text.charCodeAt(i - 1) === 58) doubleColon = true;
    } else if (c === 46) dots += 1;
    else if (c === 64) at = true;
    else if (c === 43) plus = true;
  }
  return { digits, digitSpan, groupedSpan, doubleColon, colons, dots, at, plus };
}

/*
 * The boundaries are what keeps release strings, module paths and versions out. A candidate may not
 * touch a word character, nor follow `.`, `+`, `-`, `@` or `/`: `app@1.2.3+4`, the semver build in
 * `1.0.0+20130313144700`, the Go pseudo-version `v0.0.0-20231016165738-49dd2c1f3d0f`, `Chrome/120.0.0.0`,
 * `0x7fff5fbff8a8`, UUID groups and the digits of a hex id all fail the boundary before any check runs.
 * Nor may it be followed by `.<digit>` (a longer version or an OID: `1.3.6.1.4.1`).
 */
const BEFORE = String.raw`(?<![\w.+\-@/#])`;
const AFTER = String.raw`(?![\w\-@/]|\.\d)`;

/**
 * An e-mail address: a dot-atom local part, then a domain whose last label is letters (a TLD). A
 * version after `@` (`mod/v3@v3.0.0/file.go`, `com.example.app@2.1.0`, `java.lang.Object@1b6d3586`) has
 * no alphabetic TLD, so it never matches.
 */
const email: PiiDetector = {
  kind: 'email',
  gate: (t) => t.at && t.dots > 0,
  pattern:
    /(?<![\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g,
};

/** At least 13 digits, single spaces or dashes between groups (one kind of separator), a card's prefix, length and Luhn. */
const card: PiiDetector = {
  kind: 'card',
  gate: (t) => t.digitSpan >= 13,
  pattern: new RegExp(`${BEFORE}\\d(?:[ -]?\\d){12,18}${AFTER}`, 'g'),
  confirm: (match) => {
    const separators = new Set(match.replace(/\d/g, ''));
    return separators.size <= 1 && looksLikeCardNumber(match.replace(/\D/g, ''));
  },
};

/**
 * A number in international (E.164) form: `+`, a country code, 8 to 15 digits in all, grouped by spaces,
 * dashes or an area code in parentheses.
 */
const e164: PiiDetector = {
  kind: 'phone',
  gate: (t) => t.plus && t.digits >= 8,
  pattern: new RegExp(`${BEFORE}\\+[1-9]\\d{0,3}(?:[ -]?\\(\\d{1,4}\\)|[ -]?\\d{1,8}){1,6}${AFTER}`, 'g'),
  confirm: (match) => {
    const digits = match.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15;
  },
};

/** North American numbers: `(415) 555-2671`, `415-555-2671`, `415.555.2671`, `415 555 2671` (area code and exchange start 2-9). */
const nanp: PiiDetector = {
  kind: 'phone',
  gate: (t) => t.groupedSpan >= 10,
  pattern: new RegExp(`${BEFORE}(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}([-. ]))[2-9]\\d{2}(?:\\1|[-. ])\\d{4}${AFTER}`, 'g'),
  confirm: (match) => {
    const separators = new Set(match.replace(/^\(\d{3}\) ?/, '').replace(/\d/g, ''));
    return separators.size === 1;
  },
};

/**
 * National numbers with a trunk prefix 0, as most of Europe writes them: `020 7946 0958`, `07700 900123`,
 * `06 12 34 56 78`, `030-1234567`, `(0)30 1234567`: grouped (never one bare run of digits, which is as
 * likely an id), each group at least two digits, 10 or 11 digits in all.
 */
const national: PiiDetector = {
  kind: 'phone',
  gate: (t) => t.groupedSpan >= 10,
  pattern: new RegExp(`${BEFORE}(?:\\(0\\) ?\\d{1,4}|\\(0\\d{1,4}\\) ?\\d{2,8}|0\\d{1,4})(?:[ -]\\d{2,8}){1,4}${AFTER}`, 'g'),
  confirm: (match) => {
    const digits = match.replace(/\D/g, '').length;
    const separators = new Set(match.replace(/^\(0\d*\) ?/, '').replace(/\d/g, ''));
    return digits >= 10 && digits <= 11 && separators.size <= 1;
  },
};

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

/**
 * A dotted-quad IPv4 address. It may follow `//` (a URL's host) or `:`, never a product token's `/`
 * (`Chrome/120.0.0.0`), and a path may follow it. A four-part version written alone (`1.2.3.4`) cannot be told from an address.
 */
const ipv4: PiiDetector = {
  kind: 'ipv4',
  gate: (t) => t.dots >= 3 && t.digits >= 4,
  pattern: new RegExp(`(?<![\\w.+\\-@#]|[\\w.\\-]/)${OCTET}(?:\\.${OCTET}){3}(?![\\w\\-@]|\\.\\d)`, 'g'),
  confirm: (match) => isIPv4(match),
};

/**
 * An IPv6 address (compressed or full, an embedded IPv4 allowed), confirmed by node:net. At least three
 * groups with digits in them, so that `::1`, `fe80::1` and C++ or Rust paths (`std::vector`, `d::`) stay out.
 */
const ipv6: PiiDetector = {
  kind: 'ipv6',
  gate: (t) => t.doubleColon || t.colons >= 7,
  pattern: /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g,
  confirm: (match) => isIPv6(match) && match.split(/[:.]/).filter((g) => g !== '').length >= 3,
};

/** In order of precedence, for matches that overlap (a card number is not also a phone number). */
export const PII_DETECTORS: readonly PiiDetector[] = [email, card, ipv6, ipv4, e164, nanp, national];
