import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, ec2Items, stringParam } from './requestValues';
import { describeShares, sharesOf } from './ec2Sharing';

/**
 * ebs-snapshot-shared: ModifySnapshotAttribute (success) adding a createVolumePermission: to group
 * "all" (public, critical) or to an account (high).
 */
export const ebsSnapshotShared: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'ebs-snapshot-shared',
    title: 'EBS snapshot shared with another account or made public',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifySnapshotAttribute'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'ModifySnapshotAttribute' || !succeeded(record)) {
      return undefined;
    }
    const params = record.requestParameters ?? {};
    const permission = params.createVolumePermission;
    const shares = sharesOf(ec2Items((permission as Record<string, unknown> | undefined)?.add));
    if (shares.accounts.length === 0 && !shares.public && shares.other.length === 0) return undefined;
    const account = accountOf(event);
    const snapshot = stringParam(params.snapshotId) ?? 'unknown-snapshot';
    const arn = `arn:aws:ec2:${record.awsRegion}::snapshot/${snapshot}`;
    return {
      subject: arn,
      dedupKey: `${account}:${snapshot}`,
      description:
        `${actorOf(record)} shared EBS snapshot ${snapshot} (account ${account}, ${record.awsRegion}) with ${describeShares(shares)}. ` +
        'Whoever it is shared with can create a volume from it and read the disk.',
      severity: shares.public ? 'critical' : undefined,
      resources: [arn],
      evidence: {
        ...callEvidence(record),
        account,
        snapshotId: snapshot,
        public: shares.public,
        sharedWithAccounts: shares.accounts.join(','),
      },
    } satisfies DetectionHit;
  },
};
