import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'rds-export-or-public-restore';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const source = 'arn:aws:rds:eu-west-1:111122223333:snapshot:orders-nightly';
const rds = (eventName: string, requestParameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'rds.amazonaws.com', eventName, requestParameters, ...extra });

describe(ID, () => {
  test('StartExportTask raises a high finding on the exported snapshot', () => {
    const occurrence = fired(
      rds('StartExportTask', {
        exportTaskIdentifier: 'orders-export',
        sourceArn: source,
        s3BucketName: 'analytics-landing',
        iamRoleArn: 'arn:aws:iam::111122223333:role/rds-export',
        kmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/1234',
      }),
    );
    expect(occurrence).toMatchObject({ severity: 'high', subject: source, dedupKey: `111122223333:${source}:analytics-landing` });
    expect(occurrence?.evidence).toMatchObject({ s3Bucket: 'analytics-landing', exportTask: 'orders-export' });
  });

  test('a restore the response reports publicly accessible raises on the new instance', () => {
    const occurrence = fired(
      rds(
        'RestoreDBInstanceFromDBSnapshot',
        { dBInstanceIdentifier: 'orders-copy', dBSnapshotIdentifier: 'orders-nightly' },
        { responseElements: { dBInstanceArn: 'arn:aws:rds:eu-west-1:111122223333:db:orders-copy', publiclyAccessible: true } },
      ),
    );
    expect(occurrence).toMatchObject({
      subject: 'arn:aws:rds:eu-west-1:111122223333:db:orders-copy',
      dedupKey: '111122223333:orders-copy',
    });
    expect(occurrence?.evidence.restoredFrom).toBe('orders-nightly');
  });

  test('ModifyDBInstance asking for publiclyAccessible true raises', () => {
    expect(fired(rds('ModifyDBInstance', { dBInstanceIdentifier: 'orders', publiclyAccessible: true }))).toBeDefined();
  });

  test('a private restore, a modify of an already public instance that does not ask for it, and a failed export raise nothing', () => {
    const privateRestore = rds(
      'RestoreDBInstanceToPointInTime',
      { targetDBInstanceIdentifier: 'orders-pitr', publiclyAccessible: false },
      { responseElements: { publiclyAccessible: false } },
    );
    expect(fired(privateRestore)).toBeUndefined();
    const modify = rds(
      'ModifyDBInstance',
      { dBInstanceIdentifier: 'orders', allocatedStorage: 200 },
      { responseElements: { publiclyAccessible: true } },
    );
    expect(fired(modify)).toBeUndefined();
    expect(fired(rds('StartExportTask', { sourceArn: source, s3BucketName: 'x' }, { errorCode: 'AccessDenied' }))).toBeUndefined();
  });
});
