import { z } from 'zod';
import { actorOf, succeeded, type CloudTrailRecord } from '../cloudTrailRecord';
import type { DetectionHit, StatelessDetection } from '../detection';
import { accountOf, callEvidence, isTrue, stringParam } from './requestValues';

const RESTORES = ['RestoreDBInstanceFromDBSnapshot', 'RestoreDBInstanceToPointInTime', 'RestoreDBInstanceFromS3'];
const MODIFY = 'ModifyDBInstance';

/**
 * rds-export-or-public-restore: StartExportTask (success): a snapshot or cluster exported to S3; a
 * restore (success) whose request asks for, or whose response reports, publiclyAccessible true; a
 * ModifyDBInstance (success) that sets publiclyAccessible true.
 */
export const rdsExportOrPublicRestore: StatelessDetection<Record<string, never>> = {
  kind: 'stateless',
  definition: {
    id: 'rds-export-or-public-restore',
    title: 'RDS data exported to S3 or restored as a public database',
    severity: 'high',
    mitre: ['T1537'],
    dedupWindowMinutes: 60,
  },
  parameters: z.strictObject({}),
  trigger: {
    source: ['aws.rds'],
    detail: { eventSource: ['rds.amazonaws.com'], eventName: ['StartExportTask', ...RESTORES, MODIFY] },
  },
  evaluate(event) {
    const record = event.detail;
    if (record.eventSource !== 'rds.amazonaws.com' || !succeeded(record)) return undefined;
    const account = accountOf(event);
    if (record.eventName === 'StartExportTask') return exportHit(record, account);
    const params = record.requestParameters ?? {};
    const response = record.responseElements ?? {};
    const isRestore = RESTORES.includes(record.eventName);
    if (!isRestore && record.eventName !== MODIFY) return undefined;
    // A modify's response describes the instance as it was: only the request says the call made it public.
    const madePublic = isTrue(params.publiclyAccessible) || (isRestore && isTrue(response.publiclyAccessible));
    if (!madePublic) return undefined;
    const instance = stringParam(params.dBInstanceIdentifier) ?? 'unknown-instance';
    const arn = stringParam(response.dBInstanceArn) ?? `arn:aws:rds:${record.awsRegion}:${account}:db:${instance}`;
    const source = stringParam(params.dBSnapshotIdentifier) ?? stringParam(params.sourceDBInstanceIdentifier) ?? null;
    return {
      subject: arn,
      dedupKey: `${account}:${instance}`,
      description:
        `${actorOf(record)} ` +
        `${isRestore ? `restored database ${instance}${source ? ` from ${source}` : ''}` : `modified database ${instance}`} ` +
        `as publicly accessible (account ${account}, ${record.awsRegion}). ` +
        'Its endpoint resolves to a public address; only its security groups stand between it and the internet.',
      resources: [arn],
      evidence: { ...callEvidence(record), account, dbInstance: instance, restoredFrom: source, publiclyAccessible: true },
    } satisfies DetectionHit;
  },
};

function exportHit(record: CloudTrailRecord, account: string): DetectionHit {
  const params = record.requestParameters ?? {};
  const source = stringParam(params.sourceArn) ?? 'unknown-source';
  const bucket = stringParam(params.s3BucketName) ?? 'unknown-bucket';
  const task = stringParam(params.exportTaskIdentifier) ?? stringParam(record.responseElements?.exportTaskIdentifier) ?? null;
  return {
    subject: source,
    dedupKey: `${account}:${source}:${bucket}`,
    description:
      `${actorOf(record)} started an export of ${source} to s3://${bucket} (account ${account}, ${record.awsRegion}). ` +
      'An export writes the database contents as files into S3, where they can be copied out.',
    resources: [source, stringParam(params.iamRoleArn) ?? ''].filter((r) => r.startsWith('arn:')),
    evidence: { ...callEvidence(record), account, sourceArn: source, s3Bucket: bucket, exportTask: task },
  };
}
