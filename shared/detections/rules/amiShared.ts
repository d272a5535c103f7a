import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { describeShares, sharesOf } from './ec2Sharing';
import { accountOf, callEvidence, ec2Items, stringParam } from './requestValues';

/**
 * ami-shared: ModifyImageAttribute (success) adding a launchPermission: to group "all" (public,
 * critical), or to an account, organisation or organisational unit (high).
 */
export const amiShared: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'ami-shared',
    title: 'AMI shared with another account or made public',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['ModifyImageAttribute'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'ModifyImageAttribute' || !succeeded(record)) return undefined;
    const params = record.requestParameters ?? {};
    const permission = params.launchPermission;
    const shares = sharesOf(ec2Items((permission as Record<string, unknown> | undefined)?.add));
    if (shares.accounts.length === 0 && !shares.public && shares.other.length === 0) return undefined;
    const account = accountOf(event);
    const image = stringParam(params.imageId) ?? 'unknown-image';
    const arn = `arn:aws:ec2:${record.awsRegion}::image/${image}`;
    return {
      subject: arn,
      dedupKey: `${account}:${image}`,
      description:
        `${actorOf(record)} shared AMI ${image} (account ${account}, ${record.awsRegion}) with ${describeShares(shares)}. ` +
        'Whoever it is shared with can launch it and read its disks, and any data or secrets baked in.',
      severity: shares.public ? 'critical' : undefined,
      resources: [arn],
      evidence: {
        ...callEvidence(record),
        account,
        imageId: image,
        public: shares.public,
        sharedWithAccounts: shares.accounts.join(','),
        sharedWithOrganizations: shares.other.join(','),
      },
    } satisfies DetectionHit;
  },
};
