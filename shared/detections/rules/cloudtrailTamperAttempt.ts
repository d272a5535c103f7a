import { z } from 'zod';
import { succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, text } from './evasionHelpers';

const TAMPERING_CALLS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'];

/**
 * cloudtrail-tamper-attempt: StopLogging, DeleteTrail, UpdateTrail or PutEventSelectors that failed
 * (errorCode or errorMessage). The successful calls are cloudtrail-stopped-or-deleted's and
 * cloudtrail-selectors-weakened's; a failed one still says someone tried.
 */
export const cloudtrailTamperAttempt: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'cloudtrail-tamper-attempt',
    title: 'Failed attempt to stop or change CloudTrail',
    severity: 'medium',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.cloudtrail'],
    detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: TAMPERING_CALLS },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'cloudtrail.amazonaws.com' || !TAMPERING_CALLS.includes(record.eventName)) return undefined;
    if (succeeded(record)) return undefined;
    const params = record.requestParameters ?? {};
    const trail = text(params.name) ?? text(params.trailName) ?? 'unknown-trail';
    const account = accountOf(event);
    const actor = actorName(record);
    return {
      subject: trail,
      // Per actor: two principals probing the same trail are two stories.
      dedupKey: `${account}:${trail}:${actor}`,
      description:
        `${actor} tried ${record.eventName} on trail ${trail} in ${record.awsRegion} (account ${account}) and was refused ` +
        `(${record.errorCode ?? record.errorMessage}). Someone attempted to blind CloudTrail.`,
      resources: [trail].filter((r) => r.startsWith('arn:')),
      evidence: { ...callEvidence(record), trail },
    } satisfies DetectionHit;
  },
};
