import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, stringParam } from './requestValues';

const ACTIONS: Record<string, string> = {
  DisableKey: 'disabled KMS key',
  ScheduleKeyDeletion: 'scheduled the deletion of KMS key',
  DeleteImportedKeyMaterial: 'deleted the imported key material of KMS key',
};

/** kms-key-destruction: DisableKey, ScheduleKeyDeletion or DeleteImportedKeyMaterial (success). */
export const kmsKeyDestruction: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'kms-key-destruction',
    title: 'KMS key disabled or scheduled for deletion',
    severity: 'high',
    mitre: ['T1485'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.kms'],
    detail: { eventSource: ['kms.amazonaws.com'], eventName: Object.keys(ACTIONS) },
  },
  evaluate(event) {
    const record = event.detail;
    const action = Object.hasOwn(ACTIONS, record.eventName) ? ACTIONS[record.eventName] : undefined;
    if (record.eventSource !== 'kms.amazonaws.com' || !action || !succeeded(record)) return undefined;
    const params = record.requestParameters ?? {};
    const account = accountOf(event);
    // The key's ARN: from resources, else the response (ScheduleKeyDeletion returns it), else built from keyId.
    const keyId = stringParam(params.keyId) ?? 'unknown-key';
    const fromResources = (record.resources ?? []).map((r) => r.ARN).find((a) => typeof a === 'string' && a.startsWith('arn:'));
    const fromResponse = stringParam(record.responseElements?.keyId);
    const arn =
      fromResources ??
      (fromResponse?.startsWith('arn:') ? fromResponse : undefined) ??
      (keyId.startsWith('arn:') ? keyId : `arn:aws:kms:${record.awsRegion}:${account}:key/${keyId}`);
    const pendingDays = typeof params.pendingWindowInDays === 'number' ? params.pendingWindowInDays : null;
    const deletionDate = stringParam(record.responseElements?.deletionDate) ?? null;
    return {
      subject: arn,
      dedupKey: `${account}:${arn}`,
      description:
        `${actorOf(record)} ${action} ${arn} (account ${account}, ${record.awsRegion})` +
        `${deletionDate ? `, to be deleted on ${deletionDate}` : ''}. ` +
        'Data encrypted under the key cannot be decrypted while it is disabled, and never again once it is deleted.',
      resources: [arn],
      evidence: { ...callEvidence(record), account, keyArn: arn, pendingWindowInDays: pendingDays, deletionDate },
    } satisfies DetectionHit;
  },
};
