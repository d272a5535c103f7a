import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
const detectorId = '12abc34d567e8fa901bc2d34e56789f0';
const call = (eventName: string, params: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'guardduty.amazonaws.com', eventName, requestParameters: { detectorId, ...params }, ...extra });
const ours = (event: ReturnType<typeof call>) => engine.evaluate(event).filter((o) => o.detection === 'guardduty-disabled-or-blinded');

describe('guardduty-disabled-or-blinded', () => {
  test('DeleteDetector raises a critical finding on the detector', () => {
    const [occurrence] = ours(call('DeleteDetector'));
    expect(occurrence).toMatchObject({
      severity: 'critical',
      subject: detectorId,
      dedupKey: `111122223333:eu-west-1:${detectorId}`,
      resources: [`arn:aws:guardduty:eu-west-1:111122223333:detector/${detectorId}`],
      mitre: ['T1562.001'],
    });
    expect(occurrence!.evidence).toMatchObject({ change: 'deleted the detector', actor: 'arn:aws:iam::111122223333:user/alice' });
  });

  test.each([
    ['UpdateDetector', { enable: false }],
    ['UpdateDetector', { enable: 'false' }],
    ['CreateIPSet', { name: 'trusted', format: 'TXT', location: 'https://s3.amazonaws.com/b/ips.txt', activate: true }],
    ['UpdateIPSet', { ipSetId: 'abc' }],
    ['CreateThreatIntelSet', { name: 'intel', format: 'TXT', location: 'https://s3.amazonaws.com/b/t.txt' }],
    ['UpdateThreatIntelSet', { threatIntelSetId: 'def' }],
    ['CreateFilter', { name: 'hide', action: 'ARCHIVE', findingCriteria: {} }],
    ['UpdateFilter', { filterName: 'hide', action: 'Archive' }],
    ['DisassociateFromAdministratorAccount', {}],
    ['DisassociateFromMasterAccount', {}],
    ['StopMonitoringMembers', { accountIds: ['444455556666'] }],
    ['DeleteMembers', { accountIds: ['444455556666'] }],
  ])('%s %j raises', (eventName, params) => {
    expect(ours(call(eventName, params))).toHaveLength(1);
  });

  test('a denied attempt raises too (the row counts attempts), saying it failed', () => {
    const [occurrence] = ours(call('DeleteDetector', {}, { errorCode: 'AccessDeniedException' }));
    expect(occurrence!.evidence).toMatchObject({ succeeded: false, errorCode: 'AccessDeniedException' });
    expect(occurrence!.description).toContain('failed with AccessDeniedException');
  });

  test.each([
    ['UpdateDetector enabling', 'UpdateDetector', { enable: true }],
    ['UpdateDetector changing the frequency only', 'UpdateDetector', { findingPublishingFrequency: 'SIX_HOURS' }],
    ['a NOOP filter', 'CreateFilter', { name: 'tag', action: 'NOOP' }],
    ['creating a detector', 'CreateDetector', { enable: true }],
  ])('%s raises nothing', (_label, eventName, params) => {
    expect(ours(call(eventName, params))).toEqual([]);
  });
});
