import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { isObject } from './policyDocument';
import { accountOf, callEvidence, stringParam, stringsOf } from './requestValues';

const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/i;
const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);
const GRANT_HEADERS = [
  'x-amz-grant-read',
  'x-amz-grant-write',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
];

/**
 * s3-acl-public: PutBucketAcl or PutObjectAcl (success) that grants the AllUsers or AuthenticatedUsers
 * group (in the ACL body or an x-amz-grant-* header) or sets a public canned ACL.
 */
export const s3AclPublic: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 's3-acl-public',
    title: 'S3 bucket or object ACL grants public access',
    severity: 'high',
    mitre: ['T1530'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketAcl', 'PutObjectAcl'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || !succeeded(record)) return undefined;
    if (record.eventName !== 'PutBucketAcl' && record.eventName !== 'PutObjectAcl') return undefined;
    const params = record.requestParameters ?? {};
    const grants = publicGrants(params);
    if (grants.length === 0) return undefined;
    const account = accountOf(event);
    const bucket = stringParam(params.bucketName) ?? 'unknown-bucket';
    const key = record.eventName === 'PutObjectAcl' ? stringParam(params.key) : undefined;
    const arn = key ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`;
    return {
      subject: arn,
      dedupKey: `${account}:${key ? `${bucket}/${key}` : bucket}`,
      description:
        `${actorOf(record)} set an ACL on ${key ? `object s3://${bucket}/${key}` : `bucket s3://${bucket}`} ` +
        `(account ${account}, ${record.awsRegion}) that grants public access: ${grants.join(', ')}.`,
      resources: [arn],
      evidence: { ...callEvidence(record), account, bucket, key: key ?? null, publicGrants: grants.join(', ') },
    } satisfies DetectionHit;
  },
};

/** What in the request opens the ACL, e.g. "canned ACL public-read", "AllUsers READ". */
function publicGrants(params: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const acl of stringsOf(params['x-amz-acl'])) if (PUBLIC_CANNED_ACLS.has(acl.toLowerCase())) found.push(`canned ACL ${acl}`);
  for (const header of GRANT_HEADERS) {
    for (const value of stringsOf(params[header])) {
      const group = PUBLIC_GROUPS.exec(value);
      if (group) found.push(`${group[1]} via ${header}`);
    }
  }
  const policy = params.AccessControlPolicy;
  const list = isObject(policy) ? policy.AccessControlList : undefined;
  const grant = isObject(list) ? list.Grant : undefined;
  for (const g of (Array.isArray(grant) ? grant : [grant]).filter(isObject)) {
    const uri = isObject(g.Grantee) ? g.Grantee.URI : undefined;
    const group = typeof uri === 'string' ? PUBLIC_GROUPS.exec(uri) : null;
    if (group) found.push(`${group[1]} ${typeof g.Permission === 'string' ? g.Permission : 'grant'}`);
  }
  return found;
}
