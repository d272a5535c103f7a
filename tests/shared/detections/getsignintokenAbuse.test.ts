import { DETECTIONS, DetectionEngine } from '../../../shared/detections';
import { cloudTrailEvent } from '../../helpers/cloudTrailEvent';

const only = (id: string, event: ReturnType<typeof cloudTrailEvent>, engine = new DetectionEngine(DETECTIONS)) =>
  engine.evaluate(event).filter((o) => o.detection === id);
const role = { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/dev/alice', accountId: '111122223333' };

describe('getsignintoken-abuse', () => {
  const token = (userAgent: string, extra = {}) =>
    cloudTrailEvent({ eventSource: 'signin.amazonaws.com', eventName: 'GetSigninToken', userIdentity: role, userAgent, ...extra });

  test('GetSigninToken from a script raises a medium finding on the caller', () => {
    const [hit] = only('getsignintoken-abuse', token('python-requests/2.31.0'));
    expect(hit).toMatchObject({ severity: 'medium', subject: role.arn, dedupKey: `111122223333:${role.arn}` });
    expect(hit.evidence).toMatchObject({ userAgent: 'python-requests/2.31.0' });
  });

  test('the console federation user agent raises nothing; allowedUserAgents adds others', () => {
    expect(only('getsignintoken-abuse', token('Jersey/${project.version}'))).toEqual([]);
    const engine = new DetectionEngine(DETECTIONS, { 'getsignintoken-abuse': { parameters: { allowedUserAgents: ['granted/'] } } });
    expect(only('getsignintoken-abuse', token('granted/0.20.0'), engine)).toEqual([]);
  });
});
