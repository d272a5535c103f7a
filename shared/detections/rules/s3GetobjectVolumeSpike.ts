import { z } from 'zod';
import type { EvidenceValue } from '../../findings/types';
import { baselineValue, parseBaselineValue, referenceFor, volumeGroups, type Reference, type VolumeGroup } from '../baseline';
import type { BaselineDetection } from '../detection';
import { observe } from '../observation';
import { membersOf } from '../windows';
import { accountOfArn, arnResources, principalOf } from './callerKey';
import { stringAt } from './identityHelpers';
import { referenceParameters } from './baselineParameters';
import { ignoredValues } from './windowParameters';

const MB = 1_000_000;

const Parameters = z.strictObject({
  windowMinutes: z
    .number()
    .int()
    .min(1)
    .max(60)
    .default(10)
    .describe('Sliding window of event time over which bytes read are summed, in minutes'),
  floorBytes: z
    .number()
    .int()
    .min(1)
    .default(50 * MB)
    .describe('Static floor: bytes read by one principal within the window below which nothing fires, whatever the history'),
  factor: z
    .number()
    .min(1)
    .default(10)
    .describe("How many times the principal's own reference (its peak hourly bytes) a window must exceed to fire"),
  ...referenceParameters('read'),
  criticalBytes: z
    .number()
    .int()
    .min(1)
    .default(1000 * MB)
    .describe('Bytes within the window from which the finding is critical (also critical: a source IP the history has not seen)'),
  ignoredPrincipals: ignoredValues('Principal ARNs (roles for assumed-role sessions) whose reads are not counted'),
});

export type S3GetobjectVolumeSpikeParameters = z.output<typeof Parameters>;

const principalKey = (principal: string) => `principal:${principal}`;
const principalOfKey = (key: string) => key.slice('principal:'.length);

/** A firing window and what it was compared with. */
interface Spike {
  group: VolumeGroup;
  reference: Reference;
}

/**
 * s3-getobject-volume-spike: bytes read by successful GetObject data events per principal, summed
 * over a sliding 10-minute window, W(10 min) + BL. A window fires when it reaches the static floor
 * (50 MB) and exceeds `factor` times the principal's own reference: its peak hourly bytes at that time
 * of day over the last 14 days (baseline.ts referenceFor). So a job that reads gigabytes every night at
 * 02:00 is normal at 02:00, the same gigabytes at 15:00 are not, and a principal with no history is
 * still covered by the floor. Member value: bytes, source IP, bucket. Critical at GB scale or when a
 * source IP appears that the history has not seen.
 */
export const s3GetobjectVolumeSpike: BaselineDetection<S3GetobjectVolumeSpikeParameters, VolumeGroup> = {
  kind: 'baseline',
  definition: {
    id: 's3-getobject-volume-spike',
    title: "S3 reads far above the principal's own volume",
    severity: 'high',
    mitre: ['T1530'],
    // One finding per principal and day: a burst of thousands of GetObject calls grows one finding.
    dedupWindowMinutes: 24 * 60,
  },
  // Busy principals call every minute: 5-minute buckets mean fewer state writes per batch.
  bucketMinutes: 5,
  parameters: Parameters,
  trigger: {
    source: ['aws.s3'],
    detail: {
      eventSource: ['s3.amazonaws.com'],
      eventName: ['GetObject'],
      errorCode: [{ exists: false }],
      errorMessage: [{ exists: false }],
    },
  },
  observe(event, params) {
    const principal = principalOf(event.detail);
    if (params.ignoredPrincipals.includes(principal)) return [];
    const bytes = Number(event.detail.additionalEventData?.bytesTransferredOut ?? 0);
    const bucket = stringAt(event.detail.requestParameters, 'bucketName') ?? '';
    const value = baselineValue(Number.isFinite(bytes) ? bytes : 0, event.detail.sourceIPAddress ?? '', bucket);
    return [observe(event, principalKey(principal), value)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  lookbackDays: (params) => params.lookbackDays,
  candidates: (state, params) => volumeGroups(state.members, { windowMinutes: params.windowMinutes, floor: params.floorBytes }),
  decide(state, params) {
    const spikes: Spike[] = [];
    for (const group of state.candidates) {
      // At the window's last member, which is fixed for the window: its first member may still move
      // earlier as late events arrive, and the reference must not change with arrival order.
      const reference = referenceFor(state.history, group.reachedAt, params);
      if (group.total > params.factor * reference.value) spikes.push({ group, reference });
    }
    if (spikes.length === 0) return [];
    const members = membersOf(spikes.map((s) => s.group));
    const principal = principalOfKey(state.key);
    const largest = spikes.reduce((a, b) => (b.group.total > a.group.total ? b : a));
    const values = members.map((m) => parseBaselineValue(m.value));
    const sourceIps = [...new Set(values.map((v) => v.attribute).filter(Boolean))].sort();
    const buckets = [...new Set(values.map((v) => v.detail).filter(Boolean))].sort();
    const known = largest.reference.knownAttributes;
    const newIps = largest.reference.historyDays > 0 ? sourceIps.filter((ip) => !known.has(ip)) : [];
    const critical = largest.group.total >= params.criticalBytes || newIps.length > 0;
    const evidence: Record<string, EvidenceValue> = {
      principal,
      windowBytes: largest.group.total,
      windowMinutes: params.windowMinutes,
      referenceBytes: largest.reference.value,
      referenceBasis: largest.reference.basis,
      historyDays: largest.reference.historyDays,
      floorBytes: params.floorBytes,
      factor: params.factor,
      buckets: buckets.join(', '),
      sourceIPAddresses: sourceIps.join(', '),
      newSourceIPAddresses: newIps.join(', ') || null,
    };
    return [
      {
        subject: principal,
        source: 'aws.s3',
        account: accountOfArn(principal),
        dedupKey: state.key,
        // Set when the finding opens, so it names nothing that grows with the burst (evidence does).
        description:
          `${principal} read more than ${formatBytes(params.floorBytes)} from S3 within ${params.windowMinutes} minutes, over ` +
          `${params.factor} times its own reference (its peak hourly reads at that time of day; the floor alone when it has no ` +
          'history): data may be leaving through S3 GetObject. evidence.windowBytes says how much.',
        severity: critical ? 'critical' : undefined,
        resources: [...arnResources(principal), ...buckets.map((b) => `arn:aws:s3:::${b}`)],
        evidence,
        members,
        groups: spikes.map((s) => s.group),
      },
    ];
  },
};

function formatBytes(bytes: number): string {
  if (bytes >= 1000 * MB) return `${(bytes / (1000 * MB)).toFixed(2)} GB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}
