import type { Origin, ReplayItem } from './types';

/** Quarantined items keep at most this much of the offending text (UTF-8 bytes). */
const RAW_LIMIT_BYTES = 2048;

/** Cuts `text` to at most `limit` UTF-8 bytes, never inside a character; a cut text ends with "…". */
function truncateRaw(text: string, limit = RAW_LIMIT_BYTES): string {
  // Cheap exit: a UTF-16 unit is at most 3 UTF-8 bytes.
  if (text.length * 3 <= limit || Buffer.byteLength(text, 'utf8') <= limit) return text;
  const ellipsis = '…'; // 3 bytes
  let cut = Buffer.from(text.slice(0, limit), 'utf8')
    .subarray(0, limit - Buffer.byteLength(ellipsis))
    .toString('utf8');
  // A multi-byte character split by the byte cut decodes to U+FFFD: drop it.
  while (cut.endsWith('\uFFFD') && !text.startsWith(cut)) cut = cut.slice(0, -1);
  return cut + ellipsis;
}

/**
 * What a value is, for a reason: "a string", "an object", "null". Reasons say what kind of value was
 * found, never the value: it may be Restricted data (an email, a user id).
 */
function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

/** "line 7", "index 3", "line 1, index 3", or "" for a whole file. */
function describeOrigin(origin: Origin): string {
  const parts: string[] = [];
  if (origin.line !== undefined) parts.push(`line ${origin.line}`);
  if (origin.index !== undefined) parts.push(`index ${origin.index}`);
  return parts.join(', ');
}

/** A quarantined item whose reason starts with where it was found. */
function quarantined(origin: Origin, reason: string, raw: string): ReplayItem {
  const where = describeOrigin(origin);
  return { kind: 'quarantined', reason: where ? `${where}: ${reason}` : reason, raw: truncateRaw(raw), origin };
}

export { RAW_LIMIT_BYTES, truncateRaw, describeOrigin, describeType, quarantined };
