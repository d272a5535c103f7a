import { createHash } from 'node:crypto';

/**
 * Deterministic event ids for wrapped CloudTrail records. EventBridge gives every delivery a fresh
 * random id; a replay must not, or replaying the same capture twice would defeat the idempotency
 * keys downstream. So the id is a name-based UUID (RFC 9562 version 5: SHA-1 over namespace + name)
 * of the record's eventID, under a namespace of our own.
 */
const CLOUDTRAIL_ID_NAMESPACE = '143ce2a6-fec8-4612-9c33-5832a1b72efd';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 9562 UUID version 5 of `name` in `namespace` (itself a UUID). */
function uuidV5(name: string, namespace: string): string {
  if (!UUID_RE.test(namespace)) throw new TypeError(`namespace is not a UUID: ${namespace}`);
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** JSON with object keys sorted, so equal values give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * The envelope id for a CloudTrail record: from its eventID when it has one (so two copies of one
 * event, e.g. delivered by an organization trail and an account trail, get one id), otherwise from
 * the record's whole content.
 */
function cloudTrailEventId(record: Record<string, unknown>): string {
  const eventID = record.eventID;
  if (typeof eventID === 'string' && eventID !== '') return uuidV5(`eventID:${eventID}`, CLOUDTRAIL_ID_NAMESPACE);
  return uuidV5(`record:${canonicalJson(record)}`, CLOUDTRAIL_ID_NAMESPACE);
}

export { CLOUDTRAIL_ID_NAMESPACE, uuidV5, canonicalJson, cloudTrailEventId };
