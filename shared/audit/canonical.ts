import { createHash } from 'node:crypto';
import { AuditError } from './errors';

/**
 * The canonical serialisation an audit record is hashed over (and stored as): JSON with object keys
 * sorted by code unit, no whitespace, keys whose value is `undefined` left out, strings escaped as
 * JSON.stringify escapes them. Numbers must be safe integers: a float's text form is where two
 * serialisers disagree, and no audit field needs one. The same value always gives the same bytes,
 * so a verifier recomputes a hash from the stored text without trusting any library's key order.
 *
 * @example
 * canonicalJson({ b: 1, a: ['x', { d: true, c: null }] }); // '{"a":["x",{"c":null,"d":true}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new AuditError(`canonicalJson: ${value} is not a safe integer`);
      return String(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    default:
      throw new AuditError(`canonicalJson: a ${typeof value} cannot be serialised`);
  }
}

/** Domain separation: a hash of an audit record can never be the hash of anything else Vigil computes. */
const RECORD_HASH_PREFIX = 'vigil-audit-record/1\n';
const GENESIS_PREFIX = 'vigil-audit-genesis/1\n';

/** SHA-256 (hex) of a record's canonical body: the record's own hash, which the next record names as prevHash. */
export function recordHash(body: string): string {
  return createHash('sha256').update(RECORD_HASH_PREFIX).update(body, 'utf8').digest('hex');
}

/**
 * The `prevHash` of a partition's first record. Derived from the partition's name, so a chain copied
 * into another partition does not verify there.
 */
export function genesisHash(partition: string): string {
  return createHash('sha256').update(GENESIS_PREFIX).update(partition, 'utf8').digest('hex');
}
