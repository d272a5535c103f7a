import { actorOf, type CloudTrailEnvelope, type CloudTrailRecord } from '../cloudTrailRecord';
import { isObject } from './policyDocument';

/**
 * Reading CloudTrail request parameters the way the services write them: EC2 wraps lists as
 * {"items": [...]} (sometimes a single object), S3 copies headers as strings or one-element lists,
 * booleans arrive as true or "true".
 */

/** The elements of an EC2 list: {"items": [...]}, {"items": {...}}, a bare array or a single object. */
export function ec2Items(value: unknown): Record<string, unknown>[] {
  if (value === undefined || value === null) return [];
  const inner = isObject(value) && 'items' in value ? value.items : value;
  const list = Array.isArray(inner) ? inner : [inner];
  return list.filter(isObject);
}

/** A header or parameter as a list of strings: "a", ["a"], or [] when absent. */
export function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/** A string parameter, or undefined when absent or empty. */
export function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * A CIDR that admits every address: any IPv4 or IPv6 range with prefix length 0, whatever its
 * address part (198.51.100.7/0 is the whole IPv4 space, as 0.0.0.0/0 is).
 */
export function isWorldCidr(cidr: unknown): boolean {
  if (typeof cidr !== 'string') return false;
  const match = /^\s*([0-9a-fA-F:.]+)\/0*(\d+)\s*$/.exec(cidr);
  return match !== null && Number(match[2]) === 0;
}

/** The common evidence of a finding on one call: who, from where, with what. Scalars only. */
export function callEvidence(record: CloudTrailRecord): Record<string, string | null> {
  return {
    eventName: record.eventName,
    actor: actorOf(record),
    actorType: record.userIdentity.type ?? null,
    sourceIPAddress: record.sourceIPAddress ?? null,
    userAgent: record.userAgent ?? null,
    region: record.awsRegion,
  };
}

/** The account the resource lives in: the recipient of the call, else the envelope's. */
export function accountOf(event: CloudTrailEnvelope): string {
  return event.detail.recipientAccountId ?? event.account;
}
