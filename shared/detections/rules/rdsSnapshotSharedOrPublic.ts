import { z } from 'zod';
import { actorOf, succeeded } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, stringParam, stringsOf } from './requestValues';

/**
 * rds-snapshot-shared-or-public: ModifyDBSnapshotAttribute or ModifyDBClusterSnapshotAttribute (success)
 * on attribute "restore" with a non-empty valuesToAdd: shared with accounts (high) or "all" (critical).
 */
export const rdsSnapshotSharedOrPublic: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'rds-snapshot-shared-or-public',
    title: 'RDS snapshot shared with another account or made public',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.rds'],
    detail: { eventSource: ['rds.amazonaws.com'], eventName: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'rds.amazonaws.com' || !succeeded(record)) return undefined;
    const cluster = record.eventName === 'ModifyDBClusterSnapshotAttribute';
    if (!cluster && record.eventName !== 'ModifyDBSnapshotAttribute') return undefined;
    const params = record.requestParameters ?? {};
    if (typeof params.attributeName !== 'string' || params.attributeName.toLowerCase() !== 'restore') return undefined;
    const added = stringsOf(params.valuesToAdd).filter((v) => v.trim() !== '');
    if (added.length === 0) return undefined;
    const isPublic = added.some((v) => v.toLowerCase() === 'all');
    const accounts = added.filter((v) => v.toLowerCase() !== 'all');
    const account = accountOf(event);
    const snapshot = stringParam(cluster ? params.dBClusterSnapshotIdentifier : params.dBSnapshotIdentifier) ?? 'unknown-snapshot';
    // The identifier may already be an ARN (snapshots shared from elsewhere are named by ARN).
    const arn = snapshot.startsWith('arn:')
      ? snapshot
      : `arn:aws:rds:${record.awsRegion}:${account}:${cluster ? 'cluster-snapshot' : 'snapshot'}:${snapshot}`;
    const withWhom = [isPublic ? 'everyone ("all": public)' : '', accounts.length > 0 ? `account(s) ${accounts.join(', ')}` : '']
      .filter(Boolean)
      .join(' and ');
    return {
      subject: arn,
      dedupKey: `${account}:${snapshot}`,
      description:
        `${actorOf(record)} shared RDS ${cluster ? 'cluster ' : ''}snapshot ${snapshot} (account ${account}, ${record.awsRegion}) ` +
        `with ${withWhom}. Whoever it is shared with can restore the database from it.`,
      severity: isPublic ? 'critical' : undefined,
      resources: [arn],
      evidence: { ...callEvidence(record), account, snapshot, public: isPublic, sharedWithAccounts: accounts.join(',') },
    } satisfies DetectionHit;
  },
};
