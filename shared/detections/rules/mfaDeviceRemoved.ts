import { z } from 'zod';
import { succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, text } from './evasionHelpers';

/** mfa-device-removed: DeactivateMFADevice or DeleteVirtualMFADevice that succeeded. */
export const mfaDeviceRemoved: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'mfa-device-removed',
    title: 'MFA device deactivated or deleted',
    severity: 'high',
    mitre: ['T1556.006'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.iam'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: ['DeactivateMFADevice', 'DeleteVirtualMFADevice'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'iam.amazonaws.com') return undefined;
    if (record.eventName !== 'DeactivateMFADevice' && record.eventName !== 'DeleteVirtualMFADevice') return undefined;
    if (!succeeded(record)) return undefined;
    const params = record.requestParameters ?? {};
    const account = accountOf(event);
    const serial = text(params.serialNumber) ?? 'unknown-device';
    const user = text(params.userName);
    const userArn = user ? `arn:aws:iam::${account}:user/${user}` : undefined;
    const actor = actorName(record);
    const verb = record.eventName === 'DeactivateMFADevice' ? 'deactivated' : 'deleted';
    return {
      subject: userArn ?? serial,
      // Keyed by device: deactivating then deleting one device is one incident.
      dedupKey: `${account}:${serial}`,
      description:
        `${actor} ${verb} MFA device ${serial}${user ? ` of user ${user}` : ''} in account ${account} (${record.eventName}, ` +
        `${record.awsRegion}). Without MFA the user's password or keys alone are enough to sign in.`,
      resources: [userArn, serial].filter((r): r is string => r?.startsWith('arn:') === true),
      evidence: { ...callEvidence(record), userName: user ?? null, serialNumber: serial },
    } satisfies DetectionHit;
  },
};
