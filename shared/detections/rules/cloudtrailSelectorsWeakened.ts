import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, actorName, callEvidence, isFalse, outcomeOf, text } from './evasionHelpers';

/**
 * cloudtrail-selectors-weakened: PutEventSelectors (any attempt: the catalogue row does not say success)
 * with a basic selector `includeManagementEvents == false`, or advanced selectors that no longer record
 * management events or that exclude the Management or Data category.
 */
export const cloudtrailSelectorsWeakened: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'cloudtrail-selectors-weakened',
    title: 'CloudTrail event selectors weakened',
    severity: 'high',
    mitre: ['T1562.008'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.cloudtrail'],
    detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: ['PutEventSelectors'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'cloudtrail.amazonaws.com' || record.eventName !== 'PutEventSelectors') return undefined;
    const weakening = weakeningOf(record);
    if (!weakening) return undefined;
    const params = record.requestParameters ?? {};
    const trail = text(params.trailName) ?? text(params.name) ?? 'unknown-trail';
    const account = accountOf(event);
    const actor = actorName(record);
    return {
      subject: trail,
      dedupKey: `${account}:${trail}`,
      description:
        `${actor} set event selectors on trail ${trail} in ${record.awsRegion} (account ${account}) so that it ${weakening}; ` +
        `the call ${outcomeOf(record)}. Events the trail no longer records are invisible to every detection.`,
      resources: [trail].filter((r) => r.startsWith('arn:')),
      evidence: { ...callEvidence(record), trail, weakening },
    } satisfies DetectionHit;
  },
};

/** What the new selectors stop recording, or undefined when they keep management and data events. */
function weakeningOf(record: CloudTrailRecord): string | undefined {
  const params = record.requestParameters ?? {};
  const basic = Array.isArray(params.eventSelectors) ? (params.eventSelectors as unknown[]) : [];
  if (basic.some((s) => isObject(s) && isFalse(s.includeManagementEvents))) return 'no longer records management events';
  if (!Array.isArray(params.advancedEventSelectors)) return undefined;
  const fields = (params.advancedEventSelectors as unknown[]).map(categoryFieldOf);
  const excluded = new Set(fields.flatMap((f) => f?.excluded ?? []));
  if (excluded.has('management')) return 'excludes the Management event category';
  if (excluded.has('data')) return 'excludes the Data event category';
  // Advanced selectors replace the basic ones: without a selector naming Management, none are recorded.
  if (!fields.some((f) => f?.included.includes('management'))) return 'no longer records management events';
  return undefined;
}

/** The eventCategory field selector of one advanced selector: categories it includes and excludes (lower-cased). */
function categoryFieldOf(selector: unknown): { included: string[]; excluded: string[] } | undefined {
  if (!isObject(selector) || !Array.isArray(selector.fieldSelectors)) return undefined;
  const field = (selector.fieldSelectors as unknown[]).find((f) => isObject(f) && f.field === 'eventCategory');
  if (!isObject(field)) return undefined;
  const values = (key: string) => (Array.isArray(field[key]) ? (field[key] as unknown[]).map((v) => String(v).toLowerCase()) : []);
  return { included: [...values('equals'), ...values('startsWith')], excluded: [...values('notEquals'), ...values('notStartsWith')] };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
