import { z } from 'zod';
import { actorOf } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { outcomeOf } from './identityHelpers';
import { fieldOf } from './personHelpers';
import { accountOf, callEvidence, ec2Items, stringParam } from './requestValues';

const parameters = z.strictObject({
  allowedInstanceTypes: z
    .array(z.string())
    .default([])
    .describe('Instance types launched on purpose (e.g. "g5.xlarge"); a trailing * matches a family ("p4d.*"). Never alerted on type'),
  maxInstances: z
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('Instances in one RunInstances call at or above which it fires, whatever the type'),
});
type Params = z.infer<typeof parameters>;

/** GPU, accelerator and memory-optimised families: what a miner or a model thief rents. */
const UNUSUAL_FAMILY = /^(p|g|inf|trn|dl|x)/;

/** Why a type is unusual, or undefined. Sizes: "metal" (and c7i.metal-24xl), or N xlarge with N ≥ 24. */
function unusualBecause(type: string): string | undefined {
  const [family = '', size = ''] = type.toLowerCase().split('.');
  if (UNUSUAL_FAMILY.test(family)) return 'GPU/accelerator or memory-optimised family';
  if (size.startsWith('metal')) return 'bare metal';
  const xl = /^(\d+)xlarge$/.exec(size);
  if (xl && Number(xl[1]) >= 24) return 'very large size';
  return undefined;
}

function allowed(type: string, list: readonly string[]): boolean {
  const lower = type.toLowerCase();
  return list.some((entry) => {
    const e = entry.toLowerCase();
    return e.endsWith('*') ? lower.startsWith(e.slice(0, -1)) : lower === e;
  });
}

function countOf(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : 0;
}

/**
 * ec2-unusual-instance-launch: RunInstances attempts, failed or not (a denied launch of GPUs is still
 * someone trying), of unusual types outside the allow-list, or of maxInstances or more in one call.
 * The type is in requestParameters.instanceType or per item of instancesSet (the launch form varies),
 * and in the response's instances on success (a launch template may be the only place it was given).
 * The count is the largest of minCount / maxCount (top level or per item) and the instances returned.
 */
export const ec2UnusualInstanceLaunch: StatelessDetection<Params> = {
  kind: 'stateless',
  definition: {
    id: 'ec2-unusual-instance-launch',
    title: 'Unusual EC2 instances launched (GPU, very large, or many at once)',
    severity: 'high',
    mitre: ['T1496'],
    dedupWindowMinutes: 60,
  },
  parameters,
  trigger: {
    source: ['aws.ec2'],
    detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'] },
  },
  evaluate(event, params) {
    const record = event.detail;
    if (record.eventSource !== 'ec2.amazonaws.com' || record.eventName !== 'RunInstances') return undefined;
    const request = record.requestParameters ?? {};
    const requestItems = ec2Items(fieldOf(request, 'instancesSet'));
    const responseItems = ec2Items(fieldOf(record.responseElements, 'instancesSet'));
    const types = new Set(
      [request, ...requestItems, ...responseItems].map((o) => stringParam(fieldOf(o, 'instanceType'))).filter((t) => t !== undefined),
    );
    const unusual = [...types]
      .filter((t) => !allowed(t, params.allowedInstanceTypes))
      .map((t) => ({ type: t, why: unusualBecause(t) }))
      .filter((u): u is { type: string; why: string } => u.why !== undefined);
    const count = Math.max(
      responseItems.length,
      ...[request, ...requestItems].flatMap((o) => [countOf(fieldOf(o, 'minCount')), countOf(fieldOf(o, 'maxCount'))]),
    );
    const many = count >= params.maxInstances;
    if (unusual.length === 0 && !many) return undefined;
    const account = accountOf(event);
    const actor = actorOf(record);
    const reasons = [
      ...unusual.map((u) => `${u.type} (${u.why})`),
      ...(many ? [`${count} instances in one call (threshold ${params.maxInstances})`] : []),
    ];
    const instances = responseItems.map((i) => stringParam(fieldOf(i, 'instanceId'))).filter((i) => i !== undefined);
    return {
      subject: actor,
      dedupKey: `${account}:${record.awsRegion}:${actor}`,
      description:
        `${actor} launched EC2 instances in account ${account}, ${record.awsRegion}${outcomeOf(record)}: ${reasons.join('; ')}. ` +
        'GPU and very large instances are what cryptominers and stolen-key resellers run; each costs dollars an hour.',
      resources: instances.map((i) => `arn:aws:ec2:${record.awsRegion}:${account}:instance/${i}`),
      evidence: {
        ...callEvidence(record),
        account,
        instanceTypes: [...types].join(',') || null,
        unusualTypes: unusual.map((u) => u.type).join(',') || null,
        instanceCount: count,
        errorCode: record.errorCode || null,
      },
    } satisfies DetectionHit;
  },
};
