import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const ID = 'kms-key-destruction';
const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const fired = (event: ReturnType<typeof cloudTrailEvent>) => engine.evaluate(event).find((o) => o.detection === ID);
const kms = (eventName: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'kms.amazonaws.com',
    eventName,
    requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
    resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: key }],
    ...extra,
  });

describe(ID, () => {
  test.each(['DisableKey', 'ScheduleKeyDeletion', 'DeleteImportedKeyMaterial'])('%s raises a high finding on the key', (eventName) => {
    expect(fired(kms(eventName))).toMatchObject({ severity: 'high', subject: key, dedupKey: `111122223333:${key}`, resources: [key] });
  });

  test('a scheduled deletion without resources takes the key ARN from the response and records the date', () => {
    const occurrence = fired(
      kms('ScheduleKeyDeletion', {
        resources: undefined,
        requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', pendingWindowInDays: 7 },
        responseElements: { keyId: key, deletionDate: 'Nov 27, 2026, 10:00:00 AM', keyState: 'PendingDeletion' },
      }),
    );
    expect(occurrence?.subject).toBe(key);
    expect(occurrence?.evidence).toMatchObject({ pendingWindowInDays: 7, deletionDate: 'Nov 27, 2026, 10:00:00 AM' });
  });

  test('a failed DisableKey, EnableKey and CancelKeyDeletion raise nothing', () => {
    expect(fired(kms('DisableKey', { errorCode: 'NotFoundException' }))).toBeUndefined();
    expect(fired(kms('EnableKey'))).toBeUndefined();
    expect(fired(kms('CancelKeyDeletion'))).toBeUndefined();
  });
});
