import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { StatelessDetection } from '../detection';
import { accountOf, callerEvidence, outcomeOf, stringAt } from './identityHelpers';

/**
 * root-access-key-created: CreateAccessKey by Root for root itself, attempts included. Root creating a key for
 * an IAM user is not a root key (access-key-created-for-other-user covers it).
 */
export const rootAccessKeyCreated: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'root-access-key-created',
    title: 'Access key created for the root user',
    severity: 'critical',
    mitre: ['T1098.001'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.iam'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: ['CreateAccessKey'], userIdentity: { type: ['Root'] } },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.userIdentity.type !== 'Root') return undefined;
    const key = record.responseElements?.accessKey as Record<string, unknown> | undefined;
    if (stringAt(key, 'userName') ?? stringAt(record.requestParameters, 'userName')) return undefined;
    const account = accountOf(event);
    const root = record.userIdentity.arn || `arn:aws:iam::${account}:root`;
    return {
      subject: root,
      dedupKey: `${account}:root-access-key`,
      description:
        `${actorOf(record)} ${succeeded(record) ? 'created' : 'tried to create'} an access key for the root user of account ` +
        `${account}${outcomeOf(record)} from ${record.sourceIPAddress ?? 'an unknown IP'}. A root key is an ` +
        'unrestricted, long-lived credential: AWS recommends that root has none.',
      resources: [root],
      evidence: { ...callerEvidence(record), account, newAccessKeyId: stringAt(key, 'accessKeyId') ?? null },
    };
  },
};
