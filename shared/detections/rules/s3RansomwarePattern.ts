import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { StatefulHit, WindowDetection } from '../detection';
import { observe, type StateMember } from '../observation';
import { membersOf, thresholdGroups } from '../windows';
import { arnResources } from './callerKey';
import { callerIsListed, enumOf, fieldOf } from './personHelpers';
import { stringParam, stringsOf } from './requestValues';
import { ignoredValues, threshold, windowMinutes } from './windowParameters';

/** The S3 request header that asks for encryption with a key the caller supplies (SSE-C): S3 keeps no copy of it. */
const SSE_C_HEADER = 'x-amz-server-side-encryption-customer-algorithm';

const Parameters = z.strictObject({
  windowMinutes: windowMinutes(60),
  threshold: threshold(
    50,
    'DeleteObject calls, or CopyObject calls with SSE-C, by one caller on one bucket within the window that fire (count >= threshold)',
  ),
  ignoredPrincipals: ignoredValues(
    'Caller ARNs (a role ARN covers its sessions) whose calls are not counted, e.g. a retention job that empties buckets by design',
  ),
});

export type S3RansomwarePatternParameters = z.output<typeof Parameters>;

/**
 * The four parts, as member values. The counted ones (delete, sse-c) fire at the threshold; the single ones
 * (batch, suspend) on one call.
 */
const PART = { delete: 'delete', ssec: 'sse-c', batch: 'batch', suspend: 'suspend' } as const;
type Part = (typeof PART)[keyof typeof PART];

const WHAT: Record<Part, string> = {
  delete: 'deleted objects one by one in bulk (DeleteObject)',
  'sse-c': 'rewrote objects in bulk with CopyObject under an encryption key it supplied (SSE-C), which S3 does not keep',
  batch: 'deleted objects in a batch (DeleteObjects)',
  suspend: "suspended the bucket's versioning (PutBucketVersioning Suspended), so overwritten and deleted objects stop being kept",
};

/**
 * The part an event is, or undefined. Cheap on purpose: DeleteObject and CopyObject are data events, the
 * bulk of a bucket's traffic, so this reads two fields and never parses anything.
 */
function partOf(eventName: string, request: Record<string, unknown> | null | undefined): Part | undefined {
  switch (eventName) {
    case 'DeleteObject':
      return PART.delete;
    case 'DeleteObjects':
      return PART.batch;
    case 'CopyObject':
      return stringsOf(fieldOf(request, SSE_C_HEADER)).some((v) => v.length > 0) ? PART.ssec : undefined;
    case 'PutBucketVersioning':
      return enumOf(fieldOf(request, 'VersioningConfiguration'), 'Status') === 'SUSPENDED' ? PART.suspend : undefined;
    default:
      return undefined;
  }
}

/** Key: `bucket:<bucket> caller:<ARN>` (neither has a space). */
const keyOf = (bucket: string, caller: string) => `bucket:${bucket} caller:${caller}`;
function parseKey(key: string): { bucket: string; caller: string } {
  const space = key.indexOf(' ');
  return { bucket: key.slice('bucket:'.length, space), caller: key.slice(space + 1 + 'caller:'.length) };
}

/**
 * s3-ransomware-pattern: per caller and bucket, W(60 min, 50): 50 or more DeleteObject, or 50 or more
 * CopyObject with SSE-C (x-amz-server-side-encryption-customer-algorithm in requestParameters: the objects
 * are re-encrypted under a key only the caller holds); and, on a single call, DeleteObjects (a batch
 * delete) or PutBucketVersioning with Status Suspended (older versions stop being kept, so the deletes and
 * overwrites that follow cannot be undone). Attempts count (the row does not say success): a denied wave
 * of deletes is still someone trying. Member value `<part> <account> <ok|failed>`.
 */
export const s3RansomwarePattern: WindowDetection<S3RansomwarePatternParameters> = {
  kind: 'window',
  definition: {
    id: 's3-ransomware-pattern',
    title: 'S3 objects deleted or re-encrypted in bulk, or versioning suspended',
    severity: 'critical',
    mitre: ['T1485'],
    dedupWindowMinutes: 60,
  },
  parameters: Parameters,
  trigger: {
    source: ['aws.s3'],
    detail: { eventSource: ['s3.amazonaws.com'], eventName: ['DeleteObject', 'DeleteObjects', 'CopyObject', 'PutBucketVersioning'] },
  },
  observe(event, params) {
    const record = event.detail;
    const part = partOf(record.eventName, record.requestParameters);
    if (!part) return [];
    const bucket = stringParam(record.requestParameters?.bucketName);
    if (!bucket || callerIsListed(record, params.ignoredPrincipals)) return [];
    const account = record.recipientAccountId ?? event.account;
    return [observe(event, keyOf(bucket, actorOf(record)), `${part} ${account} ${succeeded(record) ? 'ok' : 'failed'}`)];
  },
  horizonMinutes: (params) => params.windowMinutes,
  decide(state, params) {
    const { bucket, caller } = parseKey(state.key);
    const byPart = new Map<Part, StateMember[]>();
    for (const member of state.members) {
      const part = member.value.split(' ')[0] as Part;
      let list = byPart.get(part);
      if (!list) byPart.set(part, (list = []));
      list.push(member);
    }
    const hit = (part: Part, members: readonly StateMember[], counted: boolean): StatefulHit => {
      const parts = members.map((m) => m.value.split(' '));
      const accounts = [...new Set(parts.map((p) => p[1] ?? ''))].filter(Boolean).sort();
      const failed = parts.filter((p) => p[2] === 'failed').length;
      const howMany = counted ? `${params.threshold} or more times within ${params.windowMinutes} minutes` : 'in one call';
      return {
        subject: `${bucket} ${caller}`,
        source: 'aws.s3',
        account: accounts[0] ?? '',
        dedupKey: `${state.key} ${part}`,
        description:
          `${caller} ${WHAT[part]} on the S3 bucket ${bucket}, ${howMany}: the pattern of ransomware and of data destruction. ` +
          'Stop the caller first, then check what is left and what versions can restore.',
        resources: [`arn:aws:s3:::${bucket}`, ...arnResources(caller)],
        evidence: {
          bucket,
          caller,
          pattern: part,
          calls: members.length,
          failedCalls: failed,
          ...(counted ? { threshold: params.threshold, windowMinutes: params.windowMinutes } : {}),
        },
        members,
      };
    };
    const hits: StatefulHit[] = [];
    for (const part of [PART.delete, PART.ssec] as const) {
      const groups = thresholdGroups(byPart.get(part) ?? [], params);
      if (groups.length > 0) hits.push({ ...hit(part, membersOf(groups), true), groups });
    }
    // The single-call parts: every call its own hit, all in one finding per caller, bucket and part per dedup window.
    for (const part of [PART.batch, PART.suspend] as const) {
      for (const member of byPart.get(part) ?? []) hits.push(hit(part, [member], false));
    }
    return hits;
  },
};
