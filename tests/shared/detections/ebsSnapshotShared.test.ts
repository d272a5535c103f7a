import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'ebs-snapshot-shared';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const modify = (permission: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'ec2.amazonaws.com',
    eventName: 'ModifySnapshotAttribute',
    requestParameters: { snapshotId: 'snap-0abc1234', attributeType: 'CREATE_VOLUME_PERMISSION', createVolumePermission: permission },
    responseElements: { _return: true },
    ...extra,
  });

describe(ID, () => {
  test('sharing with an account raises a high finding on the snapshot', () => {
    const occurrence = fired(modify({ add: { items: [{ userId: '999988887777' }] } }));
    expect(occurrence).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:ec2:eu-west-1::snapshot/snap-0abc1234',
      dedupKey: '111122223333:snap-0abc1234',
    });
    expect(occurrence?.evidence).toMatchObject({ public: false, sharedWithAccounts: '999988887777' });
  });

  test('group all makes it public: critical', () => {
    const occurrence = fired(modify({ add: { items: [{ group: 'all' }] } }));
    expect(occurrence).toMatchObject({ severity: 'critical' });
    expect(occurrence?.evidence.public).toBe(true);
  });

  test('removing a permission, an empty add and a failed call raise nothing', () => {
    expect(fired(modify({ remove: { items: [{ group: 'all' }] } }))).toBeUndefined();
    expect(fired(modify({ add: {} }))).toBeUndefined();
    expect(fired(modify({ add: { items: [{ group: 'all' }] } }, { errorCode: 'UnauthorizedOperation' }))).toBeUndefined();
  });
});
