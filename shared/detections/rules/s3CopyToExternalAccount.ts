import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, stringParam } from './requestValues';

/**
 * s3-copy-to-external-account: CopyObject (success) whose resources name more than one account: the
 * object left the account it was in (or came from another one).
 */
export const s3CopyToExternalAccount: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 's3-copy-to-external-account',
    title: 'S3 object copied across accounts',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['CopyObject'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 's3.amazonaws.com' || record.eventName !== 'CopyObject' || !succeeded(record)) return undefined;
    const resources = record.resources ?? [];
    const accounts = [...new Set(resources.map((r) => r.accountId).filter((a): a is string => typeof a === 'string' && a !== ''))];
    if (accounts.length < 2) return undefined;
    const params = record.requestParameters ?? {};
    const account = accountOf(event);
    const destination = stringParam(params.bucketName) ?? 'unknown-bucket';
    const key = stringParam(params.key) ?? '';
    const source = stringParam(params['x-amz-copy-source']) ?? 'unknown-source';
    const arns = resources
      .map((r) => r.ARN ?? (r as Record<string, unknown>).arn)
      .filter((a): a is string => typeof a === 'string' && a.startsWith('arn:'));
    return {
      subject: `arn:aws:s3:::${destination}`,
      dedupKey: `${account}:${destination}:${accounts.sort().join(',')}`,
      description:
        `${actorOf(record)} copied s3://${source} to s3://${destination}/${key} across accounts ` +
        `${accounts.join(' and ')} (recorded in account ${account}, ${record.awsRegion}). ` +
        'Copying into a bucket of another account is a quick way to take data out.',
      resources: [...new Set(arns)],
      evidence: { ...callEvidence(record), account, destinationBucket: destination, key, copySource: source, accounts: accounts.join(',') },
    } satisfies DetectionHit;
  },
};
