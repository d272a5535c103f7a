import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf } from './identityHelpers';

// When a record lacks readOnly (older event versions), the verb says whether the call only read.
const READ_VERB = /^(Get|List|Describe|Head|Lookup|Search|Select|Scan|Query|BatchGet|Check|Preview|View)/;

/**
 * root-account-usage: any call by Root that Root made itself (no invokedBy, not a service event), failed or
 * not; one finding per account and source IP per window; critical when the call writes.
 */
export const rootAccountUsage: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'root-account-usage',
    title: 'Root user credentials used',
    severity: 'high',
    mitre: ['T1078.004'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  // Any service: the pattern indexes on the identity type only.
  trigger: { detail: { userIdentity: { type: ['Root'] } } },
  evaluate(event) {
    const record = event.detail;
    if (record.userIdentity.type !== 'Root') return undefined;
    // A call AWS made on root's behalf (invokedBy) or a service event is not someone holding root's credentials.
    if (record.userIdentity.invokedBy) return undefined;
    if (record.eventType === 'AwsServiceEvent') return undefined;
    const account = accountOf(event);
    const ip = record.sourceIPAddress ?? 'unknown-ip';
    const write = isWrite(record);
    return {
      subject: record.userIdentity.arn || `arn:aws:iam::${account}:root`,
      dedupKey: `${account}:${ip}`,
      description:
        `The root user of account ${account} called ${record.eventSource} ${record.eventName}${outcomeOf(record)} ` +
        `in ${record.awsRegion} from ${ip}${write ? ', a call that changes resources' : ''}. ` +
        'Root cannot be limited by IAM and should be used only for the few tasks that require it.',
      ...(write ? { severity: 'critical' as const } : {}),
      resources: [],
      evidence: { ...callerEvidence(record), account, eventSource: record.eventSource, write },
    };
  },
};

/**
 * A write changes resources. A console sign-in is recorded with readOnly false but changes nothing (and
 * root-console-login covers it): it stays high.
 */
function isWrite(record: CloudTrailRecord): boolean {
  if (record.eventType === 'AwsConsoleSignIn') return false;
  if (typeof record.readOnly === 'boolean') return !record.readOnly;
  return !READ_VERB.test(record.eventName);
}
