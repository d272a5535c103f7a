import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { fieldOf } from './personHelpers';
import { accountOf, callEvidence, stringParam } from './requestValues';

/** The calls, and what each means; the serial console reaches an instance even with its network cut off (high). */
const CALLS: Record<string, { source: string; high: boolean }> = {
  SendSSHPublicKey: { source: 'ec2-instance-connect.amazonaws.com', high: false },
  SendSerialConsoleSSHPublicKey: { source: 'ec2-instance-connect.amazonaws.com', high: true },
  EnableSerialConsoleAccess: { source: 'ec2.amazonaws.com', high: true },
};

/**
 * ec2-instance-connect-key-pushed: an SSH key pushed to an instance through EC2 Instance Connect (medium),
 * to its serial console (high), or the account's serial console access switched on (high). The catalogue
 * row does not say "success", so attempts count: a denied push still shows someone trying to get a shell.
 */
export const ec2InstanceConnectKeyPushed: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'ec2-instance-connect-key-pushed',
    title: 'SSH key pushed to an EC2 instance or serial console access enabled',
    severity: 'medium',
    mitre: ['T1098.004'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.ec2-instance-connect', 'aws.ec2'],
    detail: {
      eventSource: ['ec2-instance-connect.amazonaws.com', 'ec2.amazonaws.com'],
      eventName: Object.keys(CALLS),
    },
  },
  evaluate(event) {
    const record = event.detail;
    const call = Object.hasOwn(CALLS, record.eventName) ? CALLS[record.eventName] : undefined;
    if (!call || record.eventSource !== call.source) return undefined;
    const request = record.requestParameters ?? {};
    const account = accountOf(event);
    const actor = actorOf(record);
    const outcome = outcomeOf(record);
    if (record.eventName === 'EnableSerialConsoleAccess') {
      // An account-wide setting (per region): the subject is the account, so one finding per account and region.
      return {
        subject: `arn:aws:ec2:${record.awsRegion}:${account}:serial-console-access`,
        dedupKey: `${account}:${record.awsRegion}:serial-console`,
        description:
          `${actor} enabled EC2 serial console access for account ${account} in ${record.awsRegion}${outcome}. ` +
          'The serial console gives a shell on any instance that has a password user, whatever its security groups.',
        severity: 'high',
        resources: [],
        evidence: { ...callEvidence(record), account, errorCode: record.errorCode || null },
      } satisfies DetectionHit;
    }
    const instance = stringParam(fieldOf(request, 'instanceId')) ?? 'unknown-instance';
    const osUser = stringParam(fieldOf(request, 'instanceOSUser')) ?? stringParam(fieldOf(request, 'osUser')) ?? null;
    const arn = `arn:aws:ec2:${record.awsRegion}:${account}:instance/${instance}`;
    const where = call.high ? 'serial console' : `SSH${osUser ? ` as ${osUser}` : ''}`;
    return {
      subject: arn,
      dedupKey: `${account}:${instance}:${actor}`,
      description:
        `${actor} pushed an SSH public key for the ${where} of EC2 instance ${instance} (account ${account}, ${record.awsRegion})` +
        `${outcome}. The key is valid for 60 seconds: long enough to sign in and leave a persistent key behind.`,
      severity: call.high ? 'high' : undefined,
      resources: [arn],
      evidence: {
        ...callEvidence(record),
        account,
        instanceId: instance,
        osUser,
        serialPort: typeof fieldOf(request, 'serialPort') === 'number' ? (fieldOf(request, 'serialPort') as number) : null,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};
