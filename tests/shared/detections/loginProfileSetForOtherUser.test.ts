import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const id = 'login-profile-set-for-other-user';
const hits = (event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const profile = (eventName: string, userName: string, extra: Record<string, unknown> = {}) =>
  cloudTrailEvent({
    eventSource: 'iam.amazonaws.com',
    eventName,
    requestParameters: { userName, password: 'HIDDEN_DUE_TO_SECURITY_REASONS', passwordResetRequired: false },
    ...extra,
  });

describe(id, () => {
  test.each(['CreateLoginProfile', 'UpdateLoginProfile'])('%s for another user raises a high finding on that user', (eventName) => {
    const [hit] = hits(profile(eventName, 'svc-report-export'));
    expect(hit).toMatchObject({
      severity: 'high',
      subject: 'arn:aws:iam::111122223333:user/svc-report-export',
      dedupKey: '111122223333:arn:aws:iam::111122223333:user/alice:svc-report-export',
    });
    expect(hit.evidence).toMatchObject({ targetUser: 'svc-report-export', passwordResetRequired: false });
    expect(JSON.stringify(hit.evidence)).not.toContain('HIDDEN');
  });

  test('setting one\u2019s own password, or a failed call, raises nothing', () => {
    expect(hits(profile('UpdateLoginProfile', 'alice'))).toEqual([]);
    expect(hits(profile('CreateLoginProfile', 'bob', { errorCode: 'AccessDenied' }))).toEqual([]);
  });

  test('allowedCallers skips a listed caller', () => {
    const engine = new DetectionEngine(DETECTIONS, { [id]: { parameters: { allowedCallers: ['arn:aws:iam::111122223333:user/alice'] } } });
    expect(hits(profile('CreateLoginProfile', 'bob'), engine)).toEqual([]);
  });
});
