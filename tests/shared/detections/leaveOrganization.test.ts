import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const engine = new DetectionEngine(DETECTIONS);
type Event = ReturnType<typeof cloudTrailEvent>;
const ours = (event: Event) => engine.evaluate(event).filter((o) => o.detection === 'leave-organization');
const call = (eventName: string, requestParameters: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({ eventSource: 'organizations.amazonaws.com', eventName, requestParameters, ...extra });

describe('leave-organization', () => {
  test('a successful LeaveOrganization is critical, on the leaving account', () => {
    const [occurrence] = ours(call('LeaveOrganization'));
    expect(occurrence).toMatchObject({
      severity: 'critical',
      subject: '111122223333',
      dedupKey: '111122223333:111122223333:left',
      mitre: ['T1562'],
    });
    expect(occurrence!.evidence).toMatchObject({ account: '111122223333', succeeded: true });
  });

  test('a failed attempt is medium, and a separate finding from a success', () => {
    const [failed] = ours(call('LeaveOrganization', {}, { errorCode: 'AccessDenied', errorMessage: 'not authorized' }));
    expect(failed).toMatchObject({ severity: 'medium', dedupKey: '111122223333:111122223333:attempt' });
    expect(failed!.description).toContain('failed with AccessDenied');
  });

  test('RemoveAccountFromOrganization names the removed account', () => {
    const [occurrence] = ours(call('RemoveAccountFromOrganization', { accountId: '444455556666' }));
    expect(occurrence).toMatchObject({ severity: 'critical', subject: '444455556666' });
    expect(ours(call('RemoveAccountFromOrganization', { accountId: '444455556666' }, { errorCode: 'AccessDenied' }))[0]!.severity).toBe(
      'medium',
    );
  });

  test('a stage severity override replaces the default (a success); an attempt stays at most medium', () => {
    const tuned = new DetectionEngine(DETECTIONS, { 'leave-organization': { severity: 'high' } });
    expect(tuned.evaluate(call('LeaveOrganization'))[0]!.severity).toBe('high');
    expect(tuned.evaluate(call('LeaveOrganization', {}, { errorCode: 'AccessDenied' }))[0]!.severity).toBe('medium');
    const quiet = new DetectionEngine(DETECTIONS, { 'leave-organization': { severity: 'low' } });
    expect(quiet.evaluate(call('LeaveOrganization', {}, { errorCode: 'AccessDenied' }))[0]!.severity).toBe('low');
  });

  test('other Organizations calls raise nothing', () => {
    expect(ours(call('DescribeOrganization'))).toEqual([]);
    expect(ours(call('InviteAccountToOrganization', { target: { id: '444455556666', type: 'ACCOUNT' } }))).toEqual([]);
  });
});
