import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'rds-snapshot-shared-or-public';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const share = (valuesToAdd: string[], extra: Record<string, unknown> = {}, eventName = 'ModifyDBSnapshotAttribute') =>
  cloudTrailEvent({
    eventSource: 'rds.amazonaws.com',
    eventName,
    requestParameters: {
      [eventName === 'ModifyDBSnapshotAttribute' ? 'dBSnapshotIdentifier' : 'dBClusterSnapshotIdentifier']: 'orders-nightly',
      attributeName: 'restore',
      valuesToAdd,
    },
    ...extra,
  });

describe(ID, () => {
  test('sharing a DB snapshot with an account raises a high finding', () => {
    const occurrence = fired(share(['999988887777']));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:rds:eu-west-1:111122223333:snapshot:orders-nightly',
      dedupKey: '111122223333:orders-nightly',
    });
    expect(occurrence?.evidence).toMatchObject({ public: false, sharedWithAccounts: '999988887777' });
  });

  test('"all" makes it public: critical; cluster snapshots are covered', () => {
    expect(fired(share(['all']))?.severity).toBe('critical');
    const cluster = fired(share(['999988887777'], {}, 'ModifyDBClusterSnapshotAttribute'));
    expect(cluster?.subject).toBe('arn:aws:rds:eu-west-1:111122223333:cluster-snapshot:orders-nightly');
  });

  test('no values to add, only removals, or a failed call raise nothing', () => {
    expect(fired(share([]))).toBeUndefined();
    expect(
      fired(
        cloudTrailEvent({
          eventSource: 'rds.amazonaws.com',
          eventName: 'ModifyDBSnapshotAttribute',
          requestParameters: { dBSnapshotIdentifier: 'orders-nightly', attributeName: 'restore', valuesToRemove: ['all'] },
        }),
      ),
    ).toBeUndefined();
    expect(fired(share(['all'], { errorCode: 'DBSnapshotNotFound' }))).toBeUndefined();
  });
});
