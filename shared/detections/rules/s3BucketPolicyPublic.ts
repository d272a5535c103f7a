import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { publicStatements } from './policyDocument';
import { accountOf, callEvidence, stringParam } from './requestValues';

/**
 * s3-bucket-policy-public: PutBucketPolicy (success) with an Allow to Principal "*" that no
 * SourceVpc, SourceVpce, PrincipalOrgID, SourceIp or SourceAccount condition limits.
 */
export const s3BucketPolicyPublic: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 's3-bucket-policy-public',
    title: 'S3 bucket policy grants access to everyone',
    severity: 'critical',
    mitre: ['T1530'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketPolicy'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || record.eventName !== 'PutBucketPolicy' || !succeeded(record)) return undefined;
    const params = record.requestParameters ?? {};
    const open = publicStatements(params.bucketPolicy ?? params.policy);
    if (open.length === 0) return undefined;
    const account = accountOf(event);
    const bucket = stringParam(params.bucketName) ?? 'unknown-bucket';
    const sids = open.map((s) => (typeof s.Sid === 'string' ? s.Sid : '(no Sid)')).join(', ');
    return {
      subject: `arn:aws:s3:::${bucket}`,
      dedupKey: `${account}:${bucket}`,
      description:
        `${actorOf(record)} set a bucket policy on s3://${bucket} (account ${account}, ${record.awsRegion}) with ` +
        `${open.length} Allow statement(s) to Principal "*" and no limiting condition (Sid: ${sids}). ` +
        'Anyone on the internet may now use what those statements allow.',
      resources: [`arn:aws:s3:::${bucket}`],
      evidence: { ...callEvidence(record), account, bucket, publicStatements: open.length, statementSids: sids },
    } satisfies DetectionHit;
  },
};
